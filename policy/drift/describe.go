package drift

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The words of a drift report for people (plangate's reports are rendered by policy/report
// from its Document; these lines are also the Slack message's).

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

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
