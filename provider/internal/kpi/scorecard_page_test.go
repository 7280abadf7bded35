package kpi

import (
	"html/template"
	"math/big"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nexabrands/supplychain/tools/sampledata/dataset"
)

var (
	trendSVG   = regexp.MustCompile(`(?s)<svg class="trend" data-metric="([A-Z]+)".*?</svg>`)
	trendPoint = regexp.MustCompile(`<circle class="day"[^>]*><title>(\d{4}-\d{2}-\d{2}) ([A-Z]+) ([0-9.]+) % \(target (?:([0-9.]+) %|none)\), (\d+) orders</title></circle>`)
	targetPath = regexp.MustCompile(`<path class="target-line" d="([^"]*)"`)
	valuePath  = regexp.MustCompile(`<path class="value-line" d="([^"]*)"`)
	tableRow   = regexp.MustCompile(`<tr><td>([^<]*)</td><td class="n">(\d+)</td><td class="n">\d+</td><td class="n gap[^"]*">([^<]*)</td>`)
)

// checkPage recomputes, in Go from the rows read back from the warehouse, what the scorecard
// page shows and compares it exactly with the rendered HTML: every day's OT, IF and OTIF with its
// target and order count in the trend charts (a day without scored orders must be a gap: no point
// and a break in the lines), and the order of the city and customer tables (OTIF gap, worst first).
func checkPage(t *testing.T, loaded dataset.Dataset, html string) {
	t.Helper()
	checkTrends(t, dataset.Reference(loaded, dataset.ByDay), html)

	cityLabel := func(k string, _ dataset.KPIs) string {
		if k == dataset.NullKey {
			return "(unknown city)"
		}
		return k
	}
	names := map[string]string{}
	for _, c := range loaded.Customers {
		n := "(unnamed)"
		if c.Name != nil {
			n = *c.Name
		}
		names[strconv.FormatInt(c.ID, 10)] = n + " (" + strconv.FormatInt(c.ID, 10) + ")"
	}
	customerLabel := func(k string, _ dataset.KPIs) string { return names[k] }
	cities, customers := section(t, html, "By city", "By customer"), section(t, html, "By customer", "</body>")
	checkTableOrder(t, "city", dataset.Reference(loaded, dataset.ByCity), cityLabel, cities)
	checkTableOrder(t, "customer", dataset.Reference(loaded, dataset.ByCustomer), customerLabel, customers)
}

func section(t *testing.T, html, from, to string) string {
	t.Helper()
	i := strings.Index(html, "<h2>"+from+"</h2>")
	if i < 0 {
		t.Fatalf("the page has no %q section", from)
	}
	rest := html[i:]
	if j := strings.Index(rest[1:], to); j >= 0 {
		rest = rest[:j+1]
	}
	return rest
}

