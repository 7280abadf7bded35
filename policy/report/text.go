package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"github.com/nexabrands/supplychain/policy"
)

// Text writes the human report: findings grouped by decision and severity, then a summary.
func Text(w io.Writer, res *policy.Result, opts Options) error {
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
	fmt.Fprintf(&b, "%s %s (format %s, %d resources)\n", bold("plangate check"), res.Plan.Path, res.Plan.FormatVersion, res.Plan.Resources)

	groups := []struct {
		title string
		keep  func(policy.Finding) bool
	}{
		{"Denied", func(f policy.Finding) bool { return f.Decision == policy.Deny }},
		{"Warnings", func(f policy.Finding) bool { return f.Decision == policy.Warn && f.Status == policy.Fail }},
		{"Unknown until apply", func(f policy.Finding) bool {
			return f.Status == policy.Unknown && f.Decision != policy.Deny && f.Decision != policy.Waived
		}},
		{"Waived", func(f policy.Finding) bool { return f.Decision == policy.Waived }},
		{"Info", func(f policy.Finding) bool { return f.Decision == policy.Info && f.Status == policy.Fail }},
	}
	if opts.Verbose {
		groups = append(groups, struct {
			title string
			keep  func(policy.Finding) bool
		}{"Passed", func(f policy.Finding) bool { return f.Status == policy.Pass }})
	}
	for _, g := range groups {
		var fs []policy.Finding
		for _, f := range res.Findings {
			if g.keep(f) {
				fs = append(fs, f)
			}
		}
		if len(fs) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s (%d)\n", bold(g.title), len(fs))
		fixed := map[string]bool{}
		for _, sev := range []policy.Severity{policy.Critical, policy.High, policy.Medium, policy.Low} {
			for _, f := range fs {
				if f.Severity != sev {
					continue
				}
				paintSev := sevColor[sev]
				fmt.Fprintf(&b, "  %-8s %-15s %s\n", paintSev(strings.ToUpper(string(sev))), f.RuleID, where(f))
				fmt.Fprintf(&b, "           %s\n", f.Message)
				if f.Waiver != nil {
					fmt.Fprintf(&b, "           %s\n", dim(fmt.Sprintf("waived until %s by %s: %s", f.Waiver.Expires, f.Waiver.Owner, f.Waiver.Reason)))
				} else if f.Remediation != "" && f.Status == policy.Fail && !fixed[f.RuleID] {
					fixed[f.RuleID] = true
					fmt.Fprintf(&b, "           %s\n", dim("fix: "+f.Remediation))
				}
			}
		}
	}
	for _, e := range res.Errors {
		fmt.Fprintf(&b, "\n%s %s\n", paint(color.FgRed, color.Bold)("error:"), e)
	}
	for _, n := range res.Notices {
		fmt.Fprintf(&b, "\n%s %s\n", paint(color.FgYellow)("notice:"), n)
	}
	s := res.Summary
	v := verdict(res)
	if v == "FAIL" {
		v = paint(color.FgRed, color.Bold)(v)
	} else {
		v = paint(color.FgGreen, color.Bold)(v)
	}
	fmt.Fprintf(&b, "\n%s  %d denied, %d warnings, %d unknown, %d waived, %d passed (%d rules)\n",
		v, s.Deny, s.Warn, s.Unknown, s.Waived, s.Pass, len(res.Rules))
	_, err := io.WriteString(w, b.String())
	return err
}
