package drift

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/plan"
)

// security runs the built-in rules on two states: as recorded (the state file before refresh: the
// drifted resources' before values, the resources deleted out of band still there) and as
// drifted (the refreshed prior state). Each resource in both is the prior state's, so the rules
// see whole stacks (a bucket with its split resources). A rule that fails on the drifted state
// for an address where it did not fail on the recorded one, or failed with another message (the
// drift made it worse), is security drift.
func security(ctx context.Context, p *plan.Plan, doc map[string]any, entries []entry, cfg *policy.Config, rep *Report) error {
	state := priorResources(doc)
	recorded, drifted := map[string]map[string]any{}, map[string]map[string]any{}
	for addr, r := range state {
		recorded[addr], drifted[addr] = r, r
	}
	for _, e := range entries {
		base := map[string]any{"address": e.address, "mode": "managed", "type": e.typ, "name": e.name,
			"provider_name": e.provider}
		if e.index != nil {
			base["index"] = e.index
		}
		if e.before != nil {
			recorded[e.address] = with(base, "values", e.before)
		} else {
			delete(recorded, e.address)
		}
		if e.after != nil {
			drifted[e.address] = with(base, "values", e.after)
		} else {
			delete(drifted, e.address)
		}
	}
	rp, err := synthesize(p, doc, "recorded", recorded)
	if err != nil {
		return err
	}
	dp, err := synthesize(p, doc, "drifted", drifted)
	if err != nil {
		return err
	}
	opts := policy.CheckOptions{Config: cfg}
	rres, err := policy.Check(ctx, rp, opts)
	if err != nil {
		return fmt.Errorf("judging the recorded state: %w", err)
	}
	dres, err := policy.Check(ctx, dp, opts)
	if err != nil {
		return fmt.Errorf("judging the drifted state: %w", err)
	}
	// A failure is new when the rule passed on that address before, or failed with another
	// message (the drift made it worse: more public access block flags off).
	failedBefore, sameBefore := map[string]bool{}, map[string]bool{}
	for _, f := range rres.Findings {
		if f.Status == policy.Fail {
			failedBefore[f.RuleID+"\x00"+f.Address] = true
			sameBefore[f.RuleID+"\x00"+f.Address+"\x00"+f.Message] = true
		}
	}
	index := map[string]int{}
	for i, d := range rep.Drifted {
		index[d.Address] = i
	}
	for _, f := range dres.Findings {
		if f.Status != policy.Fail || sameBefore[f.RuleID+"\x00"+f.Address+"\x00"+f.Message] {
			continue
		}
		sf := Finding{Finding: f, Drifted: culprits(f.Address, index, rp, dp), Worsened: failedBefore[f.RuleID+"\x00"+f.Address]}
		rep.Security = append(rep.Security, sf)
		for _, a := range sf.Drifted {
			d := &rep.Drifted[index[a]]
			d.Findings = append(d.Findings, sf)
		}
	}
	sort.SliceStable(rep.Security, func(i, j int) bool {
		a, b := rep.Security[i], rep.Security[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() > b.Severity.Rank()
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Address < b.Address
	})
	return nil
}

// culprits are the drifted resources a finding at addr is put down to: addr itself, and the
// split resources that configure it (a bucket's public access block).
func culprits(addr string, drifted map[string]int, plans ...*plan.Plan) []string {
	set := map[string]bool{}
	if _, ok := drifted[addr]; ok {
		set[addr] = true
	}
	for d := range drifted {
		for _, p := range plans {
			if r := p.Resource(d); r != nil && r.Bucket == addr && addr != "" {
				set[d] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for a := range set {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// priorResources returns the prior state's resources by address (managed and data), as the plan
// document holds them (redacted).
func priorResources(doc map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	ps, _ := doc["prior_state"].(map[string]any)
	vals, _ := ps["values"].(map[string]any)
	var walkMod func(m map[string]any)
	walkMod = func(m map[string]any) {
		for _, x := range listOf(m["resources"]) {
			if r, ok := x.(map[string]any); ok {
				if a, _ := r["address"].(string); a != "" {
					out[a] = r
				}
			}
		}
		for _, x := range listOf(m["child_modules"]) {
			if c, ok := x.(map[string]any); ok {
				walkMod(c)
			}
		}
	}
	if rm, ok := vals["root_module"].(map[string]any); ok {
		walkMod(rm)
	}
	return out
}

// synthesize writes a state as the planned values of a plan (with the configuration and the
// variables of the original, for correlation and regions) and reads it back with policy/plan,
// so that the rules see it exactly as they see any plan.
func synthesize(p *plan.Plan, doc map[string]any, name string, state map[string]map[string]any) (*plan.Plan, error) {
	addrs := make([]string, 0, len(state))
	for a := range state {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	res := make([]any, 0, len(addrs))
	for _, a := range addrs {
		r := state[a]
		// The values are redacted already; sensitive_values would only redact them again.
		res = append(res, without(r, "sensitive_values"))
	}
	fv := p.FormatVersion
	if fv == "" {
		fv = "1.0"
	}
	sd := map[string]any{
		"format_version":    fv,
		"terraform_version": p.TerraformVersion,
		"planned_values":    map[string]any{"root_module": map[string]any{"resources": res}},
	}
	for _, k := range []string{"configuration", "variables"} {
		if v, ok := doc[k]; ok {
			sd[k] = v
		}
	}
	data, err := json.Marshal(sd)
	if err != nil {
		return nil, fmt.Errorf("building the %s state: %w", name, err)
	}
	sp, err := plan.Parse(p.Path+" ("+name+" state)", data)
	if err != nil {
		return nil, fmt.Errorf("building the %s state: %w", name, err)
	}
	return sp, nil
}

func with(m map[string]any, k string, v any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for a, b := range m {
		out[a] = b
	}
	out[k] = v
	return out
}

func without(m map[string]any, k string) map[string]any {
	if _, ok := m[k]; !ok {
		return m
	}
	out := make(map[string]any, len(m))
	for a, b := range m {
		if a != k {
			out[a] = b
		}
	}
	return out
}
