package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/nexabrands/supplychain/policy"
)

// GitHub writes GitHub Actions workflow commands (::error, ::warning, ::notice), one per finding
// that is not a pass or waived, plus one for each run error.
func GitHub(w io.Writer, res *policy.Result, _ Options) error {
	var b strings.Builder
	for _, f := range res.Findings {
		if f.Status == policy.Pass || f.Decision == policy.Waived {
			continue
		}
		cmd := "notice"
		switch {
		case f.Decision == policy.Deny:
			cmd = "error"
		case f.Decision == policy.Warn && f.Status == policy.Fail:
			cmd = "warning"
		}
		props := []string{"title=" + escapeProperty(fmt.Sprintf("%s %s (%s)", f.RuleID, f.Title, f.Severity))}
		if f.File != "" && f.Line > 0 {
			props = append([]string{"file=" + escapeProperty(f.File), "line=" + fmt.Sprint(f.Line)}, props...)
		}
		msg := f.Message
		if f.Status == policy.Unknown {
			msg = "unknown until apply: " + msg
		}
		if f.Address != "" && !strings.Contains(msg, f.Address) {
			msg = f.Address + ": " + msg
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(msg))
	}
	for _, e := range res.Errors {
		fmt.Fprintf(&b, "::error title=plangate::%s\n", escapeData(e))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
