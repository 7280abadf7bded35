package dataset

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// ScorecardViews names the KPI views the scorecard reads: all five metrics with targets, overall
// (no dimension), by city and by customer; and OT, IF and OTIF with targets per day (period
// "day", no dimension) for the daily trend ("" = no trend).
type ScorecardViews struct {
	Schema, Overall, ByCity, ByCustomer, Daily string
}

// DefaultScorecardViews are the names the stack uses.
func DefaultScorecardViews(schema string) ScorecardViews {
	return ScorecardViews{Schema: schema, Overall: "kpi_overall", ByCity: "kpi_by_city", ByCustomer: "kpi_by_customer", Daily: "kpi_daily"}
}

// ScoreRow is one line of the scorecard; percentages are text as the views return them ("" = none).
type ScoreRow struct {
	Label                          string
	Orders, Lines                  int64
	OT, IF, OTIF, LFR, VFR         string
	OTTarget, IFTarget, OTIFTarget string
}

// DayRow is one day of the daily trend: the orders placed that day and scored, and their OT, IF
// and OTIF with the day's targets (text as the view returns them; "" = none).
type DayRow struct {
	Day                            time.Time
	Orders                         int64
	OT, IF, OTIF                   string
	OTTarget, IFTarget, OTIFTarget string
}

// Scorecard is the overall row, then one per city and one per customer, each list sorted by the
// OTIF gap to target, worst first (SortByGap); and the days with scored orders, in date order.
type Scorecard struct {
	Overall   ScoreRow
	Cities    []ScoreRow
	Customers []ScoreRow
	Days      []DayRow
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
	if sc.Customers, err = read(v.ByCustomer, "COALESCE(customer_name, '(unnamed)') || ' (' || CAST(customer_id AS VARCHAR) || ')'"); err != nil {
		return sc, err
	}
	SortByGap(sc.Cities)
	SortByGap(sc.Customers)
	if v.Daily == "" {
		return sc, nil
	}
	sc.Days, err = readDays(ctx, conn, v.Schema, v.Daily)
	return sc, err
}

