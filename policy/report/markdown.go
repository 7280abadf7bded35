package report

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/nexabrands/supplychain/policy"
)

// MarkdownMarker starts every Markdown report of plangate check, so a workflow can find its
// earlier comment on a pull request and update it in place; another command's report starts
// with its own marker (<!-- plangate:drift -->).
const MarkdownMarker = "<!-- plangate:check -->"

func markdownMarker(command string) string {
	if command == "" || command == "check" {
		return MarkdownMarker
	}
	return "<!-- plangate:" + plain(command) + " -->"
}

// MarkdownLimit is the most characters a GitHub comment holds. The Markdown report stays under it
// (counted in bytes, which are never fewer than characters): findings that do not fit are left
// out and counted in a last line that says where the full report is.
const MarkdownLimit = 65536

// markdownReserve is kept free for the closing line (what was left out), besides the pointer to
// the full report.
const markdownReserve = 1024

// Markdown writes a pull-request comment: verdict, summary table, errors, the optional sections,
// findings table, collapsible details per rule and notices. Plan-controlled text is escaped (md,
// mdCode): no links, images, HTML, mentions or autolinks reach the comment. The comment stays
// under MarkdownLimit.
func Markdown(w io.Writer, d *Document, opts Options) error {
	var b strings.Builder
	tail := fullReport(opts.FullReport)
	budget := MarkdownLimit - markdownReserve - len(tail)
	fits := func(s string) bool { return b.Len()+len(s) <= budget }
	b.WriteString(markdownMarker(d.Command) + "\n")
	icon := "✅"
	if d.Failed() {
		icon = "❌"
	}
	fmt.Fprintf(&b, "## %s plangate %s: %s\n\n", icon, d.Command, d.Verdict)
	s := d.Summary
	if d.judged() {
		fmt.Fprintf(&b, "Plan `%s` (format %s, %d resources), %d rules.\n\n", mdCode(d.Plan.Path), md(d.Plan.FormatVersion), d.Plan.Resources, len(d.Rules))
	} else {
		fmt.Fprintf(&b, "Plan `%s` (format %s, %d resources).\n\n", mdCode(d.Plan.Path), md(d.Plan.FormatVersion), d.Plan.Resources)
	}
	if d.judged() {
		b.WriteString("| Denied | Warnings | Unknown | Info | Waived | Passed |\n|---:|---:|---:|---:|---:|---:|\n")
		fmt.Fprintf(&b, "| %d | %d | %d | %d | %d | %d |\n\n", s.Deny, s.Warn, s.Unknown, s.Info, s.Waived, s.Pass)
	}

	var left []string // what did not fit
	errorsLeft := 0
	for _, e := range d.Errors {
		block := fmt.Sprintf("> [!CAUTION]\n> %s\n\n", mdBlock(e))
		if !fits(block) {
			errorsLeft++
			continue
		}
		b.WriteString(block)
	}
	if errorsLeft > 0 {
		left = append(left, plural(errorsLeft, "error", "errors"))
	}
	if c := d.Cost; c != nil {
		if block := markdownCost(c); fits(block) {
			b.WriteString(block)
		} else {
			left = append(left, "the cost section")
		}
	}
	if dr := d.Drift; dr != nil {
		left = append(left, markdownDrift(&b, dr, fits)...)
	}

	failing := d.Failing()
	shown := 0
	if len(failing) == 0 {
		if d.judged() {
			b.WriteString("No findings.\n\n")
		}
	} else {
		head := "| | Severity | Rule | Resource | Finding |\n|---|---|---|---|---|\n"
		if fits(head) {
			b.WriteString(head)
			for _, f := range failing {
				row := fmt.Sprintf("| %s | %s | `%s` | `%s` | %s |\n", levelIcon(f.Level), md(string(f.Severity)), mdCode(f.RuleID), mdCode(where(f)), md(f.Message))
				if !fits(row) {
					break
				}
				b.WriteString(row)
				shown++
			}
			b.WriteString("\n")
		}
		if shown < len(failing) {
			left = append([]string{plural(len(failing)-shown, "more finding", "more findings")}, left...)
		} else {
			// Details only when every finding is in the table, each rule's block as long as it fits.
			order, groups := byRule(failing)
			rulesLeft := 0
			for _, id := range order {
				block := markdownDetails(d.RuleByID(id), id, groups[id])
				if !fits(block) {
					rulesLeft++
					continue
				}
				b.WriteString(block)
			}
			if rulesLeft > 0 {
				left = append(left, "the details of "+plural(rulesLeft, "rule", "rules"))
			}
		}
	}
	noticesLeft := 0
	for _, n := range d.Notices {
		block := fmt.Sprintf("> [!NOTE]\n> %s\n\n", mdBlock(n))
		if !fits(block) {
			noticesLeft++
			continue
		}
		b.WriteString(block)
	}
	if noticesLeft > 0 {
		left = append(left, plural(noticesLeft, "notice", "notices"))
	}
	if len(left) > 0 {
		fmt.Fprintf(&b, "… %s not shown here (GitHub comments hold %d characters). %s\n", strings.Join(left, ", "), MarkdownLimit, tail)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func markdownDetails(r *Rule, id string, fs []Finding) string {
	var b strings.Builder
	title := plain(id)
	if r != nil {
		title = fmt.Sprintf("%s: %s", plain(id), plain(r.Title))
	}
	fmt.Fprintf(&b, "<details><summary><code>%s</code> (%d)</summary>\n\n", htmlText(title), len(fs))
	if r != nil {
		if r.Description != "" {
			fmt.Fprintf(&b, "%s\n\n", mdBlock(r.Description))
		}
		if r.Remediation != "" {
			fmt.Fprintf(&b, "**Remediation:** %s\n\n", md(r.Remediation))
		}
		if rel := relatedIDs(r); rel != "" {
			fmt.Fprintf(&b, "**Related checks:** %s\n\n", md(rel))
		}
	}
	for _, f := range fs {
		line := fmt.Sprintf("- `%s`: %s", mdCode(where(f)), md(f.Message))
		if f.Waiver != nil {
			line += fmt.Sprintf(" (waived until %s by %s: %s)", md(f.Waiver.Expires), md(f.Waiver.Owner), md(f.Waiver.Reason))
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n</details>\n\n")
	return b.String()
}

func markdownCost(c *CostSection) string {
	var b strings.Builder
	cur := md(c.Currency)
	fmt.Fprintf(&b, "### Cost (monthly, %s)\n\n", cur)
	fmt.Fprintf(&b, "Before %s, after %s, change **%s**", money(cur, c.MonthlyBefore), money(cur, c.MonthlyAfter), signedMoney(cur, c.Delta()))
	if c.Threshold != nil {
		state := "passed"
		if c.Failed {
			state = "failed"
		}
		fmt.Fprintf(&b, "; the gate fails at %s: **%s**", signedMoney(cur, *c.Threshold), state)
	}
	if c.PriceSheet != "" {
		fmt.Fprintf(&b, " (prices: %s)", md(c.PriceSheet))
	}
	b.WriteString(".\n\n")
	if len(c.Resources) > 0 {
		b.WriteString("| Resource | Before | After | Change |\n|---|---:|---:|---:|\n")
		for _, l := range c.Resources {
			fmt.Fprintf(&b, "| `%s` | %.2f | %.2f | %+.2f |\n", mdCode(l.Address), l.MonthlyBefore, l.MonthlyAfter, l.MonthlyAfter-l.MonthlyBefore)
		}
		b.WriteString("\n")
	}
	for _, n := range c.Notes {
		fmt.Fprintf(&b, "- %s\n", mdBlock(n))
	}
	if len(c.Notes) > 0 {
		b.WriteString("\n")
	}
	return b.String()
}

// fullReport says where the full report is: a link when it is an http(s) address, else escaped
// text.
func fullReport(where string) string {
	if where == "" {
		return "The full report is in the other formats of this run (text in the job log, json, sarif)."
	}
	if u, err := url.Parse(where); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && !strings.ContainsAny(where, " ()<>[]`\"'") {
		return "The full report: [" + md(u.Host+u.Path) + "](" + u.String() + ")."
	}
	return "The full report: " + md(where) + "."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func levelIcon(l policy.Level) string {
	switch l {
	case policy.LevelWaived:
		return "💤 waived"
	case policy.LevelDeny:
		return "❌ deny"
	case policy.LevelUnknown:
		return "❔ unknown"
	case policy.LevelWarn:
		return "⚠️ warn"
	}
	return "ℹ️ info"
}
