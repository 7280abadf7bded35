package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/plan"
)

// expectPlangate judges the real plan Terraform made with plangate's built-in rules and checks
// which rules fail on one resource: every rule in fail must fail there, and none of pass may.
type expectPlangate struct {
	address    string
	fail, pass []string
}

func (e expectPlangate) CheckPlan(ctx context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	data, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = err
		return
	}
	p, err := plan.Parse("plan.json", data)
	if err != nil {
		resp.Error = fmt.Errorf("plangate cannot read the plan: %w", err)
		return
	}
	res, err := policy.Check(ctx, p, policy.CheckOptions{})
	if err != nil {
		resp.Error = fmt.Errorf("plangate check: %w", err)
		return
	}
	var failed []string
	for _, f := range res.Findings {
		if f.Address == e.address && f.Status == policy.Fail {
			failed = append(failed, f.RuleID)
		}
	}
	for _, id := range e.fail {
		if !slices.Contains(failed, id) {
			resp.Error = fmt.Errorf("plangate: rule %s does not fail on %s (failed: %s)", id, e.address, strings.Join(failed, ", "))
			return
		}
	}
	for _, id := range e.pass {
		if slices.Contains(failed, id) {
			resp.Error = fmt.Errorf("plangate: rule %s fails on %s", id, e.address)
			return
		}
	}
}
