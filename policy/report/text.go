package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"github.com/nexabrands/supplychain/policy"
)

// textGroups are the text report's groups, one per level, in the order printed.
var textGroups = []struct {
	level policy.Level
	title string
}{
	{policy.LevelDeny, "Denied"},
	{policy.LevelWarn, "Warnings"},
	{policy.LevelUnknown, "Unknown until apply"},
	{policy.LevelWaived, "Waived"},
	{policy.LevelInfo, "Info"},
	{policy.LevelPass, "Passed"}, // with Verbose only
}

// Text writes the human report: findings grouped by level and severity, the optional sections,
// then the verdict and the summary. Every plan string is printed through plain, and no line
// starts a workflow command.
func Text(w io.Writer, d *Document, opts Options) error {
	paint := func(attrs ...color.Attribute) func(string) string {
		c := color.New(attrs...)
		if opts.Color {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return func(s string) string { return c.Sprint(s) }
	}
	sevColor := map[policy.Severity]func(string) string{
		policy.Critical: paint(color.FgHiRed, color.Bold),
		policy.High:     paint(color.FgRed),
		policy.Medium:   paint(color.FgYellow),
		policy.Low:      paint(color.FgCyan),
	}
	bold := paint(color.Bold)
	dim := paint(color.Faint)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s (format %s, %d resources)\n", bold(d.Tool+" "+d.Command), plain(d.Plan.Path), plain(d.Plan.FormatVersion), d.Plan.Resources)

	for _, g := range textGroups {
		if g.level == policy.LevelPass && !opts.Verbose {
			continue
		}
		var fs []Finding
		for _, f := range d.Findings {
			if f.Level == g.level {
				fs = append(fs, f)
			}
		}
		if len(fs) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s (%d)\n", bold(g.title), len(fs))
		fixed := map[string]bool{}
		printed := 0
		for _, sev := range []policy.Severity{policy.Critical, policy.High, policy.Medium, policy.Low, ""} {
			for _, f := range fs {
				if f.Severity != sev && (sev != "" || f.Severity.Rank() > 0) {
					continue
				}
				printed++
				label := strings.ToUpper(plain(string(f.Severity)))
				if p, ok := sevColor[f.Severity]; ok {
					label = p(fmt.Sprintf("%-8s", label))
				} else {
					label = fmt.Sprintf("%-8s", label)
				}
				fmt.Fprintf(&b, "  %s %-15s %s\n", label, plain(f.RuleID), plain(where(f)))
				fmt.Fprintf(&b, "           %s\n", plain(f.Message))
				if f.Waiver != nil {
					fmt.Fprintf(&b, "           %s\n", dim("waived until "+plain(f.Waiver.Expires)+" by "+plain(f.Waiver.Owner)+": "+plain(f.Waiver.Reason)))
				} else if f.Remediation != "" && f.Status == policy.Fail && !fixed[f.RuleID] {
					fixed[f.RuleID] = true
					fmt.Fprintf(&b, "           %s\n", dim("fix: "+plain(f.Remediation)))
				}
			}
		}
		if printed != len(fs) {
			return fmt.Errorf("text report: %d of %d %s findings printed", printed, len(fs), g.level)
		}
	}
	if c := d.Cost; c != nil {
		textCost(&b, c, bold)
	}
	if dr := d.Drift; dr != nil {
		textDrift(&b, dr, bold)
	}
	for _, e := range d.Errors {
		fmt.Fprintf(&b, "\n%s %s\n", paint(color.FgRed, color.Bold)("error:"), plain(e))
	}
	for _, n := range d.Notices {
		fmt.Fprintf(&b, "\n%s %s\n", paint(color.FgYellow)("notice:"), plain(n))
	}
	s := d.Summary
	v := string(d.Verdict)
	if d.Failed() {
		v = paint(color.FgRed, color.Bold)(v)
	} else {
		v = paint(color.FgGreen, color.Bold)(v)
	}
	if d.judged() {
		fmt.Fprintf(&b, "\n%s  %d denied, %d warnings, %d unknown, %d info, %d waived, %d passed (%d rules)\n",
			v, s.Deny, s.Warn, s.Unknown, s.Info, s.Waived, s.Pass, len(d.Rules))
	} else {
		fmt.Fprintf(&b, "\n%s  %s\n", v, driftFooter(d.Drift.Summary))
	}
	_, err := io.WriteString(w, neutraliseLines(b.String()))
	return err
}

func textCost(b *strings.Builder, c *CostSection, bold func(string) string) {
	cur := plain(c.Currency)
	title := "Cost (monthly, " + cur
	if c.PriceSheet != "" {
		title += "; prices " + plain(c.PriceSheet)
	}
	fmt.Fprintf(b, "\n%s)\n", bold(title))
	fmt.Fprintf(b, "  before %s, after %s, change %s", money(cur, c.MonthlyBefore), money(cur, c.MonthlyAfter), signedMoney(cur, c.Delta()))
	if c.Threshold != nil {
		state := "passed"
		if c.Failed {
			state = "FAILED"
		}
		fmt.Fprintf(b, "; gate fails at %s: %s", signedMoney(cur, *c.Threshold), state)
	}
	b.WriteString("\n")
	for _, l := range c.Resources {
		fmt.Fprintf(b, "  %12s  %s", signedMoney(cur, l.MonthlyAfter-l.MonthlyBefore), plain(l.Address))
		if l.Note != "" {
			fmt.Fprintf(b, " (%s)", plain(l.Note))
		}
		b.WriteString("\n")
	}
	for _, n := range c.Notes {
		fmt.Fprintf(b, "  note: %s\n", plain(n))
	}
}

func plainList(xs []string) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = plain(x)
	}
	return strings.Join(out, ", ")
}
