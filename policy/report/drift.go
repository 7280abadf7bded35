package report

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/nexabrands/supplychain/policy"
)

// The drift section in every format. Every string of it comes from the plan (addresses,
// attribute paths, values, messages) or the known-drift file: each goes through the format's
// escaping, as findings do.

// judged reports whether rules judged the plan as a whole (a check): then the findings' summary
// is printed. A drift document keeps its findings in its section and prints its own summary.
func (d *Document) judged() bool {
	return d.Drift == nil || len(d.Rules) > 0 || len(d.Findings) > 0
}

// valueLimit is the most characters of one value a change prints (the JSON report keeps
// values whole, with each string clipped).
const valueLimit = 100

// valueText writes a value for a person: JSON, cut after limit characters. Not escaped.
func valueText(v any, limit int) string {
	var s string
	if v == nil {
		s = "null"
	} else if b, err := json.Marshal(v); err == nil {
		s = string(b)
	} else {
		s = fmt.Sprint(v)
	}
	if utf8.RuneCountInString(s) > limit {
		r := []rune(s)
		s = string(r[:limit]) + "…"
	}
	return s
}

// changeText is one change for a person: "path: before → after", "path: changed (sensitive
// value, not shown)", or "deleted outside Terraform". Not escaped.
func changeText(c DriftChange, limit int) string {
	path := clip(c.Path)
	if path == "" {
		path = "(whole resource)"
	}
	switch {
	case c.Path == "" && hasName(c.Classes, "deleted"):
		return "deleted outside Terraform"
	case c.Sensitive:
		return path + ": changed (sensitive value, not shown)"
	}
	return fmt.Sprintf("%s: %s → %s", path, valueText(c.Before, limit), valueText(c.After, limit))
}

func knownText(k *KnownDrift) string {
	return fmt.Sprintf("%s; %s; until %s", clip(k.Reason), clip(k.Owner), clip(k.Expires))
}

func findingText(f DriftFinding) string {
	s := fmt.Sprintf("%s %s (%s): %s", clip(f.RuleID), f.Decision, f.Severity, clip(f.Message))
	if f.Worsened {
		s += " (failed before too, now worse)"
	}
	return s
}

func costText(c *DriftCost) string {
	if !c.Priced {
		return clip(c.Reason)
	}
	return fmt.Sprintf("%.2f → %.2f USD/month (%+.2f)", c.Before, c.After, c.Delta)
}

