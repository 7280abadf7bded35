// Package policy judges a parsed plan: it loads the embedded Rego rules once, evaluates them and
// any user policies against the plan, and returns typed findings that every report format reads.
package policy

import (
	"cmp"
	"slices"
	"sort"
)

// Severity of a rule.
type Severity string

// Severities, most severe first.
const (
	Critical Severity = "critical"
	High     Severity = "high"
	Medium   Severity = "medium"
	Low      Severity = "low"
)

// Rank orders severities: critical 4 … low 1, anything else 0.
func (s Severity) Rank() int {
	switch s {
	case Critical:
		return 4
	case High:
		return 3
	case Medium:
		return 2
	case Low:
		return 1
	}
	return 0
}

// Status is what a rule found for one resource.
type Status string

// Statuses. Unknown means the deciding value is known only after apply: never a pass, never a fail.
const (
	Fail    Status = "fail"
	Pass    Status = "pass"
	Unknown Status = "unknown"
)

// Decision is what a finding does to the run.
type Decision string

// Decisions. Deny makes the run fail (exit 1); the others do not.
const (
	Deny   Decision = "deny"
	Warn   Decision = "warn"
	Waived Decision = "waived"
	Passed Decision = "pass"
	Info   Decision = "info"
)

// Rule is one entry of the catalogue, read from the rule's `# METADATA`.
type Rule struct {
	ID            string              `json:"id"`
	Title         string              `json:"title"`
	Description   string              `json:"description,omitempty"`
	Severity      Severity            `json:"severity"`
	ResourceTypes []string            `json:"resource_types,omitempty"`
	Remediation   string              `json:"remediation,omitempty"`
	Related       map[string][]string `json:"related,omitempty"` // "checkov": [...], "trivy": [...]
	Package       string              `json:"package"`
	File          string              `json:"file,omitempty"`
	Source        string              `json:"source"` // "builtin" or "user"
}

// Finding is one rule's verdict on one resource (or on the plan, where Address is empty).
type Finding struct {
	RuleID       string   `json:"rule_id"`
	Title        string   `json:"title"`
	Severity     Severity `json:"severity"`
	Status       Status   `json:"status"`
	Decision     Decision `json:"decision"`
	Address      string   `json:"address,omitempty"`
	ResourceType string   `json:"resource_type,omitempty"`
	Message      string   `json:"message"`
	Remediation  string   `json:"remediation,omitempty"`
	// Actions are the plan's actions on the resource (create, update, no-op …).
	Actions []string `json:"actions,omitempty"`
	Waiver  *Waiver  `json:"waiver,omitempty"`
	// File and Line locate the resource block in the .tf source, when it was found.
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Source string `json:"source"` // "builtin" or "user"
}

// Summary counts findings by level (Finding.Level): each finding once.
type Summary struct {
	Deny    int `json:"deny"`
	Warn    int `json:"warn"`
	Waived  int `json:"waived"`
	Unknown int `json:"unknown"`
	Info    int `json:"info"`
	Pass    int `json:"pass"`
}

// PlanInfo describes the plan that was judged.
type PlanInfo struct {
	Path             string `json:"path"`
	FormatVersion    string `json:"format_version"`
	TerraformVersion string `json:"terraform_version,omitempty"`
	Resources        int    `json:"resources"`
}

// Result is the outcome of a check: every format renders it.
type Result struct {
	Plan     PlanInfo  `json:"plan"`
	Findings []Finding `json:"findings"`
	Rules    []Rule    `json:"rules"`
	Summary  Summary   `json:"summary"`
	// Errors fail the run even without denied findings (an expired waiver).
	Errors []string `json:"errors,omitempty"`
	// Notices are warnings about the run itself (an unused waiver).
	Notices []string `json:"notices,omitempty"`
}

// Denied reports whether the run must fail with exit code 1.
func (r *Result) Denied() bool { return r.Summary.Deny > 0 || len(r.Errors) > 0 }

// RuleByID returns the catalogue entry of a rule, or nil.
func (r *Result) RuleByID(id string) *Rule {
	for i := range r.Rules {
		if r.Rules[i].ID == id {
			return &r.Rules[i]
		}
	}
	return nil
}

// Failing returns the findings that are not passes (fail, unknown or waived).
func (r *Result) Failing() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Status != Pass {
			out = append(out, f)
		}
	}
	return out
}

func (r *Result) finish() {
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	if r.Rules == nil {
		r.Rules = []Rule{}
	}
	sortFindings(r.Findings)
	r.Summary = Summary{}
	for _, f := range r.Findings {
		switch f.Level() {
		case LevelDeny:
			r.Summary.Deny++
		case LevelWarn:
			r.Summary.Warn++
		case LevelUnknown:
			r.Summary.Unknown++
		case LevelInfo:
			r.Summary.Info++
		case LevelWaived:
			r.Summary.Waived++
		case LevelPass:
			r.Summary.Pass++
		}
	}
	sort.Slice(r.Rules, func(i, j int) bool { return r.Rules[i].ID < r.Rules[j].ID })
}

// sortFindings orders findings as every report lists them: by decision, severity (both most
// severe first), rule, address and message; findings equal in all five keep their order. It
// sorts small keys, not the findings: a stable sort moves each of 20,000 findings (about 200
// bytes) some thirty times.
func sortFindings(fs []Finding) {
	type key struct {
		decision, severity int
		i                  int
	}
	keys := make([]key, len(fs))
	for i := range fs {
		keys[i] = key{decisionRank(fs[i].Decision), fs[i].Severity.Rank(), i}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(b.decision, a.decision); c != 0 {
			return c
		}
		if c := cmp.Compare(b.severity, a.severity); c != 0 {
			return c
		}
		fa, fb := &fs[a.i], &fs[b.i]
		if c := cmp.Compare(fa.RuleID, fb.RuleID); c != 0 {
			return c
		}
		if c := cmp.Compare(fa.Address, fb.Address); c != 0 {
			return c
		}
		if c := cmp.Compare(fa.Message, fb.Message); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i) // the input's order: a total order sorts as a stable one
	})
	sorted := make([]Finding, len(fs))
	for j, k := range keys {
		sorted[j] = fs[k.i]
	}
	copy(fs, sorted)
}

func decisionRank(d Decision) int {
	switch d {
	case Deny:
		return 5
	case Warn:
		return 4
	case Info:
		return 3
	case Waived:
		return 2
	}
	return 1
}
