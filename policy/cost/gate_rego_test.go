package cost

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/util"

	"github.com/nexabrands/supplychain/policy/internal/plangen"
	"github.com/nexabrands/supplychain/policy/plan"

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

// TestGateValueIsTheRoundTrip checks that the gate's input converted directly is the value the
// JSON round trip of rego.EvalInput gives, on the cost fixture plans (each also against the
// first as its base, for the percentages) and a generated one.
func TestGateValueIsTheRoundTrip(t *testing.T) {
	paths, err := filepath.Glob("testdata/plans/*.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixture plans: %v", err)
	}
	reals, _ := filepath.Glob("testdata/plans/real/*.json")
	var plans []*plan.Plan
	for _, path := range append(paths, reals...) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		p, err := plan.Parse(path, data)
		if err != nil {
			continue // not every fixture is a plan the reader accepts
		}
		plans = append(plans, p)
	}
	gen, err := plan.Parse("gen.json", plangen.Generate(600))
	if err != nil {
		t.Fatal(err)
	}
	plans = append(plans, gen)
	for _, p := range plans {
		for _, base := range []*plan.Plan{nil, plans[0]} {
			r, err := Compute(p, base, Options{Region: "us-east-1"})
			if err != nil {
				t.Fatal(err)
			}
			in := r.GateInput(DefaultGateParams())
			got, err := gateValue(in)
			if err != nil {
				t.Fatalf("%s: %v", p.Path, err)
			}
			var rt any = in
			if err := util.RoundTrip(&rt); err != nil {
				t.Fatal(err)
			}
			want, err := ast.InterfaceToValue(rt)
			if err != nil {
				t.Fatal(err)
			}
			if got.Compare(want) != 0 {
				t.Errorf("%s: the direct conversion differs from the round trip", p.Path)
			}
		}
	}
}

// TestGateReadsResources pins what the gate's input leaves out: input.resources only for a
// gate that cannot read it (inputKeys), and the built-in gate's verdict the same either way.
func TestGateReadsResources(t *testing.T) {
	for src, want := range map[string]bool{
		"package supplychain.cost.gate\nverdict := \"pass\" if input.totals.diff < 1\n":   false,
		"package supplychain.cost.gate\nn := count(input.resources)\n":                    true,
		"package supplychain.cost.gate\nn := count(input[\"resources\"])\n":               true,
		"package supplychain.cost.gate\nk := \"resources\"\nn := count(input[k])\n":       true,
		"package supplychain.cost.gate\nx := input\n":                                     true,
		"package supplychain.cost.gate\nimport input.resources as rs\nn := count(rs)\n":   true,
		"package supplychain.cost.gate\nf(x) := x.totals\nv := f(input)\n":                true,
		"package supplychain.cost.gate\nv if { data.other.v with input as {} }\n":         true,
		"package supplychain.cost.gate\nv := [u | some u in input.unpriced; u.changed]\n": false,
		"package supplychain.cost.gate\nv := object.get(input, \"resources\", [])\n":      true,
	} {
		m, err := ast.ParseModuleWithOpts("g.rego", src, ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		keys := inputKeys(map[string]*ast.Module{"g.rego": m})
		if got := keys == nil || keys["resources"]; got != want {
			t.Errorf("inputKeys(%q) = %v: reads resources %v, want %v", src, keys, got, want)
		}
	}
	pg, err := gateQuery()
	if err != nil {
		t.Fatal(err)
	}
	if pg.reads == nil || pg.reads["resources"] {
		t.Errorf("the built-in gate reads input.resources: it gets the whole input, slower on large plans")
	}
	p, err := plan.Parse("gen.json", plangen.Generate(600))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compute(p, nil, Options{Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	trimmed, err := r.Gate(context.Background(), DefaultGateParams())
	if err != nil {
		t.Fatal(err)
	}
	whole := *pg
	whole.reads = nil
	full, err := r.gate(context.Background(), &whole, DefaultGateParams())
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(trimmed) != fmt.Sprint(full) {
		t.Errorf("the verdict differs without input.resources: %v, with it %v", trimmed, full)
	}
}
