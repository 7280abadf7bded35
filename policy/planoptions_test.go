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
	po := PlanOptions(opts)
	if po.ChangeValues == nil || len(po.ChangeValues.After) != 5 || len(po.ChangeValues.Before) != 0 || !po.NoConfiguration {
		t.Fatalf("the seed policies read five attributes of after and no configuration: %+v", po)
	}
	// A policy that reads an attribute the seed's reading left out, or the configuration, refuses
	// that reading rather than judging a value it does not have.
	other := loadPolicy(t, "package main\n\ndeny contains rc.address if {\n\tsome rc in input.resource_changes\n\trc.change.after.acl == \"public-read\"\n}\n")
	config := loadPolicy(t, "package main\n\ndeny contains \"x\" if input.configuration.root_module\n")
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
		if _, err := Check(ctx, lean, CheckOptions{User: other, NoBuiltin: true}); err == nil || !strings.Contains(err.Error(), "without attributes") {
			t.Errorf("%s: a policy judged attributes the reading left out (%v)", filepath.Base(f), err)
		}
		if _, err := Check(ctx, lean, CheckOptions{User: config, NoBuiltin: true}); err == nil || !strings.Contains(err.Error(), "without its configuration") {
			t.Errorf("%s: a policy judged a configuration the reading left out (%v)", filepath.Base(f), err)
		}
	}
}
