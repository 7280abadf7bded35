package policy

import (
	"context"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nexabrands/supplychain/policy/rules"
)

// TestEmbeddedRuleFiles: every .rego file under policy/rules is embedded (a new folder is not
// left out by a list in embed.go).
func TestEmbeddedRuleFiles(t *testing.T) {
	list := func(fsys fs.FS) []string {
		var out []string
		err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".rego") {
				out = append(out, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(out)
		return out
	}
	disk, embedded := list(os.DirFS("rules")), list(rules.FS)
	if len(disk) == 0 || !slices.Equal(disk, embedded) {
		t.Errorf("on disk %d files, embedded %d; missing from the binary: %v", len(disk), len(embedded), minus(disk, embedded))
	}
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// TestCatalogueExact: the catalogue holds exactly the rules the embedded files declare (read
// here from the files' text, not through the loader).
func TestCatalogueExact(t *testing.T) {
	idLine := regexp.MustCompile(`(?m)^#\s+id:\s+(\S+)\s*$`)
	pkgLine := regexp.MustCompile(`(?m)^package\s+supplychain\.rules\.`)
	var want []string
	err := fs.WalkDir(rules.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".rego") || strings.HasSuffix(path, "_test.rego") {
			return err
		}
		src, err := fs.ReadFile(rules.FS, path)
		if err != nil {
			return err
		}
		if pkgLine.Match(src) {
			m := idLine.FindSubmatch(src)
			if m == nil {
				t.Errorf("%s: a rule package without an id", path)
				return nil
			}
			want = append(want, string(m[1]))
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
	got := make([]string, len(rs))
	for i, r := range rs {
		got[i] = r.ID
	}
	sort.Strings(want)
	sort.Strings(got)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("catalogue %d rules, files %d; not in the catalogue: %v; not in the files: %v", len(got), len(want), minus(want, got), minus(got, want))
	}
}

// TestUnexpectedPackage: an embedded module outside supplychain.rules, supplychain.lib and
// supplychain.testing is an error at load (of the tests, for a test module), not a rule skipped
// silently.
func TestUnexpectedPackage(t *testing.T) {
	for _, pkg := range []string{"main", "supplychain.rule.s3.x", "supplychain", "rules.s3"} {
		_, err := compileBuiltin(fstest.MapFS{"x/y.rego": {Data: []byte("package " + pkg + "\n\nx := 1\n")}})
		if err == nil || !strings.Contains(err.Error(), "x/y.rego") || !strings.Contains(err.Error(), pkg) {
			t.Errorf("package %s: %v", pkg, err)
		}
	}
	for _, pkg := range []string{"supplychain.lib", "supplychain.lib.s3"} {
		if _, err := compileBuiltin(fstest.MapFS{"lib/y.rego": {Data: []byte("package " + pkg + "\n\nx := 1\n")}}); err != nil {
			t.Errorf("package %s: %v", pkg, err)
		}
	}
	// Test modules are parsed when the tests are asked for (a check never reads them).
	set, err := compileBuiltin(fstest.MapFS{"lib/y_test.rego": {Data: []byte("package other_test\n\ntest_x if true\n")}})
	if err == nil {
		_, err = set.modules()
	}
	if err == nil || !strings.Contains(err.Error(), "lib/y_test.rego") {
		t.Errorf("a test package outside supplychain: %v", err)
	}
}

// TestConftestExceptions: conftest's exception rules (exception contains names if …, in the
// rules' package, names without deny_/violation_) drop the named rule's results for the plan,
// and say so in a notice.
func TestConftestExceptions(t *testing.T) {
	up, err := userPolicy(t, `package main

deny_workers contains "too many workers" if true

violation_public contains "public" if true

deny contains "plain deny" if true

warn_names contains "a name" if true

exception contains rules if {
	count(input.resource_changes) > 0
	rules := ["workers", "deny"]
}

exception contains ["warn_names"] if true
`)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Check(context.Background(), readPlan(t, "supplychain_pipeline.json"), CheckOptions{User: up, NoBuiltin: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.RuleID)
	}
	if !slices.Equal(got, []string{"main.violation_public"}) {
		t.Errorf("findings of %v, want only main.violation_public", got)
	}
	notes := strings.Join(res.Notices, "\n")
	for _, r := range []string{"main.deny_workers", "main.deny ", "main.warn_names"} {
		if !strings.Contains(notes+" ", r) {
			t.Errorf("notices %q do not name %s", notes, r)
		}
	}
}
