package cost

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/policy/drift"
	"github.com/nexabrands/supplychain/policy/plan"
)

// resizedPlan is a refresh-only plan (Terraform 1.5 shape) in which aws_instance.airflow was
// resized by hand from t3.large to t3.xlarge and given a tag, and aws_eip.ip (no price model)
// moved to another instance; the provider's region is the given literal.
func resizedPlan(t *testing.T, region string) *plan.Plan {
	t.Helper()
	inst := func(typ string, tags map[string]any) map[string]any {
		return map[string]any{"ami": "ami-1", "instance_type": typ, "tenancy": "default", "tags": tags}
	}
	entry := func(addr, typ string, before, after map[string]any) map[string]any {
		return map[string]any{"address": addr, "mode": "managed", "type": typ, "name": addr[strings.Index(addr, ".")+1:],
			"provider_name": "registry.terraform.io/hashicorp/aws",
			"change":        map[string]any{"actions": []any{"update"}, "before": before, "after": after, "after_unknown": map[string]any{}}}
	}
	driftList := []map[string]any{
		entry("aws_instance.airflow", "aws_instance", inst("t3.large", map[string]any{"app": "airflow"}), inst("t3.xlarge", map[string]any{"app": "airflow", "ticket": "OPS-7"})),
		entry("aws_eip.ip", "aws_eip", map[string]any{"instance": "i-1"}, map[string]any{"instance": "i-2"}),
	}
	var prior []any
	for _, e := range driftList {
		ch, _ := e["change"].(map[string]any)
		prior = append(prior, map[string]any{"address": e["address"], "mode": "managed", "type": e["type"], "name": e["name"],
			"provider_name": e["provider_name"], "schema_version": 0, "values": ch["after"]})
	}
	doc := map[string]any{
		"format_version": "1.2", "terraform_version": "1.5.7",
		"planned_values": map[string]any{"root_module": map[string]any{"resources": prior}},
		"resource_drift": driftList,
		"prior_state":    map[string]any{"format_version": "1.0", "values": map[string]any{"root_module": map[string]any{"resources": prior}}},
		"configuration": map[string]any{
			"provider_config": map[string]any{"aws": map[string]any{"name": "aws", "expressions": map[string]any{"region": map[string]any{"constant_value": region}}}},
			"root_module": map[string]any{"resources": []any{
				map[string]any{"address": "aws_instance.airflow", "mode": "managed", "type": "aws_instance", "name": "airflow", "provider_config_key": "aws"},
				map[string]any{"address": "aws_eip.ip", "mode": "managed", "type": "aws_eip", "name": "ip", "provider_config_key": "aws"},
			}},
		},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Parse("resized.json", b)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func driftWithPrices(t *testing.T, p *plan.Plan) *drift.Report {
	t.Helper()
	pr, err := NewDriftPricer(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := drift.Analyze(context.Background(), p, drift.Options{Pricer: pr})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func drifted(t *testing.T, rep *drift.Report, addr string) drift.Resource {
	t.Helper()
	for _, d := range rep.Drifted {
		if d.Address == addr {
			return d
		}
	}
	t.Fatalf("%s did not drift", addr)
	return drift.Resource{}
}

// A hand resize in us-east-1 is priced from the sheet: 730 h × 0.0832 = 60.736 before,
// 730 h × 0.1664 = 121.472 after, +60.736 a month (the same figure plangate cost gives for the
// planned resize). The tag is benign; the EIP has no price model and no cost attribute, so it
// carries no cost at all (not a 0 USD price).
func TestDriftPricedResize(t *testing.T) {
	rep := driftWithPrices(t, resizedPlan(t, "us-east-1"))
	d := drifted(t, rep, "aws_instance.airflow")
	if d.Cost == nil || !d.Cost.Priced {
		t.Fatalf("the resize is not priced: %+v", d.Cost)
	}
	for name, got := range map[string][2]float64{"before": {d.Cost.Before, 60.736}, "after": {d.Cost.After, 121.472}, "diff": {d.Cost.Diff, 60.736}} {
		if math.Abs(got[0]-got[1]) > 1e-9 {
			t.Errorf("%s = %v, want %v", name, got[0], got[1])
		}
	}
	if strings.Join(classNames(d.Classes), ",") != "cost,benign" {
		t.Errorf("classes %v, want cost and benign", d.Classes)
	}
	if rep.Cost == nil || math.Abs(rep.Cost.Diff-60.736) > 1e-9 {
		t.Errorf("the run's total %+v", rep.Cost)
	}
	if eip := drifted(t, rep, "aws_eip.ip"); eip.Cost != nil {
		t.Errorf("the EIP carries a cost: %+v", eip.Cost)
	}
}

// In af-south-1 the sheet has no EC2 prices: the resize is cost drift, unpriced, with the
// sheet's reason, and the run has no priced total.
func TestDriftUnpricedRegion(t *testing.T) {
	rep := driftWithPrices(t, resizedPlan(t, "af-south-1"))
	d := drifted(t, rep, "aws_instance.airflow")
	if d.Cost == nil || d.Cost.Priced || !strings.Contains(d.Cost.Reason, "no price for ec2.instance.t3.large in af-south-1") {
		t.Fatalf("cost %+v, want unpriced with the sheet's reason", d.Cost)
	}
	if d.Classes[0] != drift.Cost || rep.Cost != nil {
		t.Errorf("classes %v, total %+v", d.Classes, rep.Cost)
	}
}

func classNames(cs []drift.Class) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}
