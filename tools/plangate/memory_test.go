package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/nexabrands/supplychain/policy/plan"
)

// TestMemoryTarget: the collector's target is a multiple of the plans' size with a floor, lower
// for the lean reading, never above the hard limit, and left to the user when GOMEMLIMIT is set
// or the plan's size is not known (standard input).
func TestMemoryTarget(t *testing.T) {
	dir := t.TempDir()
	sized := func(name string, n int64) string { // sparse: the size is what counts
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(p, n); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big, small := sized("big.json", 200<<20), sized("small.json", 1<<20)
	none := func(string) string { return "" }
	lean := plan.Options{NoStateValues: true}
	const limit = 4 << 30
	for _, c := range []struct {
		name  string
		paths []string
		opts  plan.Options
		env   string
		limit int64
		want  int64
	}{
		{"lean, large plan", []string{big}, lean, "", limit, 11 * 200 << 20 / 4},
		{"lean, small plan: the floor", []string{small}, lean, "", limit, leanFloor},
		{"full, large plan", []string{big}, plan.Options{}, "", limit, 10 * 200 << 20},
		{"full, small plan: the floor", []string{small}, plan.Options{}, "", limit, fullFloor},
		{"plan and base add up", []string{big, big}, lean, "", limit, 11 * 400 << 20 / 4},
		{"never above the hard limit", []string{big}, plan.Options{}, "", 1 << 30, 1 << 30},
		{"GOMEMLIMIT wins", []string{big}, lean, "800MiB", limit, 0},
		{"standard input: size unknown", []string{"-"}, lean, "", limit, 0},
		{"no base", []string{big, ""}, lean, "", limit, 11 * 200 << 20 / 4},
	} {
		getenv := none
		if c.env != "" {
			getenv = func(k string) string {
				if k == "GOMEMLIMIT" {
					return c.env
				}
				return ""
			}
		}
		if got := memoryTarget(c.paths, c.opts, c.limit, getenv); got != c.want {
			t.Errorf("%s: target %d, want %d", c.name, got, c.want)
		}
	}
}

// TestWithMemoryTarget: the target is set while the check runs and the limit before it restored;
// a target above the limit in force leaves it alone.
func TestWithMemoryTarget(t *testing.T) {
	prev := debug.SetMemoryLimit(-1)
	restore := withMemoryTarget(512 << 20)
	if got := debug.SetMemoryLimit(-1); got != 512<<20 {
		t.Errorf("target not set: %d", got)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != prev {
		t.Errorf("limit not restored: %d, was %d", got, prev)
	}
	debug.SetMemoryLimit(256 << 20)
	defer debug.SetMemoryLimit(prev)
	withMemoryTarget(1 << 30)()
	if got := debug.SetMemoryLimit(-1); got != 256<<20 {
		t.Errorf("a target above the limit in force changed it: %d", got)
	}
}
