package notify

import (
	"context"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/plan"
)

func TestCheckMessageAndMetrics(t *testing.T) {
	p, err := plan.ReadFile("../../policy/drift/testdata/plans/snyk-labs__terraform-goof__tf-plan.json")
	if err != nil {
		t.Fatal(err)
	}
	res, err := policy.Check(context.Background(), p, policy.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m := CheckMessage(res, "prod")
	if !res.Denied() || m.Title != "Policy denied in prod" || len(m.Items) == 0 || len(m.Items) > maxCheckItems {
		t.Fatalf("message %+v", m)
	}
	if first := m.Items[0]; first.Tags[0] != "deny" || !strings.Contains(first.Lines[0], "SC-") {
		t.Errorf("first item %+v, want a denied finding", first)
	}
	if got := len(m.Items) + m.More; got != len(res.Failing()) {
		t.Errorf("%d items + %d more, want %d failing", len(m.Items), m.More, len(res.Failing()))
	}
	mt := CheckMetrics(res, "prod", 1)
	total := 0
	for _, f := range mt.Findings {
		total += f.N
	}
	if total != len(res.Findings) || mt.Command != "check" {
		t.Errorf("metrics count %d findings, want %d", total, len(res.Findings))
	}
	if _, err := mt.Registry(true); err != nil {
		t.Error(err)
	}
}
