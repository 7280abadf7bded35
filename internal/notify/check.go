package notify

import (
	"fmt"
	"sort"

	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/report"
)

// maxCheckItems is how many failing findings a check message lists.
const maxCheckItems = 10

// CheckMessage is the message for a plangate check report: the verdict, the counts by level, the
// cost difference when the report has a cost section, and the top failing findings (denied
// first, then warned and unknown, by severity, as the report sorts them; info and waived
// findings are counted, not listed).
func CheckMessage(d *report.Document, stack string) Message {
	m := Message{}
	s := d.Summary
	costFailed := d.Cost != nil && d.Cost.Failed
	switch {
	case s.Deny > 0 || len(d.Errors) > 0:
		m.Title = "Policy denied in " + stack
	case costFailed:
		m.Title = "Cost gate failed in " + stack
	case d.Failed():
		m.Title = "plangate check failed in " + stack
	default:
		m.Title = "Policy passed in " + stack
	}
	m.Summary = fmt.Sprintf("%d denied, %d warned, %d unknown, %d info, %d waived, %d passed", s.Deny, s.Warn, s.Unknown, s.Info, s.Waived, s.Pass)
	m.Fields = []Field{{"deny", fmt.Sprint(s.Deny)}, {"warn", fmt.Sprint(s.Warn)}, {"unknown", fmt.Sprint(s.Unknown)}, {"waived", fmt.Sprint(s.Waived)}}
	if c := d.Cost; c != nil {
		cur := c.Currency
		if cur == "" {
			cur = "USD"
		}
		m.Summary += fmt.Sprintf("; monthly cost %.2f → %.2f %s (%+.2f)", c.MonthlyBefore, c.MonthlyAfter, cur, c.Delta())
		state := "passed"
		if costFailed {
			state = "failed"
		}
		m.Fields = append(m.Fields, Field{"cost change", fmt.Sprintf("%+.2f %s/month", c.Delta(), cur)}, Field{"cost gate", state})
	}
	var top []report.Finding
	for _, f := range d.Findings {
		switch f.Level {
		case policy.LevelDeny, policy.LevelWarn, policy.LevelUnknown:
			top = append(top, f)
		}
	}
	for i, f := range top {
		if i == maxCheckItems {
			m.More = len(top) - maxCheckItems
			break
		}
		title := f.Address
		if title == "" {
			title = "(plan)"
		}
		m.Items = append(m.Items, Item{Title: title, Tags: []string{string(f.Level), string(f.Severity)},
			Lines: []string{f.RuleID + ": " + f.Message}})
	}
	m.Context = append(m.Context, "plan "+d.Plan.Path)
	m.Context = append(m.Context, d.Errors...)
	return m
}

// CheckMetrics are a check report's metrics: findings by decision and severity, and the cost
// before, after and its difference when the report has a cost section. d nil: a run that could
// not judge (the exit code only).
func CheckMetrics(d *report.Document, stack string, exitCode int) Metrics {
	m := Metrics{Command: "check", Stack: stack, ExitCode: exitCode}
	if d == nil {
		return m
	}
	counts := findingCounts{}
	for _, f := range d.Findings {
		counts.add(string(f.Decision), string(f.Severity))
	}
	m.Findings = counts.sorted()
	if c := d.Cost; c != nil {
		m.Cost = &CostFigures{Before: c.MonthlyBefore, After: c.MonthlyAfter, Diff: c.Delta()}
	}
	return m
}

// findingCounts counts findings by decision and severity, for the findings metric.
type findingCounts map[[2]string]int

func (c findingCounts) add(decision, severity string) { c[[2]string{decision, severity}]++ }

// sorted is the counts ordered by decision, then severity.
func (c findingCounts) sorted() []FindingCount {
	var out []FindingCount
	for k, n := range c {
		out = append(out, FindingCount{Decision: k[0], Severity: k[1], N: n})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Decision+a.Severity < b.Decision+b.Severity
	})
	return out
}
