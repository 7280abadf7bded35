package notify

import (
	"fmt"
	"sort"

	"github.com/nexabrands/supplychain/policy"
)

// maxCheckItems is how many failing findings a check message lists.
const maxCheckItems = 10

// CheckMessage is the message for a plangate check result: the verdict, the counts by decision
// and the top failing findings (denied first, then by severity, as the result sorts them).
// (plangate check does not call it yet; it is here for the check command's --notify.)
func CheckMessage(r *policy.Result, stack string) Message {
	m := Message{}
	if r.Denied() {
		m.Title = "Policy denied in " + stack
	} else {
		m.Title = "Policy passed in " + stack
	}
	s := r.Summary
	m.Summary = fmt.Sprintf("%d denied, %d warned, %d waived, %d unknown, %d passed", s.Deny, s.Warn, s.Waived, s.Unknown, s.Pass)
	m.Fields = []Field{{"deny", fmt.Sprint(s.Deny)}, {"warn", fmt.Sprint(s.Warn)}, {"waived", fmt.Sprint(s.Waived)}, {"unknown", fmt.Sprint(s.Unknown)}}
	failing := r.Failing()
	for i, f := range failing {
		if i == maxCheckItems {
			m.More = len(failing) - maxCheckItems
			break
		}
		title := f.Address
		if title == "" {
			title = "(plan)"
		}
		m.Items = append(m.Items, Item{Title: title, Tags: []string{string(f.Decision), string(f.Severity)},
			Lines: []string{f.RuleID + ": " + f.Message}})
	}
	m.Context = append(m.Context, "plan "+r.Plan.Path)
	m.Context = append(m.Context, r.Errors...)
	return m
}

// CheckMetrics are a check result's metrics: findings by decision and severity.
func CheckMetrics(r *policy.Result, stack string, exitCode int) Metrics {
	m := Metrics{Command: "check", Stack: stack, ExitCode: exitCode}
	if r == nil {
		return m
	}
	counts := map[[2]string]int{}
	for _, f := range r.Findings {
		counts[[2]string{string(f.Decision), string(f.Severity)}]++
	}
	for k, n := range counts {
		m.Findings = append(m.Findings, FindingCount{Decision: k[0], Severity: k[1], N: n})
	}
	sort.Slice(m.Findings, func(i, j int) bool {
		a, b := m.Findings[i], m.Findings[j]
		return a.Decision+a.Severity < b.Decision+b.Severity
	})
	return m
}
