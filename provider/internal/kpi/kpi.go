// Package kpi generates the SQL of the KPI views: On Time, In Full, OTIF, Line Fill Rate and
// Volume Fill Rate by any mix of city, customer, product and category, per day, week, month or
// quarter, optionally beside the customers' targets. The definitions are the warehouse's contract
// (DESIGN.md, "KPI definitions"); the SQL sticks to what PostgreSQL and Redshift both accept (see
// Avoided).
package kpi

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nexabrands/supplychain/provider/internal/warehouse"
)

// Metric names.
const (
	OT   = "ot"
	IF   = "if"
	OTIF = "otif"
	LFR  = "lfr"
	VFR  = "vfr"
)

// Metrics lists the metric names in output order.
var Metrics = []string{OT, IF, OTIF, LFR, VFR}

// Dimensions lists the dimension names in output order.
var Dimensions = []string{"city", "customer", "product", "category"}

// Periods lists the accepted periods.
var Periods = []string{"day", "week", "month", "quarter"}

// Sources names the star schema's tables. Empty names take the defaults.
type Sources struct {
	Schema         string `json:"schema"`
	OrderLines     string `json:"order_lines"`
	Orders         string `json:"orders"`
	Customers      string `json:"customers"`
	Products       string `json:"products"`
	CustomerTarget string `json:"customer_targets"`
	// CityTarget names the optional table of per-city targets (city, ontime_target, infull_target,
	// otif_target); "" = none. Where a view is split by city and not by customer, a city's own
	// target replaces the order-weighted mean of its customers' targets.
	CityTarget string `json:"city_targets,omitempty"`
}

// DefaultSources are the star schema's table names.
var DefaultSources = Sources{
	OrderLines: "fact_order_lines", Orders: "fact_orders", Customers: "dim_customers",
	Products: "dim_products", CustomerTarget: "dim_customer_targets",
}

// WithDefaults fills empty table names.
func (s Sources) WithDefaults() Sources {
	d := DefaultSources
	if s.OrderLines != "" {
		d.OrderLines = s.OrderLines
	}
	if s.Orders != "" {
		d.Orders = s.Orders
	}
	if s.Customers != "" {
		d.Customers = s.Customers
	}
	if s.Products != "" {
		d.Products = s.Products
	}
	if s.CustomerTarget != "" {
		d.CustomerTarget = s.CustomerTarget
	}
	d.Schema = s.Schema
	d.CityTarget = s.CityTarget
	return d
}

// Spec describes one KPI view.
type Spec struct {
	Metrics     []string `json:"metrics"`
	Dimensions  []string `json:"dimensions"`
	Period      string   `json:"period,omitempty"` // "" = no time dimension
	WithTargets bool     `json:"with_targets"`
	Sources     Sources  `json:"sources"`
}

// Normalized returns the spec with metrics and dimensions in canonical order and defaults filled,
// so equal specs generate equal SQL.
func (s Spec) Normalized() Spec {
	s.Metrics = ordered(s.Metrics, Metrics)
	s.Dimensions = ordered(s.Dimensions, Dimensions)
	s.Sources = s.Sources.WithDefaults()
	return s
}

