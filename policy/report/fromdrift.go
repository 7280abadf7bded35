package report

import (
	"github.com/nexabrands/supplychain/policy/drift"
)

// FromDrift makes the document of a drift report: no findings of its own (rules judged only the
// drifted states, and their findings are the drift section's), the drift section, the
// known-drift file's errors (an expired entry) and notices.
func FromDrift(r *drift.Report, version string) *Document {
	d := &Document{
		Tool: "plangate", Version: version, Command: "drift",
		Plan: PlanInfo{Path: r.Plan.Path, FormatVersion: r.Plan.FormatVersion,
			TerraformVersion: r.Plan.TerraformVersion, Resources: r.Plan.Resources},
		Findings: []Finding{},
		Rules:    []Rule{},
		Errors:   append([]string{}, r.Errors...),
		Notices:  append([]string{}, r.Notices...),
	}
	s := r.Summary
	sec := &DriftSection{
		Headline: r.Headline(),
		Summary: DriftSummary{Drifted: s.Drifted, Security: s.Security, Cost: s.Cost, Deleted: s.Deleted,
			Other: s.Other, Benign: s.Benign, Known: s.Known, Pending: s.Pending},
		Resources:    []DriftItem{},
		Known:        []DriftItem{},
		Unattributed: []DriftFinding{},
		Pending:      []PendingChange{},
		Cost:         driftCost(r.Cost),
	}
	for _, res := range r.Drifted {
		it := DriftItem{Address: res.Address, ResourceType: res.Type, Action: "update", Classes: classNames(res.Classes),
			Changes: []DriftChange{}, Findings: []DriftFinding{}, Cost: driftCost(res.Cost)}
		if res.Deleted {
			it.Action = "delete"
		}
		for _, c := range res.Changes {
			dc := DriftChange{Path: c.Path, Before: c.Before, After: c.After, Sensitive: c.Sensitive, Classes: classNames(c.Classes)}
			if k := c.Known; k != nil {
				dc.Known = &KnownDrift{Address: k.Address, Attribute: k.Attribute, Reason: k.Reason, Owner: k.Owner, Expires: k.Expires}
			}
			it.Changes = append(it.Changes, dc)
		}
		for _, f := range res.Findings {
			it.Findings = append(it.Findings, driftFinding(f))
		}
		if res.Known {
			sec.Known = append(sec.Known, it)
		} else {
			sec.Resources = append(sec.Resources, it)
		}
	}
	for _, f := range r.Security {
		if len(f.Drifted) == 0 {
			sec.Unattributed = append(sec.Unattributed, driftFinding(f))
		}
	}
	for _, p := range r.Pending {
		sec.Pending = append(sec.Pending, PendingChange{Address: p.Address, Actions: append([]string{}, p.Actions...), Reason: p.Reason})
	}
	d.Drift = sec
	d.Finish()
	return d
}

func driftFinding(f drift.Finding) DriftFinding {
	return DriftFinding{RuleID: f.RuleID, Title: f.Title, Severity: f.Severity, Decision: f.Decision,
		Address: f.Address, Message: f.Message, Remediation: f.Remediation, Worsened: f.Worsened}
}

func driftCost(c *drift.CostDiff) *DriftCost {
	if c == nil {
		return nil
	}
	return &DriftCost{Priced: c.Priced, Before: c.Before, After: c.After, Delta: c.Diff, Reason: c.Reason}
}

func classNames(cs []drift.Class) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}
