package policy

import (
	"context"
	"io/fs"
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
