package notify

import (
	"context"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/plan"
	"github.com/nexabrands/supplychain/policy/report"
)

func goofCheck(t *testing.T) *report.Document {
	t.Helper()
	p, err := plan.ReadFile("../../policy/drift/testdata/plans/snyk-labs__terraform-goof__tf-plan.json")
	if err != nil {
		t.Fatal(err)
	}
	res, err := policy.Check(context.Background(), p, policy.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return report.FromCheck(res, "test")
}

func TestCheckMessageAndMetrics(t *testing.T) {
	d := goofCheck(t)
	m := CheckMessage(d, "prod")
	if !d.Failed() || m.Title != "Policy denied in prod" || len(m.Items) == 0 || len(m.Items) > maxCheckItems {
		t.Fatalf("message %+v", m)
	}
	if first := m.Items[0]; first.Tags[0] != "deny" || !strings.Contains(first.Lines[0], "SC-") {
		t.Errorf("first item %+v, want a denied finding", first)
	}
	listed := d.Summary.Deny + d.Summary.Warn + d.Summary.Unknown
	if got := len(m.Items) + m.More; got != listed {
		t.Errorf("%d items + %d more, want %d denied, warned and unknown", len(m.Items), m.More, listed)
	}
	mt := CheckMetrics(d, "prod", 1)
	total := 0
	for _, f := range mt.Findings {
		total += f.N
	}
	if total != len(d.Findings) || mt.Command != "check" || mt.Cost != nil {
		t.Errorf("metrics count %d findings, want %d (cost %+v)", total, len(d.Findings), mt.Cost)
	}
	if _, err := mt.Registry(true); err != nil {
		t.Error(err)
	}
}

// With a cost section (filled by plangate check's cost gate), the message and the metrics carry
// the difference, and a failed cost gate names itself when no finding is denied.
func TestCheckMessageCost(t *testing.T) {
	d := report.FromCheck(&policy.Result{Plan: policy.PlanInfo{Path: "plan.json"}}, "test")
	limit := 140.0
	d.Cost = &report.CostSection{Currency: "USD", MonthlyBefore: 100, MonthlyAfter: 260.5, Threshold: &limit, Failed: true}
	d.Finish()
	m := CheckMessage(d, "prod")
	if m.Title != "Cost gate failed in prod" || !strings.Contains(m.Summary, "monthly cost 100.00 → 260.50 USD (+160.50)") {
		t.Errorf("message %+v", m)
	}
	mt := CheckMetrics(d, "prod", 3)
	if mt.Cost == nil || mt.Cost.Diff != 160.5 || mt.Cost.After != 260.5 {
		t.Errorf("metrics cost %+v", mt.Cost)
	}
}
