package cost

import (
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"sort"
	"strings"
	"unicode/utf8"
)

// table lays out rows of tab-separated cells: the first column left-aligned, the others right.
type table struct{ rows [][]string }

func (t *table) Write(p []byte) (int, error) {
	for _, line := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		t.rows = append(t.rows, strings.Split(strings.TrimRight(line, "\t"), "\t"))
	}
	return len(p), nil
}

func (t *table) write(b *strings.Builder) {
	var w []int
	for _, r := range t.rows {
		for i, c := range r {
			for len(w) <= i {
				w = append(w, 0)
			}
			if n := utf8.RuneCountInString(c); n > w[i] {
				w[i] = n
			}
		}
	}
	for _, r := range t.rows {
		var line strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", w[i]-utf8.RuneCountInString(c))
			if i == 0 {
				line.WriteString(c + pad)
			} else {
				line.WriteString("  " + pad + c)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func money(r *big.Rat) string {
	if r == nil {
		return "-"
	}
	return USD(r)
}

func sideMonthly(rc *ResourceCost) *big.Rat {
	if rc == nil {
		return nil
	}
	return rc.Monthly
}

func compMonthly(c *Component) *big.Rat {
	if c == nil {
		return nil
	}
	return c.Monthly
}

func (d *ResourceDiff) free() bool {
	side := d.After
	if side == nil {
		side = d.Before
	}
	return side.Unpriced != nil && side.Unpriced.Code == Free
}

// WriteText prints the cost table, the unpriced list, the notices and the verdict; with explain,
// every changed figure's arithmetic and the sheet row it used.
func (r *Result) WriteText(w io.Writer, v *Verdict, explain bool) error {
	var b strings.Builder
	what := "prior state"
	if r.BaseMode {
		what = "base plan"
	}
	fmt.Fprintf(&b, "Monthly cost in USD (%d h/month), before = %s; price sheet of %s (prices %s..%s), sha256 %s\n", HoursPerMonth, what, r.Sheet.Date, r.Sheet.Oldest, r.Sheet.Newest, r.Sheet.SHA256[:12])
	for _, ru := range r.Regions {
		reg, src := ru.Region, ru.Source
		if reg == "" {
			reg, src = "(unknown)", "no literal provider region, no --region"
		}
		note := ""
		if !ru.HasPrices {
			note = " — the sheet has no prices for this region"
		}
		fmt.Fprintf(&b, "Region %s (%s): %s%s\n", reg, src, plural(ru.Resources, "resource"), note)
	}
	b.WriteString("\n")
	tw := &table{}
	fmt.Fprintln(tw, "RESOURCE / COMPONENT\tACTION\tBEFORE\tAFTER\tDIFF\t")
	free, anyPartial := 0, false
	for _, d := range r.Resources {
		if d.free() {
			free++
			continue
		}
		diff := SignedUSD(d.Diff)
		if d.Before == nil && d.After.Monthly == nil || d.After == nil && d.Before.Monthly == nil {
			diff = "-"
		}
		bm, am := money(sideMonthly(d.Before)), money(sideMonthly(d.After))
		if partial(d.Before) {
			bm += "*"
			anyPartial = true
		}
		if partial(d.After) {
			am += "*"
			anyPartial = true
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", d.Address, d.Action, bm, am, diff)
		side := d.After
		if side == nil {
			side = d.Before
		}
		if side.Unpriced != nil {
			fmt.Fprintf(tw, "  (unpriced: %s)\t\t\t\t\t\n", side.Unpriced.Code)
			continue
		}
		for _, c := range d.Components {
			label := "  " + c.Name
			if dr := c.Driver(); dr != "" && c.Changed() {
				label += " [" + dr + "]"
			}
			cd := "-"
			if c.Diff != nil {
				cd = SignedUSD(c.Diff)
			}
			bs, as := money(compMonthly(c.Before)), money(compMonthly(c.After))
			if c.After != nil && c.After.Unpriced != nil {
				as = "unpriced"
			}
			if c.Before != nil && c.Before.Unpriced != nil {
				bs = "unpriced"
			}
			fmt.Fprintf(tw, "%s\t\t%s\t%s\t%s\t\n", label, bs, as, cd)
		}
	}
	fmt.Fprintf(tw, "TOTAL (priced)\t\t%s\t%s\t%s\t\n", USD(r.Before), USD(r.After), SignedUSD(r.Diff))
	tw.write(&b)
	if anyPartial {
		b.WriteString("* priced in part: some components are not priced (listed below), not counted as 0 USD.\n")
	}
	if free > 0 {
		fmt.Fprintf(&b, "%s cost nothing by themselves (IAM, networking, bucket settings, warehouse objects …) and are not listed.\n", plural(free, "resource"))
	}
	if explain {
		b.WriteString("\nArithmetic:\n")
		rows := map[*Row]bool{}
		for _, d := range r.Resources {
			for _, c := range d.Components {
				label, text := c.Driver(), c.Explain()
				if label == "" || !c.Changed() {
					label = c.Name
				}
				qn := ""
				if c.After != nil && c.After.QuantityNote != "" && c.After.Unpriced == nil {
					qn = " (" + c.After.QuantityNote + ")"
				}
				fmt.Fprintf(&b, "  %s %s: %s%s\n", d.Address, label, text, qn)
				for _, x := range []*Component{c.Before, c.After} {
					if x != nil && x.Row != nil && !rows[x.Row] {
						rows[x.Row] = true
						per := x.Row.Unit
						if x.Row.Per.Cmp(ratInt(1)) != 0 {
							per = num(x.Row.Per) + " " + per
						}
						fmt.Fprintf(&b, "      sheet line %d: %s %s %s USD per %s — %s (%s)\n", x.Row.Line, x.Row.Region, x.Row.Item, x.Row.USDText, per, x.Row.Source, orUndated(x.Row.AsOf))
					}
				}
			}
		}
	}
	if len(r.Unpriced) > 0 {
		fmt.Fprintf(&b, "\nNot priced (%d):\n", len(r.Unpriced))
		for _, u := range r.Unpriced {
			c := ""
			if u.Component != "" {
				c = " " + u.Component
			}
			side := ""
			if u.Side == "before" {
				side = " (before)"
			}
			fmt.Fprintf(&b, "  %s%s%s: %s — %s\n", u.Address, c, side, u.Code, u.Detail)
		}
	}
	if len(r.Notices) > 0 {
		b.WriteString("\nNotices:\n")
		for _, n := range r.Notices {
			fmt.Fprintf(&b, "  %s\n", n)
		}
	}
	if v != nil {
		fmt.Fprintf(&b, "\nCost gate: %s\n", strings.ToUpper(v.Verdict))
		for _, m := range v.Fail {
			fmt.Fprintf(&b, "  fail: %s\n", m)
		}
		for _, m := range v.Warn {
			fmt.Fprintf(&b, "  warn: %s\n", m)
		}
		for _, m := range v.Notes {
			fmt.Fprintf(&b, "  note: %s\n", m)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// partial reports whether a side has both priced and unpriced components.
func partial(rc *ResourceCost) bool {
	if rc == nil || rc.Monthly == nil {
		return false
	}
	for _, c := range rc.Components {
		if c.Unpriced != nil {
			return true
		}
	}
	return false
}

func orUndated(s string) string {
	if s == "" {
		return "undated"
	}
	return s
}

// JSON is the result as a document (amounts as decimal strings rounded to the cent, exact
// figures beside them).
func (r *Result) JSON(v *Verdict) map[string]any {
	comp := func(c *Component) any {
		if c == nil {
			return nil
		}
		m := map[string]any{"name": c.Name}
		if c.Attr != "" {
			m["attribute"], m["value"] = c.Attr, c.Value
		}
		if c.Unpriced != nil {
			m["unpriced"] = c.Unpriced
			return m
		}
		m["quantity"], m["unit"], m["monthly"] = num(c.Quantity), c.Unit, cents(c.Monthly)
		m["monthly_exact"] = num(c.Monthly)
		if c.QuantityNote != "" {
			m["quantity_from"] = c.QuantityNote
		}
		m["price"] = map[string]any{"line": c.Row.Line, "region": c.Row.Region, "item": c.Row.Item, "usd": c.Row.USDText, "per": num(c.Row.Per), "unit": c.Row.Unit, "source": c.Row.Source, "as_of": c.Row.AsOf}
		return m
	}
	var res []any
	for _, d := range r.Resources {
		m := map[string]any{"address": d.Address, "type": d.Type, "action": d.Action, "diff": cents(d.Diff)}
		for k, rc := range map[string]*ResourceCost{"before": d.Before, "after": d.After} {
			if rc == nil {
				m[k] = nil
				continue
			}
			s := map[string]any{"region": rc.Region, "region_from": rc.RegionSource, "monthly": nil}
			if rc.Monthly != nil {
				s["monthly"] = cents(rc.Monthly)
			}
			if rc.Unpriced != nil {
				s["unpriced"] = rc.Unpriced
			}
			m[k] = s
		}
		var cs []any
		for _, c := range d.Components {
			x := map[string]any{"key": c.Key, "name": c.Name, "before": comp(c.Before), "after": comp(c.After), "diff": nil, "explain": c.Explain()}
			if c.Diff != nil {
				x["diff"] = cents(c.Diff)
			}
			cs = append(cs, x)
		}
		m["components"] = cs
		res = append(res, m)
	}
	out := map[string]any{
		"currency": "USD", "hours_per_month": HoursPerMonth, "before_from": map[bool]string{true: "base plan", false: "prior state"}[r.BaseMode],
		"totals":    map[string]any{"before": cents(r.Before), "after": cents(r.After), "diff": cents(r.Diff)},
		"regions":   r.Regions,
		"resources": res, "unpriced": r.Unpriced, "notices": r.Notices, "priced_only": r.PricedOnly(),
		"sheet": map[string]any{"sha256": r.Sheet.SHA256, "oldest_as_of": r.Sheet.Oldest, "newest_as_of": r.Sheet.Newest, "rows": r.Sheet.Rows},
	}
	if out["unpriced"] == nil || len(r.Unpriced) == 0 {
		out["unpriced"] = []any{}
	}
	if len(r.Notices) == 0 {
		out["notices"] = []any{}
	}
	if v != nil {
		out["gate"] = v
	}
	return out
}

// WriteJSON writes the JSON document, indented.
func (r *Result) WriteJSON(w io.Writer, v *Verdict) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r.JSON(v))
}

// Markdown returns a cost table for a PR comment: resource, before, after, diff, sorted by
// |diff| (largest first), then the unpriced count and the verdict.
func (r *Result) Markdown(v *Verdict) string {
	var b strings.Builder
	b.WriteString("| Resource | Before | After | Diff |\n|---|---:|---:|---:|\n")
	rows := make([]*ResourceDiff, 0, len(r.Resources))
	for _, d := range r.Resources {
		if !d.free() && (d.Diff.Sign() != 0 || d.Action != "no-op") {
			rows = append(rows, d)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		return new(big.Rat).Abs(rows[i].Diff).Cmp(new(big.Rat).Abs(rows[j].Diff)) > 0
	})
	esc := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	for _, d := range rows {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", esc(d.Address), money(sideMonthly(d.Before)), money(sideMonthly(d.After)), SignedUSD(d.Diff))
	}
	fmt.Fprintf(&b, "| **Total (priced)** | **%s** | **%s** | **%s** |\n", USD(r.Before), USD(r.After), SignedUSD(r.Diff))
	if n := len(r.Unpriced); n > 0 {
		fmt.Fprintf(&b, "\n%d components not priced (run `plangate cost --explain` for the list).\n", n)
	}
	if v != nil {
		fmt.Fprintf(&b, "\nCost gate: **%s**", v.Verdict)
		for _, m := range append(append(append([]string{}, v.Fail...), v.Warn...), v.Notes...) {
			fmt.Fprintf(&b, "\n- %s", esc(m))
		}
		b.WriteString("\n")
	}
	return b.String()
}
