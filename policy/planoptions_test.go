package policy

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/policy/plan"
)

// TestPlanOptions: user policies that read resource_changes alone judge a plan read without its
// state values exactly as the full plan; the built-in rules refuse such a plan.
func TestPlanOptions(t *testing.T) {
	ctx := context.Background()
	up, err := LoadUserPolicies(ctx, []string{"testdata/conftest"}, []string{"main"})
	if err != nil {
		t.Fatal(err)
	}
	opts := CheckOptions{User: up, NoBuiltin: true}
	if !PlanOptions(opts).NoStateValues {
		t.Fatal("the seed policies read resource_changes alone: the state values are not needed")
	}
	if PlanOptions(CheckOptions{User: up}).NoStateValues || PlanOptions(CheckOptions{NoBuiltin: true}).NoStateValues {
		t.Fatal("the built-in rules need the state values")
	}
	files, _ := filepath.Glob(filepath.Join(plans, "*.json"))
	for _, f := range files {
		full, err := plan.ReadFile(f)
		if err != nil {
			continue
		}
		lean, err := plan.ReadFileWith(f, PlanOptions(opts))
		if err != nil {
			t.Fatal(err)
		}
		a, err := Check(ctx, full, opts)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Check(ctx, lean, opts)
		if err != nil {
			t.Fatal(err)
		}
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			t.Errorf("%s: the results differ:\n%s\n%s", filepath.Base(f), ja, jb)
		}
		if _, err := Check(ctx, lean, CheckOptions{}); err == nil || !strings.Contains(err.Error(), "without its planned and prior values") {
			t.Errorf("%s: the built-in rules judged a plan read without its values (%v)", filepath.Base(f), err)
		}
	}
}