// readDays reads the daily view. A day without scored orders has no row: the trend shows a gap.
func readDays(ctx context.Context, conn *pgx.Conn, schema, view string) ([]DayRow, error) {
	rows, err := conn.Query(ctx, `SELECT period_start, COALESCE(orders, 0),
	COALESCE(CAST(ot_pct AS VARCHAR), ''), COALESCE(CAST(if_pct AS VARCHAR), ''), COALESCE(CAST(otif_pct AS VARCHAR), ''),
	COALESCE(CAST(ot_target AS VARCHAR), ''), COALESCE(CAST(if_target AS VARCHAR), ''), COALESCE(CAST(otif_target AS VARCHAR), '')
	FROM `+ident(schema, view)+` ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("reading %s.%s: %w", schema, view, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (DayRow, error) {
		var d DayRow
		return d, r.Scan(&d.Day, &d.Orders, &d.OT, &d.IF, &d.OTIF, &d.OTTarget, &d.IFTarget, &d.OTIFTarget)
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s.%s: %w", schema, view, err)
	}
	return out, nil
}

// Gap is value − target, exactly, as a rational; false when either is missing or not a number.
func Gap(value, target string) (*big.Rat, bool) {
	v, ok1 := new(big.Rat).SetString(value)
	t, ok2 := new(big.Rat).SetString(target)
	if value == "" || target == "" || !ok1 || !ok2 {
		return nil, false
	}
	return v.Sub(v, t), true
}

// OTIFGap renders the row's OTIF gap to target with two decimals and a sign ("" = no gap).
func (s ScoreRow) OTIFGap() string {
	g, ok := Gap(s.OTIF, s.OTIFTarget)
	if !ok {
		return ""
	}
	out := g.FloatString(2)
	if g.Sign() > 0 {
		out = "+" + out
	}
	return out
}

// SortByGap orders rows by OTIF gap to target (OTIF % − OTIF target), worst (most negative)
// first, ties by label; rows without a gap (no OTIF or no target) come last, by label. The gap
// is compared exactly, as decimals, never as floats.
func SortByGap(rows []ScoreRow) {
	sort.SliceStable(rows, func(i, j int) bool {
		gi, oki := Gap(rows[i].OTIF, rows[i].OTIFTarget)
		gj, okj := Gap(rows[j].OTIF, rows[j].OTIFTarget)
		switch {
		case oki != okj:
			return oki
		case oki:
			if c := gi.Cmp(gj); c != 0 {
				return c < 0
			}
		}
		return rows[i].Label < rows[j].Label
	})
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
		gap := s.OTIFGap()
		if gap == "" {
			gap = "–"
		}
		fmt.Fprintf(w, "%-34s %7d %7d  %-15s %-15s %-15s %8s %7s %7s\n", trunc(s.Label, 34), s.Orders, s.Lines,
			vs(s.OT, s.OTTarget), vs(s.IF, s.IFTarget), vs(s.OTIF, s.OTIFTarget), gap, s.LFR, s.VFR)
	}
	head := func(title string) {
		fmt.Fprintf(w, "\n%-34s %7s %7s  %-15s %-15s %-15s %8s %7s %7s\n", title, "orders", "lines", "OT%/target", "IF%/target", "OTIF%/target", "OTIF gap", "LFR%", "VFR%")
		fmt.Fprintln(w, strings.Repeat("-", 127))
	}
	fmt.Fprintln(w, "Nexabrands scorecard (\"!\" = below target; cities and customers by OTIF gap to target, worst first)")
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
	if n := len(sc.Days); n > 0 {
		f, l := sc.Days[0], sc.Days[n-1]
		fmt.Fprintf(w, "\ndaily trend: %d days with scored orders from %s to %s\n", n, f.Day.Format(time.DateOnly), l.Day.Format(time.DateOnly))
		for _, d := range []DayRow{f, l} {
			fmt.Fprintf(w, "  %s %5d orders  OT %s  IF %s  OTIF %s\n", d.Day.Format(time.DateOnly), d.Orders,
				vs(d.OT, d.OTTarget), vs(d.IF, d.IFTarget), vs(d.OTIF, d.OTIFTarget))
		}
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
	Gap           string
	Below         bool
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
		g := s.OTIFGap()
		out = append(out, htmlRow{Label: s.Label, Orders: s.Orders, Lines: s.Lines, Gap: g, Below: strings.HasPrefix(g, "-"), Bars: bars(s)})
	}
	return out
}

var page = template.Must(template.New("scorecard").Funcs(template.FuncMap{
	"add": func(a, b int) int { return a + b },
	// css passes the chart's own colour constants into the legend's style attribute.
	"css": func(s string) template.CSS { return template.CSS(s) },
}).Parse(`<!DOCTYPE html>
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
td.gap{font-weight:600} td.gap.below{color:#c62828}
h3{font-size:14px;margin:14px 0 2px} svg.trend{display:block}
svg.trend text{font:11px system-ui,sans-serif;fill:#555}
</style></head><body>
<h1>Nexabrands scorecard</h1>
<p class="note">On Time, In Full and OTIF (share of orders), Line Fill Rate and Volume Fill Rate, from the warehouse's KPI views.
The black line is the target (order-weighted mean of the customers' targets).
<span class="legend"><span style="background:#2e7d32"></span>at or above target (or no target)<span style="background:#c62828"></span>below target</span></p>
{{define "rows"}}{{if not .}}<p class="note">No rows.</p>{{else}}<table><tr><th></th><th>orders</th><th>lines</th><th>OTIF gap</th>{{range (index . 0).Bars}}<th>{{.Name}} %</th>{{end}}</tr>
{{range .}}<tr><td>{{.Label}}</td><td class="n">{{.Orders}}</td><td class="n">{{.Lines}}</td><td class="n gap{{if .Below}} below{{end}}">{{if .Gap}}{{.Gap}}{{else}}–{{end}}</td>
{{range .Bars}}<td><div class="bar" title="{{.Name}} {{.Value}}{{if .HasTarget}} (target {{.Target}}){{end}}">{{if .HasValue}}<div class="fill{{if .Below}} below{{end}}" style="width:{{printf "%.2f" .Width}}%"></div>{{end}}{{if .HasTarget}}<div class="target" style="left:{{printf "%.2f" .Mark}}%"></div>{{end}}</div>
<div class="val">{{if .HasValue}}{{.Value}}{{else}}–{{end}}{{if .HasTarget}} / {{.Target}}{{end}}</div></td>{{end}}</tr>
{{end}}</table>{{end}}{{end}}
{{define "trend"}}<h3>{{.Title}}</h3>
<svg class="trend" data-metric="{{.Metric}}" width="{{.Width}}" height="{{.Height}}" viewBox="0 0 {{.Width}} {{.Height}}" role="img" aria-label="{{.Title}} from {{.First}} to {{.Last}}{{if .HasTarget}}, with the target{{end}}">
<g class="grid">{{range .YTicks}}<line x1="{{$.Left}}" x2="{{$.Right}}" y1="{{.Pos}}" y2="{{.Pos}}" stroke="#e0e0e0" stroke-width="1"/><text x="{{.TX}}" y="{{.TY}}" text-anchor="end">{{.Label}}</text>{{end}}</g>
<g class="days">{{range .XTicks}}<line x1="{{.Pos}}" x2="{{.Pos}}" y1="{{$.Top}}" y2="{{$.Bottom}}" stroke="#f0f0f0" stroke-width="1"/><text x="{{.TX}}" y="{{.TY}}" text-anchor="middle">{{.Label}}</text>{{end}}</g>
{{if .HasTarget}}<path class="target-line" d="{{.TargetPath}}" fill="none" stroke="{{.Target}}" stroke-width="2.5"/>
{{end}}<path class="value-line" d="{{.ValuePath}}" fill="none" stroke="{{.ValueColour}}" stroke-width="2"/>
{{range .Points}}<circle class="day" cx="{{.X}}" cy="{{.Y}}" r="2.5" fill="{{$.ValueColour}}"><title>{{.Day}} {{.Label}} {{.Value}} % (target {{if .Target}}{{.Target}} %{{else}}none{{end}}), {{.Orders}} orders</title></circle>{{end}}
</svg>{{end}}
<h2>Overall</h2>{{template "rows" .Overall}}
{{with .Trends}}<h2>Daily trend</h2>
<p class="note">Per order placement date, from {{(index . 0).First}} to {{(index . 0).Last}}: the share of the day's scored orders, and the day's target
(order-weighted mean of the targets of the customers who ordered that day). A day without scored orders is a gap ({{(index . 0).Gaps}} of {{add (index . 0).Days (index . 0).Gaps}} days).
<span class="legend"><span style="background:{{(index . 0).ValueColour | css}}"></span>value<span style="background:{{(index . 0).Target | css}}"></span>target</span></p>
{{range .}}{{template "trend" .}}{{end}}{{end}}
<h2>By city</h2><p class="note">Sorted by OTIF gap to target (OTIF % − target), worst first; ties by name; rows without a target last.</p>{{template "rows" .Cities}}
<h2>By customer</h2><p class="note">Sorted by OTIF gap to target, worst first; ties by name; rows without a target last.</p>{{template "rows" .Customers}}
</body></html>
`))

// WriteHTML writes a self-contained page (no scripts, no external files): a bar per metric with
// a line at its target, overall, per city and per customer (sorted by OTIF gap, worst first), and
// a daily trend per order metric (OT, IF, OTIF) as inline SVG with the day's target as a step line.
func (sc Scorecard) WriteHTML(w io.Writer) error {
	return page.Execute(w, map[string]any{
		"Overall": htmlRows([]ScoreRow{sc.Overall}), "Cities": htmlRows(sc.Cities), "Customers": htmlRows(sc.Customers),
		"Trends": trendCharts(sc.Days),
	})
}
