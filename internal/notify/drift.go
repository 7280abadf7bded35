package notify

import (
	"fmt"
	"sort"

	"github.com/nexabrands/supplychain/policy/drift"
)

// maxItemLines is the most lines one drifted resource gets in a message.
const maxItemLines = 6

// DriftMessage is the message for a drift report: the classes' counts, then the drifted resources
// (security first), their changes and the findings. Values are the report's (already redacted).
func DriftMessage(r *drift.Report, stack string) Message {
	m := Message{Summary: r.Headline()}
	if r.Summary.Drifted > 0 || len(r.Errors) > 0 {
		m.Title = fmt.Sprintf("Drift in %s: %d %s", stack, r.Summary.Drifted, plural(r.Summary.Drifted, "resource", "resources"))
	} else {
		m.Title = "No drift in " + stack
	}
	for _, c := range drift.Classes {
		m.Fields = append(m.Fields, Field{Label: string(c), Value: fmt.Sprint(r.Summary.ByClass(c))})
	}
	m.Fields = append(m.Fields, Field{Label: "known (silenced)", Value: fmt.Sprint(r.Summary.Known)},
		Field{Label: "pending (not drift)", Value: fmt.Sprint(r.Summary.Pending)})
	var live []drift.Resource
	for _, d := range r.Drifted {
		if !d.Known {
			live = append(live, d)
		}
	}
	sort.SliceStable(live, func(i, j int) bool { return rank(live[i]) > rank(live[j]) })
	for _, d := range live {
		it := Item{Title: d.Address}
		for _, c := range d.Classes {
			it.Tags = append(it.Tags, string(c))
		}
		for _, f := range d.Findings {
			it.Lines = append(it.Lines, fmt.Sprintf("%s (%s, %s): %s", f.RuleID, f.Severity, f.Decision, f.Message))
		}
		for _, c := range d.Changes {
			if c.Known == nil {
				it.Lines = append(it.Lines, c.Describe(80))
			}
		}
		if d.Cost != nil && !d.Cost.Priced {
			it.Lines = append(it.Lines, "cost: "+d.Cost.Reason)
		} else if d.Cost != nil {
			it.Lines = append(it.Lines, fmt.Sprintf("cost: %.2f → %.2f USD/month (%+.2f)", d.Cost.Before, d.Cost.After, d.Cost.Diff))
		}
		if len(it.Lines) > maxItemLines {
			n := len(it.Lines) - maxItemLines + 1
			it.Lines = append(it.Lines[:maxItemLines-1], fmt.Sprintf("and %d more", n))
		}
		m.Items = append(m.Items, it)
	}
	if c := r.Cost; c != nil && c.Priced {
		m.Fields = append(m.Fields, Field{Label: "priced drift", Value: fmt.Sprintf("%+.2f USD/month", c.Diff)})
	}
	m.Context = append(m.Context, "plan "+r.Plan.Path)
	m.Context = append(m.Context, r.Errors...)
	return m
}

// ErrorMessage is the message for a run that could not judge (a tool error).
func ErrorMessage(command, stack string, err error) Message {
	return Message{Title: fmt.Sprintf("plangate %s could not judge %s", command, stack), Summary: err.Error()}
}

// DriftMetrics are a drift report's metrics.
func DriftMetrics(r *drift.Report, stack string, exitCode int) Metrics {
	m := Metrics{Command: "drift", Stack: stack, ExitCode: exitCode}
	if r == nil {
		return m
	}
	dc := &DriftCounts{ByClass: map[string]int{}, Total: r.Summary.Drifted, Known: r.Summary.Known}
	for _, c := range drift.Classes {
		dc.ByClass[string(c)] = r.Summary.ByClass(c)
	}
	m.Drift = dc
	counts := findingCounts{}
	for _, f := range r.Security {
		counts.add(string(f.Decision), string(f.Severity))
	}
	m.Findings = counts.sorted()
	if r.Cost != nil && r.Cost.Priced {
		m.Cost = &CostFigures{Before: r.Cost.Before, After: r.Cost.After, Diff: r.Cost.Diff}
	}
	return m
}

func rank(d drift.Resource) int {
	n := 0
	for _, c := range d.Classes {
		switch c {
		case drift.Security:
			n += 8
		case drift.Cost:
			n += 4
		case drift.Deleted:
			n += 2
		case drift.Other:
			n++
		}
	}
	return n
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
