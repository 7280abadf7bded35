package policy

import (
	"path/filepath"
	"testing"

	"github.com/nexabrands/supplychain/policy/internal/plangen"
	"github.com/nexabrands/supplychain/policy/plan"
)

// TestInputValue: the input converted on every core is the value ast.InterfaceToValue makes of
// Input, on every fixture plan and a generated one.
func TestInputValue(t *testing.T) {
	var all []*plan.Plan
	files, err := filepath.Glob(filepath.Join(plans, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	pipeline := false
	for _, f := range files {
		p, err := plan.ReadFile(f)
		if err != nil {
			t.Logf("%s: not a plan the engine judges: %v", f, err)
			continue
		}
		all = append(all, p)
		pipeline = pipeline || filepath.Base(f) == "supplychain_pipeline.json"
	}
	// The fixtures are the point of the test: without them only the generated plan is compared.
	if len(all) < 10 || !pipeline {
		t.Fatalf("%d fixture plans read from %s (supplychain_pipeline.json among them: %v); want at least 10 and that one", len(all), plans, pipeline)
	}
	gen, err := plan.Parse("gen.json", plangen.Generate(1000))
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, gen)
	params := map[string]any{"max_workers": 2, "required_tags": []any{"owner"}}
	for _, p := range all {
		doc, err := Input(p, params)
		if err != nil {
			t.Fatal(err)
		}
		want, err := toValue(doc)
		if err != nil {
			t.Fatal(err)
		}
		got, err := inputValue(p, params)
		if err != nil {
			t.Fatal(err)
		}
		if got.Compare(want) != 0 || got.Hash() != want.Hash() {
			t.Errorf("%s: the input values differ", p.Path)
		}
	}
}
