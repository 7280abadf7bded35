package report

import (
	"bufio"
	"encoding/json"
	"io"
	"runtime"
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

// JSONDrift is the drift section (present only in a plangate drift report).
type JSONDrift struct {
	Headline     string             `json:"headline"`
	Summary      JSONDriftSummary   `json:"summary"`
	Resources    []JSONDriftItem    `json:"resources"`
	Known        []JSONDriftItem    `json:"known"`
	Unattributed []JSONDriftFinding `json:"unattributed_findings"`
	Pending      []JSONPending      `json:"pending"`
	Cost         *JSONDriftCost     `json:"cost,omitempty"`
}

// JSONDriftSummary counts drifted resources (each once in drifted and once per class).
type JSONDriftSummary struct {
	Drifted  int `json:"drifted"`
	Security int `json:"security"`
	Cost     int `json:"cost"`
	Deleted  int `json:"deleted"`
	Other    int `json:"other"`
	Benign   int `json:"benign"`
	Known    int `json:"known"`
	Pending  int `json:"pending"`
}

// JSONDriftItem is one drifted resource.
type JSONDriftItem struct {
	Address      string             `json:"address"`
	ResourceType string             `json:"resource_type,omitempty"`
	Action       string             `json:"action"`
	Classes      []string           `json:"classes"`
	Changes      []JSONDriftChange  `json:"changes"`
	Findings     []JSONDriftFinding `json:"findings"`
	Cost         *JSONDriftCost     `json:"cost,omitempty"`
}

// JSONDriftChange is one attribute changed outside Terraform; before and after are left out for
// a sensitive value.
type JSONDriftChange struct {
	Path      string          `json:"path"`
	Before    any             `json:"before,omitempty"`
	After     any             `json:"after,omitempty"`
	Sensitive bool            `json:"sensitive,omitempty"`
	Classes   []string        `json:"classes"`
	Known     *JSONKnownDrift `json:"known,omitempty"`
}

// JSONKnownDrift is the known-drift entry that silences a change.
type JSONKnownDrift struct {
	Address   string `json:"address"`
	Attribute string `json:"attribute"`
	Reason    string `json:"reason"`
	Owner     string `json:"owner"`
	Expires   string `json:"expires"`
}

// JSONDriftFinding is a built-in rule that fails on the drifted state only (or worse).
type JSONDriftFinding struct {
	RuleID      string `json:"rule_id"`
	Title       string `json:"title,omitempty"`
	Severity    string `json:"severity"`
	Decision    string `json:"decision"`
	Address     string `json:"address,omitempty"`
	Message     string `json:"message"`
	Remediation string `json:"remediation,omitempty"`
	Worsened    bool   `json:"worsened"`
}

// JSONDriftCost is a monthly cost in USD before and after drift, or why it is not priced.
type JSONDriftCost struct {
	Priced        bool    `json:"priced"`
	MonthlyBefore float64 `json:"monthly_before"`
	MonthlyAfter  float64 `json:"monthly_after"`
	MonthlyDelta  float64 `json:"monthly_delta"`
	Reason        string  `json:"reason,omitempty"`
}

// JSONPending is a configuration change of the plan: not applied yet, not drift.
type JSONPending struct {
	Address string   `json:"address"`
	Actions []string `json:"actions"`
	Reason  string   `json:"reason,omitempty"`
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
		r.Drift = jsonDrift(dr)
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
//
// The bytes are those of json.MarshalIndent(NewJSONReport(d), "", "  ") and a newline. They are
// made in parts on every core: each top-level field, and the findings in chunks, marshalled
// and indented apart (a report of 20,000 findings is 16 MB: one marshal of it was a single-core
// tenth of a second at the end of a check).
func JSON(w io.Writer, d *Document, _ Options) error {
	fields := NewJSONReport(d).fields()
	var parts []*jsonPart
	for _, f := range fields {
		for _, v := range f.values {
			p := &jsonPart{value: v, chunk: f.chunked, done: make(chan struct{})}
			f.parts = append(f.parts, p)
			parts = append(parts, p)
		}
	}
	// Parts are made in order on every core and written in order as each is done, so that only
	// the parts in between are held.
	next := make(chan *jsonPart)
	go func() {
		for _, p := range parts {
			next <- p
		}
		close(next)
	}()
	for range min(runtime.GOMAXPROCS(0), len(parts)) {
		go func() {
			for p := range next {
				p.make()
				close(p.done)
			}
		}()
	}
	// bufio.Writer keeps the first write error and Flush returns it.
	bw := bufio.NewWriterSize(w, 1<<16)
	_ = bw.WriteByte('{')
	sep := "\n  "
	for _, f := range fields {
		if f.omit {
			continue
		}
		key, _ := json.Marshal(f.key)
		_, _ = bw.WriteString(sep)
		sep = ",\n  "
		_, _ = bw.Write(key)
		_, _ = bw.WriteString(": ")
		if f.chunked {
			_ = bw.WriteByte('[')
		}
		for i, p := range f.parts {
			<-p.done
			if p.err != nil {
				return p.err
			}
			if f.chunked {
				if i > 0 {
					_ = bw.WriteByte(',')
				}
				_, _ = bw.WriteString("\n    ")
			}
			_, _ = bw.Write(p.b)
			p.b = nil
		}
		if f.chunked {
			_, _ = bw.WriteString("\n  ]")
		}
	}
	_, _ = bw.WriteString("\n}\n")
	return bw.Flush()
}

// jsonPart is a top-level field's value, or a chunk of its elements, marshalled and indented.
type jsonPart struct {
	value any
	chunk bool // a chunk of an array's elements: written without [ and ], two levels deep
	done  chan struct{}
	b     []byte
	err   error
}

func (p *jsonPart) make() {
	b, err := json.Marshal(p.value)
	if err != nil {
		p.err = err
		return
	}
	if p.chunk {
		p.b = indentTo(make([]byte, 0, len(b)+len(b)/2), b[1:len(b)-1], 2)
	} else {
		p.b = indentTo(make([]byte, 0, len(b)+len(b)/2), b, 1)
	}
}

// findingsChunk is how many findings are marshalled together.
const findingsChunk = 2048

// jsonField is a top-level field of the JSON report: its value, or (chunked) the chunks of its
// array value.
type jsonField struct {
	key     string
	values  []any
	chunked bool
	omit    bool // omitempty and empty: no values
	parts   []*jsonPart
}

// fields are the report's top-level fields in JSONReport's order, with its omitempty rules
// (TestJSONFieldsAreTheStruct holds the two together).
func (r *JSONReport) fields() []*jsonField {
	one := func(key string, v any) *jsonField { return &jsonField{key: key, values: []any{v}} }
	findings := one("findings", r.Findings)
	if len(r.Findings) > findingsChunk {
		findings = &jsonField{key: "findings", chunked: true}
		for lo := 0; lo < len(r.Findings); lo += findingsChunk {
			findings.values = append(findings.values, r.Findings[lo:min(lo+findingsChunk, len(r.Findings))])
		}
	}
	cost, drift := one("cost", r.Cost), one("drift", r.Drift)
	if r.Cost == nil {
		cost = &jsonField{key: "cost", omit: true}
	}
	if r.Drift == nil {
		drift = &jsonField{key: "drift", omit: true}
	}
	return []*jsonField{
		one("schema_version", r.SchemaVersion), one("tool", r.Tool), one("command", r.Command),
		one("verdict", r.Verdict), one("plan", r.Plan), one("summary", r.Summary), findings,
		one("rules", r.Rules), one("errors", r.Errors), one("notices", r.Notices), cost, drift,
	}
}

func jsonDrift(dr *DriftSection) *JSONDrift {
	jd := &JSONDrift{Headline: clip(dr.Headline), Summary: JSONDriftSummary(dr.Summary),
		Resources: jsonDriftItems(dr.Resources), Known: jsonDriftItems(dr.Known),
		Unattributed: jsonDriftFindings(dr.Unattributed), Pending: make([]JSONPending, 0, len(dr.Pending)),
		Cost: jsonDriftCost(dr.Cost)}
	for _, p := range dr.Pending {
		jd.Pending = append(jd.Pending, JSONPending{Address: clip(p.Address), Actions: clipAll(p.Actions), Reason: clip(p.Reason)})
	}
	return jd
}

func jsonDriftItems(items []DriftItem) []JSONDriftItem {
	out := make([]JSONDriftItem, 0, len(items))
	for _, it := range items {
		ji := JSONDriftItem{Address: clip(it.Address), ResourceType: clip(it.ResourceType), Action: it.Action,
			Classes: clipAll(it.Classes), Changes: make([]JSONDriftChange, 0, len(it.Changes)),
			Findings: jsonDriftFindings(it.Findings), Cost: jsonDriftCost(it.Cost)}
		for _, c := range it.Changes {
			jc := JSONDriftChange{Path: clip(c.Path), Sensitive: c.Sensitive, Classes: clipAll(c.Classes)}
			if !c.Sensitive {
				jc.Before, jc.After = clipValue(c.Before), clipValue(c.After)
			}
			if k := c.Known; k != nil {
				jc.Known = &JSONKnownDrift{Address: clip(k.Address), Attribute: clip(k.Attribute), Reason: clip(k.Reason), Owner: clip(k.Owner), Expires: clip(k.Expires)}
			}
			ji.Changes = append(ji.Changes, jc)
		}
		out = append(out, ji)
	}
	return out
}

func jsonDriftFindings(fs []DriftFinding) []JSONDriftFinding {
	out := make([]JSONDriftFinding, 0, len(fs))
	for _, f := range fs {
		out = append(out, JSONDriftFinding{RuleID: clip(f.RuleID), Title: clip(f.Title), Severity: clip(string(f.Severity)),
			Decision: string(f.Decision), Address: clip(f.Address), Message: clip(f.Message), Remediation: clip(f.Remediation), Worsened: f.Worsened})
	}
	return out
}

func jsonDriftCost(c *DriftCost) *JSONDriftCost {
	if c == nil {
		return nil
	}
	return &JSONDriftCost{Priced: c.Priced, MonthlyBefore: c.Before, MonthlyAfter: c.After, MonthlyDelta: c.Delta, Reason: clip(c.Reason)}
}

// clipValue is a value with every string in it (keys too) clipped.
func clipValue(v any) any {
	switch x := v.(type) {
	case string:
		return clip(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = clipValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[clip(k)] = clipValue(e)
		}
		return out
	}
	return v
}
