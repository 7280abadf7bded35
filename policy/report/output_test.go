package report

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/policy"
)

func TestParseOutputs(t *testing.T) {
	outs, err := ParseOutputs([]string{"md=c.md", "json=r.json", "text"})
	if err != nil || len(outs) != 3 || outs[0].Format != "markdown" || outs[2].Path != "" {
		t.Fatalf("%+v %v", outs, err)
	}
	if outs, err := ParseOutputs(nil); err != nil || len(outs) != 1 || outs[0] != (Output{Format: "text"}) {
		t.Errorf("no --format: %+v %v", outs, err)
	}
	for _, specs := range [][]string{
		{"text", "json"},                  // two to standard output
		{"yaml"},                          // unknown
		{"json="},                         // empty path
		{"json=r.json", "sarif=./r.json"}, // one file twice
	} {
		_, err := ParseOutputs(specs)
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%v: %v, want a usage error", specs, err)
		}
	}
}

func writeTemp(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCheckPathsRefuses: an output over an input by any name, inside a policy directory, at a
// symbolic link, at a directory, or through a link leading out of the working directory.
func TestCheckPathsRefuses(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	outside := t.TempDir()
	plan := writeTemp(t, dir, "plan.json", "{}")
	cfg := writeTemp(t, dir, "plangate.yaml", "")
	pol := filepath.Join(dir, "policies")
	writeTemp(t, pol, "main.rego", "package main\n")
	if err := os.Link(plan, filepath.Join(dir, "hard.json")); err != nil {
		t.Fatal(err)
	}
	target := writeTemp(t, outside, "victim", "keep")
	if err := os.Symlink(target, filepath.Join(dir, "link.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "adir"), 0o755); err != nil {
		t.Fatal(err)
	}
	inputs := []string{"plan.json", "", cfg, "", pol}
	for _, path := range []string{"plan.json", "./sub/../plan.json", plan, "hard.json", "plangate.yaml",
		"policies/report.rego", "link.json", "adir", "out/report.json"} {
		err := CheckPaths([]Output{{Format: "json", Path: path}}, inputs)
		if err == nil || !strings.Contains(err.Error(), "refusing") {
			t.Errorf("%s: %v, want a refusal", path, err)
		}
	}
	for _, path := range []string{"report.json", "reports/new/r.json", filepath.Join(outside, "r.json")} {
		if err := CheckPaths([]Output{{Format: "json", Path: path}}, inputs); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Error("the link's target changed")
	}
}

func smallDoc() *Document {
	return FromCheck(&policy.Result{Plan: policy.PlanInfo{Path: "plan.json", FormatVersion: "1.2"}}, "test")
}

// TestWriteIsAllOrNothing: when one report cannot be written, none is left in place (no PASS
// comment beside a failed run), and no temporary file remains.
func TestWriteIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	blocker := writeTemp(t, dir, "file", "x")
	comment := filepath.Join(dir, "comment.md")
	err := Write([]Output{{Format: "markdown", Path: comment}, {Format: "json", Path: filepath.Join(blocker, "r.json")}},
		smallDoc(), Options{}, &strings.Builder{})
	if err == nil {
		t.Fatal("writing under a regular file should fail")
	}
	if _, err := os.Stat(comment); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the comment was left behind: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left in the directory: %v", entries)
	}
}

// TestWriteReplacesAtomically: a report replaces the old file by rename (a hard link to the old
// file keeps the old content), and a link planted after the check is refused at write time.
func TestWriteReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	report := writeTemp(t, dir, "r.json", "old")
	if err := os.Link(report, filepath.Join(dir, "old.json")); err != nil {
		t.Fatal(err)
	}
	var stdout strings.Builder
	if err := Write([]Output{{Format: "json", Path: report}, {Format: "text"}}, smallDoc(), Options{}, &stdout); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(report); !strings.Contains(string(b), `"schema_version": "1"`) {
		t.Errorf("report: %s", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "old.json")); string(b) != "old" {
		t.Errorf("the old file was written in place: %q", b)
	}
	if !strings.Contains(stdout.String(), "PASS") {
		t.Errorf("stdout: %s", stdout.String())
	}
	victim := writeTemp(t, t.TempDir(), "victim", "keep")
	link := filepath.Join(dir, "late.json")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	if err := Write([]Output{{Format: "json", Path: link}}, smallDoc(), Options{}, &stdout); err == nil {
		t.Error("a symbolic link at the report's path must be refused")
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("the link's target was written: %q", b)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link itself should stay: %v", err)
	}
}
