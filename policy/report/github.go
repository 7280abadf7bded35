package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/nexabrands/supplychain/policy"
)

// GitHub writes GitHub Actions workflow commands: ::error for a denied finding, ::warning for a
// warned one, ::notice for unknown and info ones (waived ones and passes are left out), then one
// per run error, a failed cost gate, each drifted resource and each security finding of drift on no
// drifted resource. Plan strings go through plain and
// then GitHub's own escapes (%25, %0D, %0A; also %3A and %2C in properties), so none can end the
// command or start another.
func GitHub(w io.Writer, d *Document, _ Options) error {
	var b strings.Builder
	for _, f := range d.Findings {
		var cmd string
		switch f.Level {
		case policy.LevelDeny:
			cmd = "error"
		case policy.LevelWarn:
			cmd = "warning"
		case policy.LevelUnknown, policy.LevelInfo:
			cmd = "notice"
		default:
			continue
		}
		props := []string{"title=" + ghProperty(fmt.Sprintf("%s %s (%s)", clip(f.RuleID), clip(f.Title), clip(string(f.Severity))))}
		if f.File != "" && f.Line > 0 {
			props = append([]string{"file=" + ghProperty(f.File), "line=" + fmt.Sprint(f.Line)}, props...)
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData(message(f, "unknown until apply: ")))
	}
	for _, e := range d.Errors {
		fmt.Fprintf(&b, "::error title=plangate::%s\n", ghData(e))
	}
	if c := d.Cost; c != nil && c.Failed {
		cur := c.Currency
		msg := fmt.Sprintf("monthly cost %s → %s (%s)", money(cur, c.MonthlyBefore), money(cur, c.MonthlyAfter), signedMoney(cur, c.Delta()))
		if c.Threshold != nil {
			msg += fmt.Sprintf("; the gate fails at %s", signedMoney(cur, *c.Threshold))
		}
		fmt.Fprintf(&b, "::error title=plangate cost::%s\n", ghData(msg))
	}
	if dr := d.Drift; dr != nil {
		githubDrift(&b, dr)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
