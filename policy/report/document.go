package report

import (
	"github.com/nexabrands/supplychain/policy"
)

// Verdict is a run's outcome as every format prints it.
type Verdict string

// Verdicts.
const (
	VerdictPass Verdict = "PASS"
	VerdictFail Verdict = "FAIL"
)

// Document is one run's report, neutral to format: every format renders it and nothing else.
// Each finding has one level (policy.Finding.Level), the summary counts every level, and the
// verdict follows from the levels, the run errors and the optional sections.
type Document struct {
	Tool    string // "plangate"
	Version string // the tool's version
	Command string // "check"
	Plan    PlanInfo
	Verdict Verdict
	Summary Summary
	// Findings in the order the policy package sorted them (level, severity, rule, address).
	Findings []Finding
	// Rules are the rules that judged the plan.
	Rules []Rule
	// Errors fail the run without a denied finding (an expired waiver).
	Errors []string
	// Notices are remarks about the run itself (a waiver that matched nothing).
	Notices []string
	// Cost is the cost section, filled by the cost command; nil: not rendered.
	Cost *CostSection
	// Drift is the drift section, filled by the drift command; nil: not rendered.
	Drift *DriftSection
}

// PlanInfo describes the plan that was judged.
type PlanInfo struct {
	Path             string
	FormatVersion    string
	TerraformVersion string
	Resources        int
}

// Summary counts findings by level: each finding once.
type Summary struct {
	Deny, Warn, Unknown, Info, Waived, Pass int
}

// Total is the number of findings.
func (s Summary) Total() int { return s.Deny + s.Warn + s.Unknown + s.Info + s.Waived + s.Pass }

// Count returns the count of one level.
func (s Summary) Count(l policy.Level) int {
	switch l {
	case policy.LevelDeny:
		return s.Deny
	case policy.LevelWarn:
		return s.Warn
	case policy.LevelUnknown:
		return s.Unknown
	case policy.LevelInfo:
		return s.Info
	case policy.LevelWaived:
		return s.Waived
	case policy.LevelPass:
		return s.Pass
	}
	return 0
}

// Finding is one rule's verdict on one resource (or on the plan, where Address is empty).
type Finding struct {
	Level        policy.Level
	RuleID       string
	Title        string
	Severity     policy.Severity
	Status       policy.Status
	Decision     policy.Decision
	Address      string
	ResourceType string
	Message      string
	Remediation  string
	Actions      []string
	// File and Line locate the resource block in the .tf source, when it was found.
	File   string
	Line   int
	Source string // "builtin" or "user"
	Waiver *Waiver
}

// Waiver is the waiver that suppressed a finding.
type Waiver struct {
	Rule, Address, Reason, Owner, Expires string
}

// Rule is one rule that judged the plan.
type Rule struct {
	ID            string
	Title         string
	Description   string
	Severity      policy.Severity
	ResourceTypes []string
	Remediation   string
	Related       map[string][]string
	Package       string // the Rego package
	File          string // the rule's file, for built-in rules relative to policy/rules
	Source        string
}

// CostSection is the monthly cost of the plan against its base, and the cost gate's outcome.
type CostSection struct {
	Currency   string // "USD"
	PriceSheet string // the price sheet the estimate used (name and date)
	// MonthlyBefore and MonthlyAfter are the monthly costs before and after the plan.
	MonthlyBefore, MonthlyAfter float64
	// Threshold is the monthly rise at which the gate fails; nil: no gate.
	Threshold *float64
	// Failed: the gate failed (exit 3).
	Failed    bool
	Resources []CostLine
	// Notes say what the estimate left out (a resource without a price).
	Notes []string
}

// Delta is the monthly rise (negative: a saving).
func (c *CostSection) Delta() float64 { return c.MonthlyAfter - c.MonthlyBefore }

// CostLine is one resource's monthly cost.
type CostLine struct {
	Address, ResourceType       string
	MonthlyBefore, MonthlyAfter float64
	Note                        string
}

// DriftSection is what changed outside Terraform (plangate drift): the drifted resources that
// known-drift entries leave, those they silence, the security findings on no drifted resource,
// and the plan's pending changes (not applied yet, not drift). Values are the plan reader's,
// already redacted; a sensitive value that changed has neither side.
type DriftSection struct {
	// Headline is the one-line outcome ("2 resources drifted outside Terraform (1 security, 1 other)").
	Headline string
	Summary  DriftSummary
	// Resources are the drifted resources left after known drift, by address.
	Resources []DriftItem
	// Known are the resources whose every change a known-drift entry silences.
	Known []DriftItem
	// Unattributed are security findings on the drifted state put down to no drifted resource.
	Unattributed []DriftFinding
	// Pending are the plan's configuration changes: not applied yet, not drift.
	Pending []PendingChange
	// Cost totals the priced drift; nil when nothing was priced.
	Cost *DriftCost
}

