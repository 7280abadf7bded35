package policy

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/policy/rules"
)

// TestRegoSuites runs every _test.rego of the built-in rules through OPA's tester. It fails on a
// failing test and on a rule package without tests.
func TestRegoSuites(t *testing.T) {
	rep, err := RunRegoTests(context.Background(), true, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Passed == 0 {
		t.Fatal("no Rego tests ran")
	}
	t.Logf("%d Rego tests passed, %d failed", rep.Passed, rep.Failed)
	perPkg := map[string]int{}
	for _, r := range rep.Results {
		perPkg[strings.TrimSuffix(strings.TrimPrefix(r.Package, "data."), "_test")]++
		if !r.Pass() {
			t.Errorf("%s.%s (%s): fail=%v err=%v", r.Package, r.Name, r.Location, r.Fail, r.Error)
		}
	}
	// Every rule package and every rule file must have a suite with at least one test.
	err = fs.WalkDir(rules.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".rego") || strings.HasSuffix(path, "_test.rego") {
			return err
		}
		if path == "lib/testing.rego" {
			return nil
		}
		test := strings.TrimSuffix(path, ".rego") + "_test.rego"
		if _, err := fs.Stat(rules.FS, test); err != nil {
			t.Errorf("%s has no %s", path, test)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rs, err := BuiltinRules()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if perPkg[strings.TrimPrefix(r.Package, "data.")] == 0 {
			t.Errorf("rule %s (%s): empty test suite", r.ID, r.Package)
		}
	}
}

// TestRunRegoTestsReportsFailures proves the runner behind TestRegoSuites and `plangate policy
// test` sees a failing test and an empty suite.
func TestRunRegoTestsReportsFailures(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("p.rego", "package p\n\nallow if input.x == 1\n")
	write("p_test.rego", "package p_test\n\nimport data.p\n\ntest_ok if p.allow with input as {\"x\": 1}\n\ntest_wrong if p.allow with input as {\"x\": 2}\n")
	rep, err := RunRegoTests(context.Background(), false, []string{dir}, true)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Passed != 1 || rep.Failed != 1 || rep.OK() {
		t.Fatalf("passed=%d failed=%d ok=%v; want 1, 1, false", rep.Passed, rep.Failed, rep.OK())
	}
	if rep.Coverage <= 0 || rep.Coverage > 100 {
		t.Errorf("coverage %v, want within (0, 100]", rep.Coverage)
	}

	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(empty, "q.rego"), []byte("package q\n\nx := 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err = RunRegoTests(context.Background(), false, []string{empty}, false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() {
		t.Fatal("a directory without tests must not count as a passing suite")
	}
}