func hasName(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// itemLines are a drifted resource's lines: its changes, findings and cost. Not escaped.
func itemLines(it DriftItem) []string {
	const limit = valueLimit
	var out []string
	for _, c := range it.Changes {
		if c.Known != nil {
			out = append(out, changeText(c, limit)+" (known: "+knownText(c.Known)+")")
			continue
		}
		out = append(out, changeText(c, limit)+" ["+strings.Join(clipAll(c.Classes), ", ")+"]")
	}
	for _, f := range it.Findings {
		out = append(out, "security: "+findingText(f))
	}
	if it.Cost != nil {
		out = append(out, "cost: "+costText(it.Cost))
	}
	return out
}

func driftFooter(s DriftSummary) string {
	return fmt.Sprintf("%d drifted (%d security, %d cost, %d deleted, %d other, %d benign), %d known, %d pending",
		s.Drifted, s.Security, s.Cost, s.Deleted, s.Other, s.Benign, s.Known, s.Pending)
}

func textDrift(b *strings.Builder, dr *DriftSection, bold func(string) string) {
	fmt.Fprintf(b, "\n%s (%d): %s\n", bold("Drift"), len(dr.Resources), plain(dr.Headline))
	for _, it := range dr.Resources {
		fmt.Fprintf(b, "\n  %s  [%s]\n", plain(it.Address), plainList(it.Classes))
		for _, l := range itemLines(it) {
			fmt.Fprintf(b, "    %s\n", plainUnclipped(l))
		}
	}
	if dr.Cost != nil {
		fmt.Fprintf(b, "\n  priced drift in all: %s\n", costText(dr.Cost))
	}
	if len(dr.Unattributed) > 0 {
		b.WriteString("\n  Security findings on resources that did not drift themselves:\n")
		for _, f := range dr.Unattributed {
			fmt.Fprintf(b, "    %s: %s\n", plain(f.Address), plainUnclipped(findingText(f)))
		}
	}
	if len(dr.Known) > 0 {
		b.WriteString("\n  Known drift (silenced):\n")
		for _, it := range dr.Known {
			fmt.Fprintf(b, "    %s  [%s]  %s\n", plain(it.Address), plainList(it.Classes), plainUnclipped(knownText(it.Changes[0].Known)))
		}
	}
	if len(dr.Pending) > 0 {
		fmt.Fprintf(b, "\n  Not applied yet: %s in the plan (not drift):\n", plural(len(dr.Pending), "configuration change", "configuration changes"))
		for _, p := range dr.Pending {
			fmt.Fprintf(b, "    %s  %s\n", plain(p.Address), plainList(p.Actions))
		}
	}
}

// markdownRowChanges is the most changes one resource's row lists.
const markdownRowChanges = 10

// markdownDrift writes the drift section of the comment, a row per drifted resource while the
// rows fit; it returns what it left out.
func markdownDrift(b *strings.Builder, dr *DriftSection, fits func(string) bool) (left []string) {
	more := func(n int) []string {
		return []string{plural(n, "more drifted resource", "more drifted resources")}
	}
	head := fmt.Sprintf("### Drift: %s\n\n", md(dr.Headline))
	if !fits(head) {
		return append(more(len(dr.Resources)), "the drift section")
	}
	b.WriteString(head)
	if len(dr.Resources) > 0 {
		table := "| Resource | Class | What changed |\n|---|---|---|\n"
		if !fits(table) {
			return more(len(dr.Resources))
		}
		b.WriteString(table)
		for i, it := range dr.Resources {
			var what []string
			for j, c := range it.Changes {
				if j == markdownRowChanges {
					what = append(what, fmt.Sprintf("and %d more changes", len(it.Changes)-j))
					break
				}
				s := "`" + mdCode(changeText(c, 60)) + "`"
				if c.Known != nil {
					s += " (known)"
				}
				what = append(what, s)
			}
			for _, f := range it.Findings {
				what = append(what, "**"+md(f.RuleID)+"** "+md(string(f.Severity))+": "+md(f.Message))
			}
			if it.Cost != nil {
				what = append(what, "cost: "+md(costText(it.Cost)))
			}
			row := fmt.Sprintf("| `%s` | %s | %s |\n", mdCode(it.Address), md(strings.Join(it.Classes, ", ")), strings.Join(what, "<br>"))
			if !fits(row) {
				left = more(len(dr.Resources) - i)
				break
			}
			b.WriteString(row)
		}
		b.WriteString("\n")
	}
	var extra strings.Builder
	if dr.Cost != nil {
		fmt.Fprintf(&extra, "Priced drift in all: %s.\n\n", md(costText(dr.Cost)))
	}
	if len(dr.Unattributed) > 0 {
		extra.WriteString("Security findings on resources that did not drift themselves:\n\n")
		for _, f := range dr.Unattributed {
			fmt.Fprintf(&extra, "- `%s`: %s\n", mdCode(f.Address), md(findingText(f)))
		}
		extra.WriteString("\n")
	}
	if len(dr.Known) > 0 {
		extra.WriteString("<details><summary>Known drift (silenced)</summary>\n\n")
		for _, it := range dr.Known {
			fmt.Fprintf(&extra, "- `%s` (%s): %s\n", mdCode(it.Address), md(strings.Join(it.Classes, ", ")), md(knownText(it.Changes[0].Known)))
		}
		extra.WriteString("\n</details>\n\n")
	}
	if len(dr.Pending) > 0 {
		fmt.Fprintf(&extra, "%s not applied yet (not drift).\n\n", plural(len(dr.Pending), "configuration change", "configuration changes"))
	}
	if fits(extra.String()) {
		b.WriteString(extra.String())
	} else {
		left = append(left, "the known drift, pending changes and other findings of the drift")
	}
	return left
}

// junitDrift is the suite "drift": a failure per drifted resource, a skipped case per silenced
// one.
func junitDrift(dr *DriftSection) junitSuite {
	s := junitSuite{Name: "drift"}
	for _, it := range dr.Resources {
		msg := plain(it.Address) + " drifted outside Terraform [" + plainList(it.Classes) + "]"
		var body []string
		for _, l := range itemLines(it) {
			body = append(body, plainUnclipped(l))
		}
		s.add(junitCase{Name: plain(it.Address), ClassName: "drift", Failure: &junitMessage{Message: msg, Type: "drift", Body: strings.Join(body, "\n")}})
	}
	for _, it := range dr.Known {
		s.add(junitCase{Name: plain(it.Address), ClassName: "drift", Skipped: &junitMessage{Message: "known drift: " + plainUnclipped(knownText(it.Changes[0].Known))}})
	}
	if len(s.Cases) == 0 {
		s.add(junitCase{Name: "no drift", ClassName: "drift", SystemOut: plain(dr.Headline)})
	}
	return s
}

// githubDrift is one ::error per drifted resource and per unattributed security finding.
func githubDrift(b *strings.Builder, dr *DriftSection) {
	for _, it := range dr.Resources {
		msg := clip(it.Address) + " drifted outside Terraform [" + strings.Join(clipAll(it.Classes), ", ") + "]: " + strings.Join(itemLines(it), "; ")
		fmt.Fprintf(b, "::error title=%s::%s\n", ghProperty("plangate drift"), ghData(msg))
	}
	for _, f := range dr.Unattributed {
		fmt.Fprintf(b, "::error title=%s::%s\n", ghProperty("plangate drift "+clip(f.RuleID)), ghData(clip(f.Address)+": "+findingText(f)))
	}
}

// DriftRuleID is the SARIF rule of a drifted resource.
const DriftRuleID = "plangate-drift"

// sarifDriftLevel: a denied finding is an error, a warned one a warning.
func sarifDriftLevel(dec policy.Decision) string {
	if dec == policy.Warn {
		return "warning"
	}
	return "error"
}
