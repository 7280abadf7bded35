// Package report renders a policy.Result in every output format plangate offers: text, json,
// sarif, junit, github (workflow annotations) and markdown (a PR comment). Each format reads the
// same findings; none sees plan values other than the redacted messages the rules wrote.
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
	// Version is plangate's version, written into SARIF and JSON.
	Version string
	// Verbose lists passing findings in the text format too.
	Verbose bool
}

// Render writes res in the named format.
func Render(w io.Writer, format string, res *policy.Result, opts Options) error {
	switch format {
	case "text":
		return Text(w, res, opts)
	case "json":
		return JSON(w, res, opts)
	case "sarif":
		return SARIF(w, res, opts)
	case "junit":
		return JUnit(w, res, opts)
	case "github":
		return GitHub(w, res, opts)
	case "markdown", "md":
		return Markdown(w, res, opts)
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

func verdict(res *policy.Result) string {
	if res.Denied() {
		return "FAIL"
	}
	return "PASS"
}

// where names a finding's place: file:line where known, else the address.
func where(f policy.Finding) string {
	if f.File != "" && f.Line > 0 {
		if f.Address != "" {
			return fmt.Sprintf("%s (%s:%d)", f.Address, f.File, f.Line)
		}
		return fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	if f.Address == "" {
		return "(plan)"
	}
	return f.Address
}

// byRule groups non-passing findings by rule id, in the result's order of first appearance.
func byRule(fs []policy.Finding) ([]string, map[string][]policy.Finding) {
	var order []string
	m := map[string][]policy.Finding{}
	for _, f := range fs {
		if _, ok := m[f.RuleID]; !ok {
			order = append(order, f.RuleID)
		}
		m[f.RuleID] = append(m[f.RuleID], f)
	}
	return order, m
}

func relatedIDs(r *policy.Rule) string {
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