func checkTrends(t *testing.T, want map[string]dataset.KPIs, html string) {
	t.Helper()
	var days []string // days with scored orders, in order
	for _, d := range dataset.SortedGroups(want) {
		if want[d].Orders > 0 {
			days = append(days, d)
		}
	}
	if len(days) == 0 {
		t.Fatal("no day has scored orders")
	}
	// Runs of consecutive calendar days: each starts a new segment of the value line.
	runs := 1
	for i := 1; i < len(days); i++ {
		a, _ := time.Parse(time.DateOnly, days[i-1])
		b, _ := time.Parse(time.DateOnly, days[i])
		if b.Sub(a) > 24*time.Hour {
			runs++
		}
	}
	charts := trendSVG.FindAllStringSubmatch(html, -1)
	var metrics []string
	for _, c := range charts {
		metrics = append(metrics, c[1])
	}
	if strings.Join(metrics, ",") != "OT,IF,OTIF" {
		t.Fatalf("trend charts on the page: %v, want OT, IF, OTIF", metrics)
	}
	for _, c := range charts {
		metric, svg := c[1], c[0]
		pick := func(k dataset.KPIs) (string, string) {
			switch metric {
			case "OT":
				return k.OT, k.OTTarget
			case "IF":
				return k.IF, k.IFTarget
			}
			return k.OTIF, k.OTIFTarget
		}
		points := trendPoint.FindAllStringSubmatch(svg, -1)
		if len(points) != len(days) {
			t.Errorf("%s trend: %d points, want one per day with scored orders (%d)", metric, len(points), len(days))
		}
		withTarget := 0
		for i, p := range points {
			if i >= len(days) {
				break
			}
			k := want[p[1]]
			v, tg := pick(k)
			if tg != "" {
				withTarget++
			}
			if p[1] != days[i] || p[2] != metric || p[3] != v || p[4] != tg || p[5] != strconv.FormatInt(k.Orders, 10) {
				t.Errorf("%s trend point %d: page shows day %s %s %s target %q, %s orders; Go computes day %s %s target %q, %d orders",
					metric, i, p[1], p[2], p[3], p[4], p[5], days[i], v, tg, k.Orders)
			}
		}
		vp := valuePath.FindStringSubmatch(svg)
		if vp == nil {
			t.Errorf("%s trend has no value line", metric)
		} else if m, l := strings.Count(vp[1], "M"), strings.Count(vp[1], "L"); m != runs || m+l != len(days) {
			t.Errorf("%s value line: %d segments and %d points, want %d segments (runs of consecutive days) and %d points", metric, m, m+l, runs, len(days))
		}
		tp := targetPath.FindStringSubmatch(svg)
		switch {
		case withTarget > 0 && tp == nil:
			t.Errorf("%s trend has no target line though %d days have a target", metric, withTarget)
		case tp != nil && strings.Count(tp[1], "H") != withTarget:
			t.Errorf("%s target line has %d day steps, want %d", metric, strings.Count(tp[1], "H"), withTarget)
		}
	}
}

// checkTableOrder sorts the groups by OTIF − OTIF target (exact decimals), worst first, ties by
// label, groups without a gap last, and requires the page's table in that order with those gaps.
func checkTableOrder(t *testing.T, what string, want map[string]dataset.KPIs, label func(string, dataset.KPIs) string, html string) {
	t.Helper()
	type row struct {
		label, gap string
		g          *big.Rat
		orders     int64
	}
	var rows []row
	for k, v := range want {
		if v.Orders == 0 && v.Lines == 0 {
			continue
		}
		r := row{label: label(k, v), orders: v.Orders}
		a, ok1 := new(big.Rat).SetString(v.OTIF)
		b, ok2 := new(big.Rat).SetString(v.OTIFTarget)
		if ok1 && ok2 {
			r.g = new(big.Rat).Sub(a, b)
			r.gap = r.g.FloatString(2)
			if r.g.Sign() > 0 {
				r.gap = "+" + r.gap
			}
		} else {
			r.gap = "–"
		}
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if (a.g == nil) != (b.g == nil) {
			return a.g != nil
		}
		if a.g != nil && a.g.Cmp(b.g) != 0 {
			return a.g.Cmp(b.g) < 0
		}
		return a.label < b.label
	})
	got := tableRow.FindAllStringSubmatch(html, -1)
	if len(got) != len(rows) {
		t.Fatalf("%s table: %d rows on the page, %d groups in Go", what, len(got), len(rows))
	}
	for i, r := range rows {
		if got[i][1] != template.HTMLEscapeString(r.label) || got[i][2] != strconv.FormatInt(r.orders, 10) || got[i][3] != r.gap {
			t.Errorf("%s table row %d: page %q (%s orders, gap %s), Go %q (%d orders, gap %s)", what, i, got[i][1], got[i][2], got[i][3], r.label, r.orders, r.gap)
		}
	}
}

// checkGolden compares got with the golden file, rewriting it under -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("the page differs from %s (run `go test ./provider/internal/kpi -run TestKPIsMatchGoOnSample -update` after checking the change)", path)
	}
}
