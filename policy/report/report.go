// Package report renders a run's Document in every output format plangate offers: text, json,
// sarif, junit, github (workflow annotations) and markdown (a PR comment), and writes them
// (Write). Every format reads the same document: one level per finding, one summary, one
// verdict. Every string a report prints may come from the pull request (names, addresses,
// messages of user policies, waiver fields): each format clips it (MaxText) and escapes it for
// its readers.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/nexabrands/supplychain/policy"
)

// Formats lists the format names, in the order `--help` shows them.
var Formats = []string{"text", "json", "sarif", "junit", "github", "markdown"}

// Options tune rendering.
type Options struct {
	// Color turns on ANSI colour in the text format.
	Color bool
	// Verbose lists passing findings in the text format too.
	Verbose bool
	// FullReport says where the full report is (a file, a workflow run's address); the Markdown
	// comment names it when it leaves findings out.
	FullReport string
}

// Render writes d in the named format.
func Render(w io.Writer, format string, d *Document, opts Options) error {
	switch format {
	case "text":
		return Text(w, d, opts)
	case "json":
		return JSON(w, d, opts)
	case "sarif":
		return SARIF(w, d, opts)
	case "junit":
		return JUnit(w, d, opts)
	case "github":
		return GitHub(w, d, opts)
	case "markdown", "md":
		return Markdown(w, d, opts)
	}
	return fmt.Errorf("unknown format %q (one of %s)", format, strings.Join(Formats, ", "))
}

// Known reports whether a format name is known.
func Known(format string) bool {
	if format == "md" {
		return true
	}
	for _, f := range Formats {
		if f == format {
			return true
		}
	}
	return false
}

// where names a finding's place: file:line where known, else the address. Not escaped.
func where(f Finding) string {
	if f.File != "" && f.Line > 0 {
		if f.Address != "" {
			return fmt.Sprintf("%s (%s:%d)", clip(f.Address), clip(f.File), f.Line)
		}
		return fmt.Sprintf("%s:%d", clip(f.File), f.Line)
	}
	if f.Address == "" {
		return "(plan)"
	}
	return f.Address
}

// message is a finding's message as annotations and SARIF print it: marked when unknown, and
// prefixed by the address when the message does not name it. Not escaped.
func message(f Finding, unknownPrefix string) string {
	msg := clip(f.Message)
	if f.Status == policy.Unknown {
		msg = unknownPrefix + msg
	}
	if f.Address != "" && !strings.Contains(msg, f.Address) {
		msg = clip(f.Address) + ": " + msg
	}
	return msg
}

// byRule groups findings by rule id, in order of first appearance.
func byRule(fs []Finding) ([]string, map[string][]Finding) {
	var order []string
	m := map[string][]Finding{}
	for _, f := range fs {
		if _, ok := m[f.RuleID]; !ok {
			order = append(order, f.RuleID)
		}
		m[f.RuleID] = append(m[f.RuleID], f)
	}
	return order, m
}

func relatedIDs(r *Rule) string {
	if r == nil || len(r.Related) == 0 {
		return ""
	}
	keys := make([]string, 0, len(r.Related))
	for k := range r.Related {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+": "+strings.Join(r.Related[k], ", "))
	}
	return strings.Join(parts, "; ")
}

func money(currency string, v float64) string {
	return fmt.Sprintf("%.2f %s", v, currency)
}

func signedMoney(currency string, v float64) string {
	return fmt.Sprintf("%+.2f %s", v, currency)
}
