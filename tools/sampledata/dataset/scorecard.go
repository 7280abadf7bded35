package dataset

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// ScorecardViews names the three KPI views the scorecard reads: all five metrics with targets,
// overall (no dimension), by city and by customer.
type ScorecardViews struct {
	Schema, Overall, ByCity, ByCustomer string
}

// DefaultScorecardViews are the names the stack uses.
func DefaultScorecardViews(schema string) ScorecardViews {
	return ScorecardViews{Schema: schema, Overall: "kpi_overall", ByCity: "kpi_by_city", ByCustomer: "kpi_by_customer"}
}

// ScoreRow is one line of the scorecard; percentages are text as the views return them ("" = none).
type ScoreRow struct {
	Label                          string
	Orders, Lines                  int64
	OT, IF, OTIF, LFR, VFR         string
	OTTarget, IFTarget, OTIFTarget string
}

// Scorecard is the overall row, then one per city and one per customer.
type Scorecard struct {
	Overall   ScoreRow
	Cities    []ScoreRow
	Customers []ScoreRow
}

const scoreCols = `COALESCE(orders, 0), COALESCE(lines, 0),
	COALESCE(CAST(ot_pct AS VARCHAR), ''), COALESCE(CAST(if_pct AS VARCHAR), ''), COALESCE(CAST(otif_pct AS VARCHAR), ''),
	COALESCE(CAST(lfr_pct AS VARCHAR), ''), COALESCE(CAST(vfr_pct AS VARCHAR), ''),
	COALESCE(CAST(ot_target AS VARCHAR), ''), COALESCE(CAST(if_target AS VARCHAR), ''), COALESCE(CAST(otif_target AS VARCHAR), '')`

func scanScore(r pgx.Row, label *string) (ScoreRow, error) {
	var s ScoreRow
	dst := []any{&s.Orders, &s.Lines, &s.OT, &s.IF, &s.OTIF, &s.LFR, &s.VFR, &s.OTTarget, &s.IFTarget, &s.OTIFTarget}
	if label != nil {
		dst = append([]any{label}, dst...)
	}
	err := r.Scan(dst...)
	return s, err
}

// ReadScorecard reads the scorecard from the KPI views.
func ReadScorecard(ctx context.Context, conn *pgx.Conn, v ScorecardViews) (Scorecard, error) {
	var sc Scorecard
	var err error
	sc.Overall, err = scanScore(conn.QueryRow(ctx, "SELECT "+scoreCols+" FROM "+ident(v.Schema, v.Overall)), nil)
	if err != nil {
		return sc, fmt.Errorf("reading %s.%s: %w", v.Schema, v.Overall, err)
	}
	sc.Overall.Label = "Overall"
	read := func(view, label string) ([]ScoreRow, error) {
		rows, err := conn.Query(ctx, "SELECT "+label+", "+scoreCols+" FROM "+ident(v.Schema, view)+" ORDER BY 1")
		if err != nil {
			return nil, fmt.Errorf("reading %s.%s: %w", v.Schema, view, err)
		}
		defer rows.Close()
		var out []ScoreRow
		for rows.Next() {
			var l string
			s, err := scanScore(rows, &l)
			if err != nil {
				return nil, fmt.Errorf("reading %s.%s: %w", v.Schema, view, err)
			}
			s.Label = l
			out = append(out, s)
		}
		return out, rows.Err()
	}
	if sc.Cities, err = read(v.ByCity, "COALESCE(city, '(unknown city)')"); err != nil {
		return sc, err
	}
	sc.Customers, err = read(v.ByCustomer, "COALESCE(customer_name, '(unnamed)') || ' (' || CAST(customer_id AS VARCHAR) || ')'")
	return sc, err
}

func vs(pct, target string) string {
	if pct == "" {
		pct = "–"
	}
	if target == "" {
		return pct
	}
	mark := " "
	if p, err1 := strconv.ParseFloat(pct, 64); err1 == nil {
		if t, err2 := strconv.ParseFloat(target, 64); err2 == nil && p < t {
			mark = "!"
		}
	}
	return fmt.Sprintf("%s/%s%s", pct, target, mark)
}