func ordered(in, order []string) []string {
	set := map[string]bool{}
	for _, v := range in {
		set[strings.ToLower(v)] = true
	}
	var out []string
	for _, v := range order {
		if set[v] {
			out = append(out, v)
		}
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Check reports what is wrong with a spec.
func (s Spec) Check() error {
	if len(s.Metrics) == 0 {
		return fmt.Errorf("at least one metric is needed (%s)", strings.Join(Metrics, ", "))
	}
	for _, m := range s.Metrics {
		if !contains(Metrics, strings.ToLower(m)) {
			return fmt.Errorf("unknown metric %q; use %s", m, strings.Join(Metrics, ", "))
		}
	}
	for _, d := range s.Dimensions {
		if !contains(Dimensions, strings.ToLower(d)) {
			return fmt.Errorf("unknown dimension %q; use %s", d, strings.Join(Dimensions, ", "))
		}
	}
	if s.Period != "" && !contains(Periods, s.Period) {
		return fmt.Errorf("unknown period %q; use %s", s.Period, strings.Join(Periods, ", "))
	}
	n := s.Normalized()
	byProduct := contains(n.Dimensions, "product") || contains(n.Dimensions, "category")
	if byProduct {
		for _, m := range n.Metrics {
			if m == OT || m == IF || m == OTIF {
				return fmt.Errorf("metric %q is measured per order and an order spans products: split %s by city, customer or period, "+
					"and use lfr or vfr with product or category", m, m)
			}
		}
		if s.WithTargets {
			return fmt.Errorf("with_targets needs order-level metrics, which cannot be split by product or category")
		}
	}
	if s.WithTargets && !hasOrderMetric(n) {
		return fmt.Errorf("with_targets needs at least one of ot, if, otif: targets exist only for them")
	}
	for _, name := range []string{n.Sources.Schema, n.Sources.OrderLines, n.Sources.Orders, n.Sources.Customers, n.Sources.Products, n.Sources.CustomerTarget} {
		if err := warehouse.CheckIdentifier(name); err != nil {
			return fmt.Errorf("source name %q %w", name, err)
		}
	}
	if n.Sources.CityTarget != "" {
		if err := warehouse.CheckIdentifier(n.Sources.CityTarget); err != nil {
			return fmt.Errorf("source name %q %w", n.Sources.CityTarget, err)
		}
	}
	return nil
}

// JSON renders the normalised spec; it is stored in the view's comment so that import can
// recover the spec from the warehouse.
func (s Spec) JSON() string {
	b, _ := json.Marshal(s.Normalized())
	return string(b)
}

// CommentPrefix starts the comment of every generated view.
const CommentPrefix = "supplychain:kpi_view "

// SpecFromComment parses the comment written on a generated view.
func SpecFromComment(c string) (Spec, bool) {
	if !strings.HasPrefix(c, CommentPrefix) {
		return Spec{}, false
	}
	var s Spec
	if err := json.Unmarshal([]byte(strings.TrimPrefix(c, CommentPrefix)), &s); err != nil {
		return Spec{}, false
	}
	return s, true
}

// Columns lists the output columns of the view, in order.
func (s Spec) Columns() []string {
	n := s.Normalized()
	var cols []string
	if n.Period != "" {
		cols = append(cols, "period_start")
	}
	for _, d := range n.Dimensions {
		cols = append(cols, dimColumns[d]...)
	}
	order := hasOrderMetric(n)
	if order {
		cols = append(cols, "orders")
	}
	for _, m := range n.Metrics {
		switch m {
		case OT:
			cols = append(cols, "on_time_orders")
		case IF:
			cols = append(cols, "in_full_orders")
		case OTIF:
			cols = append(cols, "otif_orders")
		}
	}
	if contains(n.Metrics, LFR) || contains(n.Metrics, VFR) {
		cols = append(cols, "lines")
	}
	if contains(n.Metrics, LFR) {
		cols = append(cols, "in_full_lines")
	}
	if contains(n.Metrics, VFR) {
		cols = append(cols, "ordered_qty", "delivered_qty")
	}
	for _, m := range n.Metrics {
		cols = append(cols, m+"_pct")
		if n.WithTargets && m != LFR && m != VFR {
			cols = append(cols, m+"_target")
		}
	}
	return cols
}

var dimColumns = map[string][]string{
	"city":     {"city"},
	"customer": {"customer_id", "customer_name"},
	"product":  {"product_id", "product_name"},
	"category": {"category"},
}

func hasOrderMetric(s Spec) bool {
	return contains(s.Metrics, OT) || contains(s.Metrics, IF) || contains(s.Metrics, OTIF)
}

func periodExpr(period, col string) string {
	if period == "day" {
		return col
	}
	return "CAST(DATE_TRUNC('" + period + "', " + col + ") AS DATE)"
}

// pct renders num / den × 100 in numeric arithmetic, rounded to two decimals, NULL when den is 0.
// Both sides are cast to DECIMAL before dividing: integer division (and integer AVG) truncates on
// both engines. The counts are integers, so DECIMAL(18,0) holds them exactly and keeps Redshift's
// result precision (p1 - s1 + s2 + max(4, s1 + p2 - s2 + 1), capped at 38) far from overflow.
func pct(num, den string) string {
	return "CASE WHEN " + den + " = 0 THEN NULL ELSE ROUND(CAST(" + num + " AS DECIMAL(18,0)) * 100 / CAST(" + den + " AS DECIMAL(18,0)), 2) END"
}

// Generate returns the SELECT statement of the view.
//
// Order-level flags: an order's on_time / in_full / otif come from fact_orders when the
// fulfilment feed delivered them (0 or 1); a missing flag is derived from the order's lines
// (on time when every line arrived by its agreed date, in full when every line delivered at least
// its ordered quantity; OTIF when both). An order with neither a flag nor lines is not scored.
// The counts are exposed beside the percentages so the arithmetic can be checked.
func Generate(spec Spec) (string, error) {
	if err := spec.Check(); err != nil {
		return "", err
	}
	s := spec.Normalized()
	src := func(t string) string { return warehouse.QualifiedName(s.Sources.Schema, t) }
	needOrders := hasOrderMetric(s)
	needLines := contains(s.Metrics, LFR) || contains(s.Metrics, VFR)
	byCity := contains(s.Dimensions, "city")
	byCustomer := contains(s.Dimensions, "customer")
	byProduct := contains(s.Dimensions, "product")
	byCategory := contains(s.Dimensions, "category")
	needCustomers := byCity || byCustomer

	var b strings.Builder
	b.WriteString("WITH line_flags AS (\n")
	b.WriteString("  SELECT l.order_id, l.customer_id, l.product_id, l.order_placement_date, l.order_qty, l.delivery_qty,\n")
	b.WriteString("    CASE WHEN l.actual_delivery_date <= l.agreed_delivery_date THEN 1 ELSE 0 END AS line_on_time,\n")
	b.WriteString("    CASE WHEN l.delivery_qty >= l.order_qty THEN 1 ELSE 0 END AS line_in_full\n")
	b.WriteString("  FROM " + src(s.Sources.OrderLines) + " l\n)")
	if needOrders {
		b.WriteString(",\norder_line_flags AS (\n")
		b.WriteString("  SELECT order_id, MIN(line_on_time) AS all_on_time, MIN(line_in_full) AS all_in_full\n")
		b.WriteString("  FROM line_flags GROUP BY order_id\n)")
		b.WriteString(",\norder_flags AS (\n")
		b.WriteString("  SELECT o.order_id, o.customer_id, o.order_placement_date,\n")
		b.WriteString("    CASE WHEN o.on_time IS NOT NULL THEN o.on_time ELSE f.all_on_time END AS on_time,\n")
		b.WriteString("    CASE WHEN o.in_full IS NOT NULL THEN o.in_full ELSE f.all_in_full END AS in_full,\n")
		b.WriteString("    CASE WHEN o.otif IS NOT NULL THEN o.otif\n")
		b.WriteString("         WHEN f.order_id IS NULL THEN NULL\n")
		b.WriteString("         WHEN COALESCE(o.on_time, f.all_on_time) = 1 AND COALESCE(o.in_full, f.all_in_full) = 1 THEN 1 ELSE 0 END AS otif\n")
		b.WriteString("  FROM " + src(s.Sources.Orders) + " o\n")
		b.WriteString("  LEFT JOIN order_line_flags f ON f.order_id = o.order_id\n)")
	}

	// dims renders the dimension columns of one branch of the union; alias is the fact's alias.
	dims := func(alias string, lineLevel bool) []string {
		var out []string
		if s.Period != "" {
			out = append(out, periodExpr(s.Period, alias+".order_placement_date")+" AS period_start")
		}
		if byCity {
			out = append(out, "c.city AS city")
		}
		if byCustomer {
			out = append(out, alias+".customer_id AS customer_id", "c.customer_name AS customer_name")
		}
		if byProduct && lineLevel {
			out = append(out, alias+".product_id AS product_id", "p.product_name AS product_name")
		}
		if byCategory && lineLevel {
			out = append(out, "p.category AS category")
		}
		return out
	}
	joins := func(alias string, lineLevel bool) string {
		var j string
		if needCustomers {
			j += "  LEFT JOIN " + src(s.Sources.Customers) + " c ON c.customer_id = " + alias + ".customer_id\n"
		}
		if lineLevel && (byProduct || byCategory) {
			j += "  LEFT JOIN " + src(s.Sources.Products) + " p ON p.product_id = " + alias + ".product_id\n"
		}
		if !lineLevel && s.WithTargets {
			j += "  LEFT JOIN " + src(s.Sources.CustomerTarget) + " t ON t.customer_id = " + alias + ".customer_id\n"
		}
		return j
	}
	measures := []string{"n_orders", "n_on_time", "n_in_full", "n_otif", "n_lines", "n_lines_in_full", "qty_ordered", "qty_delivered"}
	if s.WithTargets {
		measures = append(measures, "ot_target_sum", "ot_target_n", "if_target_sum", "if_target_n", "otif_target_sum", "otif_target_n")
	}
	zero := func(except map[string]string) []string {
		var out []string
		for _, m := range measures {
			if e, ok := except[m]; ok {
				out = append(out, e+" AS "+m)
			} else if strings.HasSuffix(m, "_sum") {
				out = append(out, "CAST(0 AS DECIMAL(18,2)) AS "+m)
			} else {
				out = append(out, "0 AS "+m)
			}
		}
		return out
	}
	var branches []string
	if needOrders {
		m := map[string]string{"n_orders": "1", "n_on_time": "ordf.on_time", "n_in_full": "ordf.in_full", "n_otif": "ordf.otif"}
		if s.WithTargets {
			for _, t := range [][2]string{{"ot", "ontime_target"}, {"if", "infull_target"}, {"otif", "otif_target"}} {
				m[t[0]+"_target_sum"] = "CAST(COALESCE(t." + t[1] + ", 0) AS DECIMAL(18,2))"
				m[t[0]+"_target_n"] = "CASE WHEN t." + t[1] + " IS NULL THEN 0 ELSE 1 END"
			}
		}
		cols := append(dims("ordf", false), zero(m)...)
		branches = append(branches, "  SELECT "+strings.Join(cols, ",\n    ")+"\n  FROM order_flags ordf\n"+joins("ordf", false)+
			"  WHERE ordf.on_time IS NOT NULL AND ordf.in_full IS NOT NULL AND ordf.otif IS NOT NULL\n")
	}
	if needLines {
		m := map[string]string{"n_lines": "1", "n_lines_in_full": "linf.line_in_full", "qty_ordered": "linf.order_qty", "qty_delivered": "linf.delivery_qty"}
		cols := append(dims("linf", true), zero(m)...)
		branches = append(branches, "  SELECT "+strings.Join(cols, ",\n    ")+"\n  FROM line_flags linf\n"+joins("linf", true))
	}
	b.WriteString(",\nfacts AS (\n" + strings.Join(branches, "  UNION ALL\n") + ")\n")

	var outCols, groupCols []string
	for _, c := range s.Columns() {
		if c == "period_start" || c == "city" || c == "customer_id" || c == "customer_name" || c == "product_id" || c == "product_name" || c == "category" {
			outCols = append(outCols, c)
			groupCols = append(groupCols, c)
		}
	}
	sum := func(m string) string { return "SUM(" + m + ")" }
	if needOrders {
		outCols = append(outCols, sum("n_orders")+" AS orders")
	}
	for _, m := range s.Metrics {
		switch m {
		case OT:
			outCols = append(outCols, sum("n_on_time")+" AS on_time_orders")
		case IF:
			outCols = append(outCols, sum("n_in_full")+" AS in_full_orders")
		case OTIF:
			outCols = append(outCols, sum("n_otif")+" AS otif_orders")
		}
	}
	if needLines {
		outCols = append(outCols, sum("n_lines")+" AS lines")
	}
	if contains(s.Metrics, LFR) {
		outCols = append(outCols, sum("n_lines_in_full")+" AS in_full_lines")
	}
	if contains(s.Metrics, VFR) {
		outCols = append(outCols, sum("qty_ordered")+" AS ordered_qty", sum("qty_delivered")+" AS delivered_qty")
	}
	for _, m := range s.Metrics {
		switch m {
		case OT:
			outCols = append(outCols, pct(sum("n_on_time"), sum("n_orders"))+" AS ot_pct")
		case IF:
			outCols = append(outCols, pct(sum("n_in_full"), sum("n_orders"))+" AS if_pct")
		case OTIF:
			outCols = append(outCols, pct(sum("n_otif"), sum("n_orders"))+" AS otif_pct")
		case LFR:
			outCols = append(outCols, pct(sum("n_lines_in_full"), sum("n_lines"))+" AS lfr_pct")
		case VFR:
			outCols = append(outCols, pct(sum("qty_delivered"), sum("qty_ordered"))+" AS vfr_pct")
		}
		if s.WithTargets && (m == OT || m == IF || m == OTIF) {
			// A group's target is the order-weighted mean of its customers' targets.
			outCols = append(outCols, "CASE WHEN SUM("+m+"_target_n) = 0 THEN NULL ELSE ROUND(SUM("+m+"_target_sum) / CAST(SUM("+m+"_target_n) AS DECIMAL(18,0)), 2) END AS "+m+"_target")
		}
	}
	agg := "SELECT " + strings.Join(outCols, ",\n  ") + "\nFROM facts"
	if len(groupCols) > 0 {
		agg += "\nGROUP BY " + strings.Join(groupCols, ", ")
	}
	if s.WithTargets && s.Sources.CityTarget != "" && byCity && !byCustomer {
		// A city's own target wins over the weighted mean of its customers' targets.
		cityCol := map[string]string{OT: "ontime_target", IF: "infull_target", OTIF: "otif_target"}
		var final []string
		for _, c := range s.Columns() {
			m := strings.TrimSuffix(c, "_target")
			if col, ok := cityCol[m]; ok && m != c {
				final = append(final, "COALESCE(CAST(ct."+col+" AS DECIMAL(18,2)), agg."+c+") AS "+c)
			} else {
				final = append(final, "agg."+c)
			}
		}
		b.WriteString(",\nagg AS (\n" + agg + "\n)\n")
		b.WriteString("SELECT " + strings.Join(final, ",\n  ") + "\nFROM agg\nLEFT JOIN " + src(s.Sources.CityTarget) + " ct ON ct.city = agg.city")
	} else {
		b.WriteString(agg)
	}
	sql := b.String()
	if err := CheckPortable(sql); err != nil {
		return "", err
	}
	return sql, nil
}
