package policy

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/cover"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestReport is the outcome of running Rego tests.
type TestReport struct {
	Results []*tester.Result
	Passed  int
	Failed  int
	// Coverage is the share (0–100) of the non-test modules' lines that the tests ran; set when
	// coverage was asked for.
	Coverage float64
}

// OK reports whether tests ran and none failed.
func (t *TestReport) OK() bool { return t.Failed == 0 && t.Passed > 0 }

// RunRegoTests runs the `test_` rules of the built-in rules (when builtin is true) and of the
// user policy directories through OPA's tester.
func RunRegoTests(ctx context.Context, builtin bool, dirs []string, withCoverage bool) (*TestReport, error) {
	mods := map[string]*ast.Module{}
	if builtin {
		bm, err := BuiltinModules()
		if err != nil {
			return nil, err
		}
		for f, m := range bm {
			mods["builtin/"+f] = m
		}
	}
	if len(dirs) > 0 {
		um, err := LoadUserModules(dirs)
		if err != nil {
			return nil, err
		}
		for f, m := range um {
			mods[f] = m
		}
	}
	if len(mods) == 0 {
		return nil, fmt.Errorf("no Rego modules to test")
	}
	runner := tester.NewRunner().SetCompiler(newCompiler()).SetModules(mods).RaiseBuiltinErrors(true)
	var cov *cover.Cover
	if withCoverage {
		cov = cover.New()
		runner = runner.SetCoverageQueryTracer(cov)
	}
	ch, err := runner.RunTests(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("running Rego tests: %w", err)
	}
	rep := &TestReport{}
	for r := range ch {
		rep.Results = append(rep.Results, r)
		if r.Pass() {
			rep.Passed++
		} else if !r.Skip {
			rep.Failed++
		}
	}
	sort.Slice(rep.Results, func(i, j int) bool {
		a, b := rep.Results[i], rep.Results[j]
		if a.Package != b.Package {
			return a.Package < b.Package
		}
		return a.Name < b.Name
	})
	if cov != nil {
		prod := map[string]*ast.Module{}
		for f, m := range mods {
			if !strings.HasSuffix(f, "_test.rego") && !strings.Contains(f, "lib/testing.rego") {
				prod[f] = m
			}
		}
		rep.Coverage = cov.Report(prod).Coverage
	}
	return rep, nil
}
