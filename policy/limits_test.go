package policy

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestTimeout: a rule that would run for hours is stopped at the time limit; the error names
// the rule and the limit, and is not a policy verdict.
func TestTimeout(t *testing.T) {
	up, err := userPolicy(t, `package main

deny contains "never" if {
	xs := numbers.range(1, 2000)
	some a in xs
	some b in xs
	some c in xs
	a + b + c < 0
}
`)
	if err != nil {
		t.Fatal(err)
	}
	p := readPlan(t, "supplychain_pipeline.json")
	start := time.Now()
	_, err = Check(context.Background(), p, CheckOptions{User: up, NoBuiltin: true, Timeout: 200 * time.Millisecond})
	if err == nil {
		t.Fatal("the rule finished")
	}
	if !IsLimit(err) || IsInvalid(err) {
		t.Errorf("%v: want a limit error", err)
	}
	for _, want := range []string{"main.deny", "time limit", "200ms"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not name %q", err, want)
		}
	}
	t.Logf("stopped after %v: %v", time.Since(start), err)

	// The issue's own case: numbers.range(1, 1e12) is stopped by whichever limit comes first.
	huge, err := userPolicy(t, "package main\n\ndeny contains \"never\" if count(numbers.range(1, 1e12)) < 0\n")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Check(context.Background(), p, CheckOptions{User: huge, NoBuiltin: true, Timeout: 300 * time.Millisecond, MemoryLimit: 128 << 20})
	if !IsLimit(err) || !strings.Contains(err.Error(), "main.deny") {
		t.Errorf("numbers.range(1, 1e12): got %v, want a limit error naming main.deny", err)
	}

	// From the configuration.
	cfg, err := ParseConfig("c.yaml", []byte("timeout: 200ms\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Check(context.Background(), p, CheckOptions{Config: cfg, User: up, NoBuiltin: true})
	if !IsLimit(err) || !strings.Contains(err.Error(), "main.deny") {
		t.Errorf("timeout 200ms in the configuration: got %v, want a limit error naming main.deny", err)
	}
	for _, bad := range []string{"timeout: soon\n", "timeout: -1s\n", "timeout: 0s\n", "memory_limit: lots\n", "memory_limit: 1KiB\n"} {
		if _, err := ParseConfig("c.yaml", []byte(bad)); err == nil || !strings.Contains(err.Error(), strings.Split(bad, ":")[0]) {
			t.Errorf("%q: got %v, want an error naming the key", bad, err)
		}
	}
	cfg, err = ParseConfig("c.yaml", []byte("timeout: 90s\nmemory_limit: 512MiB\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Timeout.Duration != 90*time.Second || cfg.MemoryLimit.Bytes != 512<<20 {
		t.Errorf("timeout %v, memory_limit %v", cfg.Timeout, cfg.MemoryLimit)
	}
}

// TestTimeoutBuiltin: the built-in rules stop at the time limit too, and the error names the
// rule that was running.
func TestTimeoutBuiltin(t *testing.T) {
	slow := fstest.MapFS{"r.rego": {Data: []byte(`# METADATA
# title: t
# description: d
# custom:
#   id: SC-TEST-001
#   severity: high
#   resource_types: [aws_s3_bucket]
#   remediation: r
package supplychain.rules.test.r

applicable contains "a" if true

fail contains {"address": "a", "msg": "m"} if {
	xs := numbers.range(1, 2000)
	some a in xs
	some b in xs
	some c in xs
	a + b + c < 0
}
`)}}
	set, err := compileBuiltin(slow)
	if err != nil {
		t.Fatal(err)
	}
	p := readPlan(t, "supplychain_pipeline.json")
	input, err := inputValue(p, DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := withLimits(context.Background(), 200*time.Millisecond, DefaultMemoryLimit)
	defer stop()
	_, err = evalBuiltin(ctx, set, DefaultConfig(), p, input)
	if !IsLimit(err) || !strings.Contains(err.Error(), "rule SC-TEST-001") {
		t.Errorf("got %v, want a limit error naming SC-TEST-001", err)
	}
}

// TestMemoryLimit: a comprehension that would take gigabytes is stopped at the memory limit
// (64 MiB here, so the test stays small) with a limit error naming the rule.
func TestMemoryLimit(t *testing.T) {
	up, err := userPolicy(t, `package main

deny contains "big" if {
	xs := [sprintf("%d: a string long enough to fill memory quickly", [i]) | some i in numbers.range(1, 100000000)]
	count(xs) > 0
}
`)
	if err != nil {
		t.Fatal(err)
	}
	p := readPlan(t, "supplychain_pipeline.json")
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = Check(context.Background(), p, CheckOptions{User: up, NoBuiltin: true, MemoryLimit: 64 << 20})
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("the comprehension finished")
	}
	if !IsLimit(err) || !strings.Contains(err.Error(), "main.deny") || !strings.Contains(err.Error(), "memory limit") {
		t.Errorf("got %v, want a memory limit error naming main.deny", err)
	}
	if after.HeapSys > 1<<30 {
		t.Errorf("heap grew to %d MiB", after.HeapSys>>20)
	}
	t.Logf("%v (heap %d MiB)", err, after.HeapSys>>20)
}

// TestYAMLAliasBomb: a "billion laughs" file (nine levels of ten aliases) in the configuration
// or the waivers is refused while it is read.
func TestYAMLAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("  required_tags: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "  level%d: &a%d [", i, i)
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	_, err := ParseConfig("c.yaml", []byte("params:\n"+b.String()))
	if err == nil || !strings.Contains(err.Error(), "c.yaml") || !strings.Contains(err.Error(), "alias") {
		t.Errorf("config: got %v, want a refusal naming the file and the aliases", err)
	}
	_, err = ParseWaivers("w.yaml", []byte("x:\n"+b.String()+"waivers: *a9\n"))
	if err == nil || !strings.Contains(err.Error(), "w.yaml") || !strings.Contains(err.Error(), "alias") {
		t.Errorf("waivers: got %v, want a refusal naming the file and the aliases", err)
	}
	// The same bomb under parameters the rules read (10⁷ strings once expanded): the reader of
	// old accepted it, and converting it to the rules' input ran out of memory.
	keys := []string{"required_tags", "allowed_regions", "allowed_instance_types", "glue_worker_types", "glue_commands", "glue_python_versions", "admin_ports"}
	var known strings.Builder
	known.WriteString("params:\n  " + keys[0] + ": &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < len(keys); i++ {
		fmt.Fprintf(&known, "  %s: &a%d [%s]\n", keys[i], i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
	}
	if _, err := ParseConfig("c.yaml", []byte(known.String())); err == nil || !strings.Contains(err.Error(), "alias") {
		t.Errorf("bomb under known parameters: got %v, want a refusal naming the aliases", err)
	}
	// A few aliases are fine.
	if _, err := ParseConfig("c.yaml", []byte("params:\n  required_tags: &t [owner]\n  allowed_regions: [eu-west-1]\nx: *t\n")); err == nil || strings.Contains(err.Error(), "alias") {
		t.Errorf("small alias: %v (want only the unknown key x refused)", err)
	}
}

// TestConfigFileBounds: a configuration or waiver file holds one YAML document of at most 4 MiB;
// a second document would be ignored silently by the decoder.
func TestConfigFileBounds(t *testing.T) {
	dir := t.TempDir()
	two := filepath.Join(dir, "two.yaml")
	if err := os.WriteFile(two, []byte("unknown: warn\n---\nunknown: deny\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadConfig(two); err == nil || !strings.Contains(err.Error(), "2 YAML documents") {
		t.Errorf("two documents: %v", err)
	}
	if _, err := LoadWaivers(two, WaiverOptions{}); err == nil || !strings.Contains(err.Error(), "2 YAML documents") {
		t.Errorf("two documents in a waiver file: %v", err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", 5<<20)+"\nunknown: warn\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadConfig(big); err == nil || !strings.Contains(err.Error(), "big.yaml") || !strings.Contains(err.Error(), "larger than 4 MiB") {
		t.Errorf("5 MiB: %v", err)
	}
}
