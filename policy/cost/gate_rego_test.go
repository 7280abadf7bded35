package cost

import (
	"context"
	"io/fs"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"

	costrules "github.com/nexabrands/supplychain/policy/rules/cost"
)

// TestGateRegoSuite runs gate_test.rego through OPA's tester; it fails on a failing or empty suite.
func TestGateRegoSuite(t *testing.T) {
	mods := map[string]*ast.Module{}
	err := fs.WalkDir(costrules.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return err
		}
		src, err := fs.ReadFile(costrules.FS, p)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts(p, string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return err
		}
		mods[p] = m
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := tester.NewRunner().SetModules(mods).RaiseBuiltinErrors(true).RunTests(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	passed := 0
	for r := range ch {
		if !r.Pass() {
			t.Errorf("%s.%s: fail=%v err=%v", r.Package, r.Name, r.Fail, r.Error)
			continue
		}
		passed++
	}
	if passed < 5 {
		t.Fatalf("only %d gate tests passed", passed)
	}
	t.Logf("%d gate tests passed", passed)
}