// DriftSummary counts drifted resources: each once in Drifted and once per class; Known are the
// silenced ones, Pending the plan's configuration changes.
type DriftSummary struct {
	Drifted, Security, Cost, Deleted, Other, Benign, Known, Pending int
}

// DriftItem is one drifted resource.
type DriftItem struct {
	Address, ResourceType string
	Action                string   // "update" (changed outside Terraform) or "delete" (deleted outside it)
	Classes               []string // security, cost, deleted, other, benign: several may apply
	Changes               []DriftChange
	Findings              []DriftFinding
	Cost                  *DriftCost
}

// DriftChange is one attribute that changed outside Terraform.
type DriftChange struct {
	Path          string // "" for the whole resource (deleted)
	Before, After any    // JSON values; nil for a sensitive change
	Sensitive     bool
	Classes       []string
	Known         *KnownDrift
}

// KnownDrift is the known-drift entry that silences a change.
type KnownDrift struct {
	Address, Attribute, Reason, Owner, Expires string
}

// DriftFinding is a built-in rule that fails on the drifted state and passed on the recorded one
// (Worsened: failed there too, with another message).
type DriftFinding struct {
	RuleID, Title string
	Severity      policy.Severity
	Decision      policy.Decision
	Address       string
	Message       string
	Remediation   string
	Worsened      bool
}

// DriftCost is a monthly cost in USD before and after drift, or why it is not priced.
type DriftCost struct {
	Priced               bool
	Before, After, Delta float64
	Reason               string
}

// PendingChange is a configuration change of the plan: not applied yet, and not drift.
type PendingChange struct {
	Address string
	Actions []string
	Reason  string
}

// FromCheck makes the document of a check result.
func FromCheck(res *policy.Result, version string) *Document {
	d := &Document{
		Tool: "plangate", Version: version, Command: "check",
		Plan: PlanInfo{Path: res.Plan.Path, FormatVersion: res.Plan.FormatVersion,
			TerraformVersion: res.Plan.TerraformVersion, Resources: res.Plan.Resources},
		Findings: make([]Finding, 0, len(res.Findings)),
		Rules:    make([]Rule, 0, len(res.Rules)),
		Errors:   append([]string(nil), res.Errors...),
		Notices:  append([]string(nil), res.Notices...),
	}
	for _, f := range res.Findings {
		nf := Finding{Level: f.Level(), RuleID: f.RuleID, Title: f.Title, Severity: f.Severity,
			Status: f.Status, Decision: f.Decision, Address: f.Address, ResourceType: f.ResourceType,
			Message: f.Message, Remediation: f.Remediation, Actions: f.Actions, File: f.File,
			Line: f.Line, Source: f.Source}
		if w := f.Waiver; w != nil {
			nf.Waiver = &Waiver{Rule: w.Rule, Address: w.Address, Reason: w.Reason, Owner: w.Owner, Expires: w.Expires}
		}
		d.Findings = append(d.Findings, nf)
	}
	for _, r := range res.Rules {
		d.Rules = append(d.Rules, Rule{ID: r.ID, Title: r.Title, Description: r.Description,
			Severity: r.Severity, ResourceTypes: r.ResourceTypes, Remediation: r.Remediation,
			Related: r.Related, Package: r.Package, File: r.File, Source: r.Source})
	}
	d.Finish()
	return d
}

// Finish counts the findings by level and sets the verdict; call it after changing findings,
// errors or sections.
func (d *Document) Finish() {
	d.Summary = Summary{}
	for _, f := range d.Findings {
		switch f.Level {
		case policy.LevelDeny:
			d.Summary.Deny++
		case policy.LevelWarn:
			d.Summary.Warn++
		case policy.LevelUnknown:
			d.Summary.Unknown++
		case policy.LevelInfo:
			d.Summary.Info++
		case policy.LevelWaived:
			d.Summary.Waived++
		case policy.LevelPass:
			d.Summary.Pass++
		}
	}
	d.Verdict = VerdictPass
	if d.Summary.Deny > 0 || len(d.Errors) > 0 || d.Cost != nil && d.Cost.Failed || d.Drift != nil && len(d.Drift.Resources) > 0 {
		d.Verdict = VerdictFail
	}
}

// Failed reports whether the verdict is FAIL.
func (d *Document) Failed() bool { return d.Verdict == VerdictFail }

// Failing returns the findings that are not passes.
func (d *Document) Failing() []Finding {
	var out []Finding
	for _, f := range d.Findings {
		if f.Level != policy.LevelPass {
			out = append(out, f)
		}
	}
	return out
}

// RuleByID returns a rule, or nil.
func (d *Document) RuleByID(id string) *Rule {
	for i := range d.Rules {
		if d.Rules[i].ID == id {
			return &d.Rules[i]
		}
	}
	return nil
}