// WriteText prints the scorecard as a table: each order metric as actual/target, "!" when below.
func (sc Scorecard) WriteText(w io.Writer) {
	row := func(s ScoreRow) {
		fmt.Fprintf(w, "%-34s %7d %7d  %-15s %-15s %-15s %7s %7s\n", trunc(s.Label, 34), s.Orders, s.Lines,
			vs(s.OT, s.OTTarget), vs(s.IF, s.IFTarget), vs(s.OTIF, s.OTIFTarget), s.LFR, s.VFR)
	}
	head := func(title string) {
		fmt.Fprintf(w, "\n%-34s %7s %7s  %-15s %-15s %-15s %7s %7s\n", title, "orders", "lines", "OT%/target", "IF%/target", "OTIF%/target", "LFR%", "VFR%")
		fmt.Fprintln(w, strings.Repeat("-", 118))
	}
	fmt.Fprintln(w, "Nexabrands scorecard (\"!\" = below target)")
	head("")
	row(sc.Overall)
	head("by city")
	for _, s := range sc.Cities {
		row(s)
	}
	head("by customer")
	for _, s := range sc.Customers {
		row(s)
	}
}

func trunc(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

type htmlBar struct {
	Name          string
	Value, Target string
	Width, Mark   float64 // percent of the bar area
	Below         bool
	HasValue      bool
	HasTarget     bool
}

type htmlRow struct {
	Label         string
	Orders, Lines int64
	Bars          []htmlBar
}

func bars(s ScoreRow) []htmlBar {
	mk := func(name, v, t string) htmlBar {
		b := htmlBar{Name: name, Value: v, Target: t}
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			b.HasValue, b.Width = true, f
		}
		if f, err := strconv.ParseFloat(t, 64); err == nil {
			b.HasTarget, b.Mark = true, f
			b.Below = b.HasValue && b.Width < f
		}
		return b
	}
	return []htmlBar{mk("OT", s.OT, s.OTTarget), mk("IF", s.IF, s.IFTarget), mk("OTIF", s.OTIF, s.OTIFTarget), mk("LFR", s.LFR, ""), mk("VFR", s.VFR, "")}
}

func htmlRows(in []ScoreRow) []htmlRow {
	out := make([]htmlRow, 0, len(in))
	for _, s := range in {
		out = append(out, htmlRow{Label: s.Label, Orders: s.Orders, Lines: s.Lines, Bars: bars(s)})
	}
	return out
}

var page = template.Must(template.New("scorecard").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Nexabrands scorecard</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px}
p.note{color:#555;margin:0 0 16px}
table{border-collapse:collapse} td,th{padding:3px 8px;text-align:left;vertical-align:middle}
th{font-weight:600;border-bottom:1px solid #ccc} td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{position:relative;width:150px;height:16px;background:#eee;border-radius:2px}
.fill{position:absolute;left:0;top:0;bottom:0;background:#2e7d32;border-radius:2px}
.fill.below{background:#c62828}
.target{position:absolute;top:-3px;bottom:-3px;width:2px;background:#111}
.val{font-size:12px;color:#333;white-space:nowrap}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
</style></head><body>
<h1>Nexabrands scorecard</h1>
<p class="note">On Time, In Full and OTIF (share of orders), Line Fill Rate and Volume Fill Rate, from the warehouse's KPI views.
The black line is the target (order-weighted mean of the customers' targets).
<span class="legend"><span style="background:#2e7d32"></span>at or above target (or no target)<span style="background:#c62828"></span>below target</span></p>
{{define "rows"}}<table><tr><th></th><th>orders</th><th>lines</th>{{range (index . 0).Bars}}<th>{{.Name}} %</th>{{end}}</tr>
{{range .}}<tr><td>{{.Label}}</td><td class="n">{{.Orders}}</td><td class="n">{{.Lines}}</td>
{{range .Bars}}<td><div class="bar" title="{{.Name}} {{.Value}}{{if .HasTarget}} (target {{.Target}}){{end}}">{{if .HasValue}}<div class="fill{{if .Below}} below{{end}}" style="width:{{printf "%.2f" .Width}}%"></div>{{end}}{{if .HasTarget}}<div class="target" style="left:{{printf "%.2f" .Mark}}%"></div>{{end}}</div>
<div class="val">{{if .HasValue}}{{.Value}}{{else}}–{{end}}{{if .HasTarget}} / {{.Target}}{{end}}</div></td>{{end}}</tr>
{{end}}</table>{{end}}
<h2>Overall</h2>{{template "rows" .Overall}}
<h2>By city</h2>{{template "rows" .Cities}}
<h2>By customer</h2>{{template "rows" .Customers}}
</body></html>
`))

// WriteHTML writes a self-contained page (no scripts, no external files) with a bar per metric
// and a line at its target.
func (sc Scorecard) WriteHTML(w io.Writer) error {
	return page.Execute(w, map[string]any{
		"Overall": htmlRows([]ScoreRow{sc.Overall}), "Cities": htmlRows(sc.Cities), "Customers": htmlRows(sc.Customers),
	})
}
