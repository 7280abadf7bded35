package report

import (
	"encoding/json"
	"io"
)

// JSONSchemaVersion is the version of the JSON report's schema (JSONReport). It changes when a
// field is removed, renamed or changes meaning; fields may be added within a version.
const JSONSchemaVersion = "1"

// JSONReport is the JSON report, schema version 1 (documented in the guide "plangate JSON
// report"). It is report's own type: the policy package's structs may change without changing it.
type JSONReport struct {
	SchemaVersion string        `json:"schema_version"`
	Tool          JSONTool      `json:"tool"`
	Command       string        `json:"command"`
	Verdict       string        `json:"verdict"`
	Plan          JSONPlan      `json:"plan"`
	Summary       JSONSummary   `json:"summary"`
	Findings      []JSONFinding `json:"findings"`
	Rules         []JSONRule    `json:"rules"`
	Errors        []string      `json:"errors"`
	Notices       []string      `json:"notices"`
	Cost          *JSONCost     `json:"cost,omitempty"`
	Drift         *JSONDrift    `json:"drift,omitempty"`
}

// JSONTool names the tool that wrote the report.
type JSONTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// JSONPlan describes the plan that was judged.
type JSONPlan struct {
	Path             string `json:"path"`
	FormatVersion    string `json:"format_version"`
	TerraformVersion string `json:"terraform_version,omitempty"`
	Resources        int    `json:"resources"`
}

// JSONSummary counts findings by level; Total is their sum.
type JSONSummary struct {
	Deny    int `json:"deny"`
	Warn    int `json:"warn"`
	Unknown int `json:"unknown"`
	Info    int `json:"info"`
	Waived  int `json:"waived"`
	Pass    int `json:"pass"`
	Total   int `json:"total"`
}

// JSONFinding is one finding.
type JSONFinding struct {
	Level        string      `json:"level"`
	RuleID       string      `json:"rule_id"`
	Title        string      `json:"title"`
	Severity     string      `json:"severity"`
	Status       string      `json:"status"`
	Decision     string      `json:"decision"`
	Address      string      `json:"address,omitempty"`
	ResourceType string      `json:"resource_type,omitempty"`
	Message      string      `json:"message"`
	Remediation  string      `json:"remediation,omitempty"`
	Actions      []string    `json:"actions,omitempty"`
	File         string      `json:"file,omitempty"`
	Line         int         `json:"line,omitempty"`
	Source       string      `json:"source"`
	Waiver       *JSONWaiver `json:"waiver,omitempty"`
}

// JSONWaiver is the waiver that suppressed a finding.
type JSONWaiver struct {
	Rule    string `json:"rule"`
	Address string `json:"address"`
	Reason  string `json:"reason"`
	Owner   string `json:"owner"`
	Expires string `json:"expires"`
}

// JSONRule is one rule that judged the plan.
type JSONRule struct {
	ID            string              `json:"id"`
	Title         string              `json:"title"`
	Description   string              `json:"description,omitempty"`
	Severity      string              `json:"severity"`
	ResourceTypes []string            `json:"resource_types,omitempty"`
	Remediation   string              `json:"remediation,omitempty"`
	Related       map[string][]string `json:"related,omitempty"`
	Package       string              `json:"package,omitempty"`
	File          string              `json:"file,omitempty"`
	Source        string              `json:"source"`
}

// JSONCost is the cost section (present only when a cost estimate was made).
type JSONCost struct {
	Currency      string             `json:"currency"`
	PriceSheet    string             `json:"price_sheet,omitempty"`
	BeforeFrom    string             `json:"before_from"`
	MonthlyBefore float64            `json:"monthly_before"`
	MonthlyAfter  float64            `json:"monthly_after"`
	MonthlyDelta  float64            `json:"monthly_delta"`
	Threshold     *float64           `json:"threshold,omitempty"`
	Failed        bool               `json:"failed"`
	PricedOnly    bool               `json:"priced_only"`
	Gate          JSONCostGate       `json:"gate"`
	Resources     []JSONCostLine     `json:"resources"`
	Unpriced      []JSONCostUnpriced `json:"unpriced"`
	Notes         []string           `json:"notes,omitempty"`
}

// JSONCostGate is the cost gate's verdict.
type JSONCostGate struct {
	RuleID  string   `json:"rule_id"`
	Verdict string   `json:"verdict"`
	Fail    []string `json:"fail"`
	Warn    []string `json:"warn"`
	Notes   []string `json:"notes"`
}

// JSONCostLine is one resource's monthly cost; a side that cannot be priced is null.
type JSONCostLine struct {
	Address       string   `json:"address"`
	ResourceType  string   `json:"resource_type,omitempty"`
	Action        string   `json:"action"`
	MonthlyBefore *float64 `json:"monthly_before"`
	MonthlyAfter  *float64 `json:"monthly_after"`
	MonthlyDiff   float64  `json:"monthly_diff"`
	Note          string   `json:"note,omitempty"`
}

// JSONCostUnpriced is one resource or component that could not be priced.
type JSONCostUnpriced struct {
	Address      string `json:"address"`
	ResourceType string `json:"resource_type"`
	Component    string `json:"component,omitempty"`
	Side         string `json:"side"`
	Reason       string `json:"reason"`
	Detail       string `json:"detail"`
	Changed      bool   `json:"changed"`
}

