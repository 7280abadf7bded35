package drift

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats are the report formats of Render. (The shared report model will take these over.)
var Formats = []string{"text", "json", "markdown"}

// Render writes the report in one format.
func Render(w io.Writer, format string, r *Report) error {
	switch format {
	case "text":
		return renderText(w, r)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	case "markdown":
		return renderMarkdown(w, r)
	}
	return fmt.Errorf("unknown drift report format %q (one of %s)", format, strings.Join(Formats, ", "))
}

// Headline is the one-line verdict.
func (r *Report) Headline() string {
	s := r.Summary
	if s.Drifted == 0 {
		h := "no drift"
		if s.Known > 0 {
			h += fmt.Sprintf(" (%d known %s silenced)", s.Known, plural(s.Known, "resource", "resources"))
		}
		return h
	}
	var parts []string
	for _, c := range Classes {
		if n := s.ByClass(c); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, c))
		}
	}
	h := fmt.Sprintf("%d %s drifted outside Terraform (%s)", s.Drifted, plural(s.Drifted, "resource", "resources"), strings.Join(parts, ", "))
	if s.Known > 0 {
		h += fmt.Sprintf("; %d known", s.Known)
	}
	return h
}

// ShowValue writes a value for a person: JSON, cut at limit runes.
func ShowValue(v any, limit int) string {
	var s string
	if v == nil {
		s = "null"
	} else if b, err := json.Marshal(v); err == nil {
		s = string(b)
	} else {
		s = fmt.Sprint(v)
	}
	if r := []rune(s); len(r) > limit {
		s = string(r[:limit]) + "…"
	}
	return s
}

// Describe is one change for a person: "path: before → after", "path: changed (sensitive
// value)", or "deleted outside Terraform".
func (c Change) Describe(limit int) string {
	switch {
	case c.Path == "" && len(c.Classes) == 1 && c.Classes[0] == Deleted:
		return "deleted outside Terraform"
	case c.Sensitive:
		return pathOrWhole(c.Path) + ": changed (sensitive value, not shown)"
	}
	return fmt.Sprintf("%s: %s → %s", pathOrWhole(c.Path), ShowValue(c.Before, limit), ShowValue(c.After, limit))
}

func pathOrWhole(p string) string {
	if p == "" {
		return "(whole resource)"
	}
	return p
}

func classList(cs []Class) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}

func renderText(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "plangate drift: %s", r.Plan.Path)
	if r.Plan.TerraformVersion != "" {
		fmt.Fprintf(&b, " (Terraform %s)", r.Plan.TerraformVersion)
	}
	fmt.Fprintf(&b, "\n%s\n", r.Headline())
	for _, d := range r.Drifted {
		if d.Known {
			continue
		}
		fmt.Fprintf(&b, "\n%s  [%s]\n", d.Address, classList(d.Classes))
		for _, c := range d.Changes {
			if c.Known != nil {
				fmt.Fprintf(&b, "  %s  (known: %s; %s; until %s)\n", c.Describe(100), c.Known.Reason, c.Known.Owner, c.Known.Expires)
				continue
			}
			fmt.Fprintf(&b, "  %s  [%s]\n", c.Describe(100), classList(c.Classes))
		}
		for _, f := range d.Findings {
			fmt.Fprintf(&b, "  security: %s %s (%s): %s\n", f.RuleID, f.Decision, f.Severity, f.Message)
		}
		if d.Cost != nil {
			fmt.Fprintf(&b, "  cost: %s\n", d.Cost.describe())
		}
	}
	if other := unattributed(r); len(other) > 0 {
		b.WriteString("\nSecurity findings on resources that did not drift themselves:\n")
		for _, f := range other {
			fmt.Fprintf(&b, "  %s %s (%s) %s: %s\n", f.RuleID, f.Decision, f.Severity, f.Address, f.Message)
		}
	}
	if r.Summary.Known > 0 {
		b.WriteString("\nKnown drift (silenced):\n")
		for _, d := range r.Drifted {
			if d.Known {
				k := d.Changes[0].Known
				fmt.Fprintf(&b, "  %s  [%s]  %s; %s; until %s\n", d.Address, classList(d.Classes), k.Reason, k.Owner, k.Expires)
			}
		}
	}
	if len(r.Pending) > 0 {
		fmt.Fprintf(&b, "\nNot applied yet: %d configuration %s in the plan (not drift):\n", len(r.Pending), plural(len(r.Pending), "change", "changes"))
		for _, p := range r.Pending {
			fmt.Fprintf(&b, "  %s  %s\n", p.Address, strings.Join(p.Actions, ", "))
		}
	}
	for _, e := range r.Errors {
		fmt.Fprintf(&b, "\nerror: %s\n", e)
	}
	for _, n := range r.Notices {
		fmt.Fprintf(&b, "\nnotice: %s\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func renderMarkdown(w io.Writer, r *Report) error {
	var b strings.Builder
	b.WriteString("### plangate drift\n\n")
	fmt.Fprintf(&b, "**%s** — `%s`\n", mdEscape(r.Headline()), r.Plan.Path)
	live := 0
	for _, d := range r.Drifted {
		if !d.Known {
			live++
		}
	}
	if live > 0 {
		b.WriteString("\n| Resource | Class | What changed |\n|---|---|---|\n")
		for _, d := range r.Drifted {
			if d.Known {
				continue
			}
			var what []string
			for _, c := range d.Changes {
				s := "`" + strings.ReplaceAll(c.Describe(60), "`", "'") + "`"
				if c.Known != nil {
					s += " (known)"
				}
				what = append(what, s)
			}
			for _, f := range d.Findings {
				what = append(what, fmt.Sprintf("**%s** %s: %s", f.RuleID, f.Severity, mdEscape(f.Message)))
			}
			if d.Cost != nil {
				what = append(what, "cost: "+mdEscape(d.Cost.describe()))
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", d.Address, classList(d.Classes), strings.Join(what, "<br>"))
		}
	}
	if r.Summary.Known > 0 {
		b.WriteString("\n<details><summary>Known drift (silenced)</summary>\n\n")
		for _, d := range r.Drifted {
			if d.Known {
				k := d.Changes[0].Known
				fmt.Fprintf(&b, "- `%s` (%s): %s — %s, until %s\n", d.Address, classList(d.Classes), mdEscape(k.Reason), mdEscape(k.Owner), k.Expires)
			}
		}
		b.WriteString("\n</details>\n")
	}
	if len(r.Pending) > 0 {
		fmt.Fprintf(&b, "\n%d configuration %s not applied yet (not drift).\n", len(r.Pending), plural(len(r.Pending), "change", "changes"))
	}
	for _, e := range r.Errors {
		fmt.Fprintf(&b, "\n> **Error:** %s\n", mdEscape(e))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (c *CostDiff) describe() string {
	if !c.Priced {
		return c.Reason
	}
	return fmt.Sprintf("%.2f → %.2f USD/month (%+.2f)", c.Before, c.After, c.Diff)
}

// unattributed are the security findings put down to no drifted resource.
func unattributed(r *Report) []Finding {
	var out []Finding
	for _, f := range r.Security {
		if len(f.Drifted) == 0 {
			out = append(out, f)
		}
	}
	return out
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", "\\|", "<", "&lt;", ">", "&gt;", "\n", " ").Replace(s)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
