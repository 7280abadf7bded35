package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/nexabrands/supplychain/policy"
)

// MarkdownMarker starts every Markdown report, so a workflow can find its earlier comment on a
// pull request and update it in place.
const MarkdownMarker = "<!-- plangate:check -->"

// Markdown writes a pull-request comment: verdict, summary table, findings table and collapsible
// details per rule.
func Markdown(w io.Writer, res *policy.Result, _ Options) error {
	var b strings.Builder
	b.WriteString(MarkdownMarker + "\n")
	icon := "✅"
	if res.Denied() {
		icon = "❌"
	}
	fmt.Fprintf(&b, "## %s plangate check: %s\n\n", icon, verdict(res))
	s := res.Summary
	fmt.Fprintf(&b, "Plan `%s` (format %s, %d resources), %d rules.\n\n", mdCode(res.Plan.Path), res.Plan.FormatVersion, res.Plan.Resources, len(res.Rules))
	b.WriteString("| Denied | Warnings | Unknown | Waived | Passed |\n|---:|---:|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| %d | %d | %d | %d | %d |\n\n", s.Deny, s.Warn, s.Unknown, s.Waived, s.Pass)

	for _, e := range res.Errors {
		fmt.Fprintf(&b, "> [!CAUTION]\n> %s\n\n", mdText(e))
	}
	failing := res.Failing()
	if len(failing) == 0 {
		b.WriteString("No findings.\n")
	} else {
		b.WriteString("| | Severity | Rule | Resource | Finding |\n|---|---|---|---|---|\n")
		for _, f := range failing {
			fmt.Fprintf(&b, "| %s | %s | `%s` | `%s` | %s |\n", decisionIcon(f), f.Severity, f.RuleID, mdCode(where(f)), mdText(f.Message))
		}
		b.WriteString("\n")
		order, groups := byRule(failing)
		for _, id := range order {
			r := res.RuleByID(id)
			title := id
			if r != nil {
				title = fmt.Sprintf("%s: %s", id, r.Title)
			}
			fmt.Fprintf(&b, "<details><summary><code>%s</code> (%d)</summary>\n\n", htmlText(title), len(groups[id]))
			if r != nil {
				if r.Description != "" {
					fmt.Fprintf(&b, "%s\n\n", mdText(r.Description))
				}
				if r.Remediation != "" {
					fmt.Fprintf(&b, "**Remediation:** %s\n\n", mdText(r.Remediation))
				}
				if rel := relatedIDs(r); rel != "" {
					fmt.Fprintf(&b, "**Related checks:** %s\n\n", mdText(rel))
				}
			}
			for _, f := range groups[id] {
				line := fmt.Sprintf("- `%s`: %s", mdCode(where(f)), mdText(f.Message))
				if f.Waiver != nil {
					line += fmt.Sprintf(" (waived until %s by %s: %s)", f.Waiver.Expires, mdText(f.Waiver.Owner), mdText(f.Waiver.Reason))
				}
				b.WriteString(line + "\n")
			}
			b.WriteString("\n</details>\n\n")
		}
	}
	for _, n := range res.Notices {
		fmt.Fprintf(&b, "> [!NOTE]\n> %s\n\n", mdText(n))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func decisionIcon(f policy.Finding) string {
	switch {
	case f.Decision == policy.Waived:
		return "💤 waived"
	case f.Decision == policy.Deny:
		return "❌ deny"
	case f.Status == policy.Unknown:
		return "❔ unknown"
	case f.Decision == policy.Warn:
		return "⚠️ warn"
	}
	return "ℹ️ info"
}

// mdText escapes text for a Markdown table cell or paragraph.
func mdText(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ", "<", "&lt;", ">", "&gt;", "`", "\\`").Replace(s)
}

// mdCode makes text safe inside a code span in a table cell.
func mdCode(s string) string {
	return strings.NewReplacer("`", "'", "|", "\\|", "\n", " ").Replace(s)
}

func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