// JSONDrift is the drift section (present only when drift was looked for).
type JSONDrift struct {
	Resources []JSONDriftItem `json:"resources"`
}

// JSONDriftItem is one drifted resource.
type JSONDriftItem struct {
	Address      string   `json:"address"`
	ResourceType string   `json:"resource_type,omitempty"`
	Action       string   `json:"action"`
	Class        string   `json:"class,omitempty"`
	Attributes   []string `json:"attributes,omitempty"`
}

// NewJSONReport maps a document to the JSON report. Every string is clipped (MaxText); JSON's
// own escaping does the rest.
func NewJSONReport(d *Document) *JSONReport {
	s := d.Summary
	r := &JSONReport{
		SchemaVersion: JSONSchemaVersion,
		Tool:          JSONTool{Name: d.Tool, Version: d.Version},
		Command:       d.Command,
		Verdict:       string(d.Verdict),
		Plan: JSONPlan{Path: clip(d.Plan.Path), FormatVersion: clip(d.Plan.FormatVersion),
			TerraformVersion: clip(d.Plan.TerraformVersion), Resources: d.Plan.Resources},
		Summary: JSONSummary{Deny: s.Deny, Warn: s.Warn, Unknown: s.Unknown, Info: s.Info,
			Waived: s.Waived, Pass: s.Pass, Total: s.Total()},
		Findings: make([]JSONFinding, 0, len(d.Findings)),
		Rules:    make([]JSONRule, 0, len(d.Rules)),
		Errors:   clipAll(d.Errors),
		Notices:  clipAll(d.Notices),
	}
	for _, f := range d.Findings {
		jf := JSONFinding{Level: string(f.Level), RuleID: clip(f.RuleID), Title: clip(f.Title),
			Severity: clip(string(f.Severity)), Status: string(f.Status), Decision: string(f.Decision),
			Address: clip(f.Address), ResourceType: clip(f.ResourceType), Message: clip(f.Message),
			Remediation: clip(f.Remediation), Actions: clipAll(f.Actions), File: clip(f.File), Line: f.Line,
			Source: f.Source}
		if w := f.Waiver; w != nil {
			jf.Waiver = &JSONWaiver{Rule: clip(w.Rule), Address: clip(w.Address), Reason: clip(w.Reason),
				Owner: clip(w.Owner), Expires: clip(w.Expires)}
		}
		r.Findings = append(r.Findings, jf)
	}
	for _, ru := range d.Rules {
		r.Rules = append(r.Rules, JSONRule{ID: clip(ru.ID), Title: clip(ru.Title), Description: clip(ru.Description),
			Severity: clip(string(ru.Severity)), ResourceTypes: clipAll(ru.ResourceTypes), Remediation: clip(ru.Remediation),
			Related: ru.Related, Package: clip(ru.Package), File: clip(ru.File), Source: ru.Source})
	}
	if c := d.Cost; c != nil {
		jc := &JSONCost{Currency: clip(c.Currency), PriceSheet: clip(c.PriceSheet), BeforeFrom: c.BeforeFrom,
			MonthlyBefore: c.MonthlyBefore, MonthlyAfter: c.MonthlyAfter, MonthlyDelta: c.Delta(),
			Threshold: c.Threshold, Failed: c.Failed, PricedOnly: c.PricedOnly,
			Gate:      JSONCostGate{RuleID: CostRuleID, Verdict: c.Gate, Fail: clipAll(c.GateFail), Warn: clipAll(c.GateWarn), Notes: clipAll(c.GateNotes)},
			Resources: make([]JSONCostLine, 0, len(c.Resources)), Unpriced: make([]JSONCostUnpriced, 0, len(c.Unpriced)),
			Notes: clipAll(c.Notes)}
		for _, l := range c.Resources {
			jc.Resources = append(jc.Resources, JSONCostLine{Address: clip(l.Address), ResourceType: clip(l.ResourceType),
				Action: l.Action, MonthlyBefore: l.MonthlyBefore, MonthlyAfter: l.MonthlyAfter, MonthlyDiff: l.MonthlyDiff, Note: clip(l.Note)})
		}
		for _, u := range c.Unpriced {
			jc.Unpriced = append(jc.Unpriced, JSONCostUnpriced{Address: clip(u.Address), ResourceType: clip(u.ResourceType),
				Component: clip(u.Component), Side: u.Side, Reason: u.Reason, Detail: clip(u.Detail), Changed: u.Changed})
		}
		r.Cost = jc
	}
	if dr := d.Drift; dr != nil {
		jd := &JSONDrift{Resources: make([]JSONDriftItem, 0, len(dr.Resources))}
		for _, it := range dr.Resources {
			jd.Resources = append(jd.Resources, JSONDriftItem{Address: clip(it.Address), ResourceType: clip(it.ResourceType),
				Action: clip(it.Action), Class: clip(it.Class), Attributes: clipAll(it.Attributes)})
		}
		r.Drift = jd
	}
	return r
}

func clipAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = clip(x)
	}
	return out
}

// JSON writes the document as one JSON report (JSONReport).
func JSON(w io.Writer, d *Document, _ Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(NewJSONReport(d))
}
