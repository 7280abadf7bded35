package kpi

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/nexabrands/supplychain/provider/internal/warehouse"
	"github.com/nexabrands/supplychain/tools/devenv/localenv"
	"github.com/nexabrands/supplychain/tools/sampledata/dataset"
)

// SampleRawDir is the sample's raw files in the repository.
func sampleRawDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "stacks", "nexabrands", "sample-data", "raw")
}

// ScorecardSpecs are the views the scorecard reads (the stack's, in stacks/nexabrands/kpi_views.tf).
func scorecardSpecs(schema string) map[string]Spec {
	all := []string{OT, IF, OTIF, LFR, VFR}
	src := Sources{Schema: schema}
	return map[string]Spec{
		"kpi_overall":     {Metrics: all, WithTargets: true, Sources: src},
		"kpi_by_city":     {Metrics: all, Dimensions: []string{"city"}, WithTargets: true, Sources: Sources{Schema: schema, CityTarget: "dim_city_targets"}},
		"kpi_by_customer": {Metrics: all, Dimensions: []string{"customer"}, WithTargets: true, Sources: src},
		"kpi_daily":       {Metrics: []string{OT, IF, OTIF}, Period: "day", WithTargets: true, Sources: src},
	}
}

func setupWarehouse(t testing.TB, conn *pgx.Conn, schema string, ds dataset.Dataset) {
	t.Helper()
	ctx := context.Background()
	for _, s := range dataset.CreateStarSchemaSQL(schema) {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if _, err := dataset.Load(ctx, conn, schema, ds, dataset.LoadOptions{Targets: true}); err != nil {
		t.Fatal(err)
	}
	for name, spec := range scorecardSpecs(schema) {
		sql, err := Generate(spec)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range warehouse.CreateViewSQL(warehouse.View{Schema: schema, Name: name, SQL: sql}, false, false) {
			if _, err := conn.Exec(ctx, s); err != nil {
				t.Fatalf("creating %s: %v\n%s", name, err, s)
			}
		}
	}
}

// viewResults reads a view into KPIs keyed like dataset.Reference.
func viewResults(t testing.TB, conn *pgx.Conn, schema, view, key string) map[string]dataset.KPIs {
	t.Helper()
	rows, err := conn.Query(context.Background(), `SELECT `+key+`,
		orders, on_time_orders, in_full_orders, otif_orders, lines, in_full_lines, ordered_qty, delivered_qty,
		COALESCE(CAST(ot_pct AS VARCHAR), ''), COALESCE(CAST(if_pct AS VARCHAR), ''), COALESCE(CAST(otif_pct AS VARCHAR), ''),
		COALESCE(CAST(lfr_pct AS VARCHAR), ''), COALESCE(CAST(vfr_pct AS VARCHAR), ''),
		COALESCE(CAST(ot_target AS VARCHAR), ''), COALESCE(CAST(if_target AS VARCHAR), ''), COALESCE(CAST(otif_target AS VARCHAR), '')
		FROM `+warehouse.QualifiedName(schema, view))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]dataset.KPIs{}
	for rows.Next() {
		var k string
		var r dataset.KPIs
		if err := rows.Scan(&k, &r.Orders, &r.OnTimeOrders, &r.InFullOrders, &r.OTIFOrders, &r.Lines, &r.InFullLines,
			&r.OrderedQty, &r.DeliveredQty, &r.OT, &r.IF, &r.OTIF, &r.LFR, &r.VFR, &r.OTTarget, &r.IFTarget, &r.OTIFTarget); err != nil {
			t.Fatal(err)
		}
		out[k] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// compareAll recomputes every metric overall, per city and per customer in Go from the rows read
// back from the warehouse and compares them with the views, exactly.
func compareAll(t *testing.T, conn *pgx.Conn, schema string) map[string]dataset.KPIs {
	t.Helper()
	loaded, err := dataset.ReadBack(context.Background(), conn, schema)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		g         dataset.Grouping
		view, key string
	}{
		{dataset.Overall, "kpi_overall", "''"},
		{dataset.ByCity, "kpi_by_city", "COALESCE(city, '" + dataset.NullKey + "')"},
		{dataset.ByCustomer, "kpi_by_customer", "CAST(customer_id AS VARCHAR)"},
	}
	var overall map[string]dataset.KPIs
	for _, c := range cases {
		want := dataset.Reference(loaded, c.g)
		got := viewResults(t, conn, schema, c.view, c.key)
		if len(want) != len(got) || len(want) == 0 {
			t.Errorf("%s: %d groups in the view, %d computed in Go", c.view, len(got), len(want))
		}
		for _, k := range dataset.SortedGroups(want) {
			if got[k] != want[k] {
				t.Errorf("%s group %q:\n view %+v\n   go %+v", c.view, k, got[k], want[k])
			}
		}
		if c.g == dataset.Overall {
			overall = want
		}
	}
	return overall
}

func startDB(t testing.TB) *pgx.Conn {
	pg := localenv.PostgresT(t)
	ctx := context.Background()
	db, err := pg.CreateDatabase(ctx, "kpi")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, pg.DSN(db))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// TestKPIsMatchGoOnSample loads the cleaned Nexabrands sample and checks the views against Go,
// then renders the scorecard from the views and checks it carries the same overall figures.
func TestKPIsMatchGoOnSample(t *testing.T) {
	ds, report, err := dataset.Clean(sampleRawDir())
	if err != nil {
		t.Fatal(err)
	}
	var rep bytes.Buffer
	report.Write(&rep)
	t.Log("\n" + rep.String())
	conn := startDB(t)
	setupWarehouse(t, conn, "nexabrands", ds)
	overall := compareAll(t, conn, "nexabrands")[""]
	t.Logf("sample overall: orders %d, lines %d, OT %s%%, IF %s%%, OTIF %s%%, LFR %s%%, VFR %s%% (targets OT %s, IF %s, OTIF %s)",
		overall.Orders, overall.Lines, overall.OT, overall.IF, overall.OTIF, overall.LFR, overall.VFR, overall.OTTarget, overall.IFTarget, overall.OTIFTarget)
	if overall.Orders == 0 || overall.Lines == 0 {
		t.Fatal("nothing scored")
	}

	sc, err := dataset.ReadScorecard(context.Background(), conn, dataset.DefaultScorecardViews("nexabrands"))
	if err != nil {
		t.Fatal(err)
	}
	var text, html bytes.Buffer
	sc.WriteText(&text)
	if err := sc.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	wantRow := fmt.Sprintf("%s/%s", overall.OT, overall.OTTarget)
	if !strings.Contains(text.String(), wantRow) {
		t.Errorf("text scorecard lacks the overall OT %q:\n%s", wantRow, text.String())
	}
	if len(sc.Cities) == 0 || len(sc.Customers) == 0 {
		t.Errorf("scorecard has %d cities, %d customers", len(sc.Cities), len(sc.Customers))
	}
	for _, want := range []string{"<!DOCTYPE html>", `class="target"`, overall.OTIF + " / " + overall.OTIFTarget} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("HTML scorecard lacks %q", want)
		}
	}
	if strings.Contains(html.String(), "<script") || strings.Contains(html.String(), "http") {
		t.Error("HTML scorecard must open without a server: no scripts, no remote resources")
	}
	loaded, err := dataset.ReadBack(context.Background(), conn, "nexabrands")
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, loaded, html.String())
	checkGolden(t, filepath.Join("testdata", "scorecard_sample.html.golden"), html.Bytes())
	if n := len(sc.Days); n > 0 {
		for _, d := range []dataset.DayRow{sc.Days[0], sc.Days[n-1]} {
			t.Logf("sample day %s: %d orders, OT %s (target %s), IF %s (target %s), OTIF %s (target %s)", d.Day.Format("2006-01-02"),
				d.Orders, d.OT, d.OTTarget, d.IF, d.IFTarget, d.OTIF, d.OTIFTarget)
		}
	}
	for _, rows := range [][]dataset.ScoreRow{sc.Cities, sc.Customers} {
		t.Logf("worst by OTIF gap: %s, OTIF %s, target %s, gap %s", rows[0].Label, rows[0].OTIF, rows[0].OTIFTarget, rows[0].OTIFGap())
	}

	// A day without orders is a gap in the trend, not a zero: take one day out of the warehouse
	// and check the page again against Go.
	t.Run("day without orders", func(t *testing.T) {
		if len(sc.Days) < 3 {
			t.Fatalf("the sample has %d days; need 3 to take out a middle one", len(sc.Days))
		}
		day := sc.Days[len(sc.Days)/2].Day
		ctx := context.Background()
		for _, tbl := range []string{"fact_order_lines", "fact_orders"} {
			if _, err := conn.Exec(ctx, "DELETE FROM "+warehouse.QualifiedName("nexabrands", tbl)+" WHERE order_placement_date = $1", day); err != nil {
				t.Fatal(err)
			}
		}
		sc2, err := dataset.ReadScorecard(ctx, conn, dataset.DefaultScorecardViews("nexabrands"))
		if err != nil {
			t.Fatal(err)
		}
		var html2 bytes.Buffer
		if err := sc2.WriteHTML(&html2); err != nil {
			t.Fatal(err)
		}
		loaded2, err := dataset.ReadBack(ctx, conn, "nexabrands")
		if err != nil {
			t.Fatal(err)
		}
		checkPage(t, loaded2, html2.String())
		if len(sc2.Days) != len(sc.Days)-1 || strings.Contains(html2.String(), "<title>"+day.Format("2006-01-02")+" ") {
			t.Errorf("after taking out %s the page still has a point for it (%d days, was %d)", day.Format("2006-01-02"), len(sc2.Days), len(sc.Days))
		}
		if !strings.Contains(html2.String(), "(1 of "+strconv.Itoa(len(sc.Days))+" days)") {
			t.Errorf("the page does not count the day without orders as a gap")
		}
	})
}

// TestKPIsMatchGoOnSynthetic does the same on a 100,000-line synthetic set.
func TestKPIsMatchGoOnSynthetic(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the 100k-line load takes a few seconds")
	}
	ds := dataset.Synthetic(100_000, 42)
	conn := startDB(t)
	setupWarehouse(t, conn, "synthetic", ds)
	o := compareAll(t, conn, "synthetic")[""]
	sc, err := dataset.ReadScorecard(context.Background(), conn, dataset.DefaultScorecardViews("synthetic"))
	if err != nil {
		t.Fatal(err)
	}
	var html bytes.Buffer
	if err := sc.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	loaded, err := dataset.ReadBack(context.Background(), conn, "synthetic")
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, loaded, html.String())
	if o.Lines != 100_000 {
		t.Errorf("lines = %d, want 100000", o.Lines)
	}
	t.Logf("synthetic overall: orders %d, lines %d, OT %s, IF %s, OTIF %s, LFR %s, VFR %s", o.Orders, o.Lines, o.OT, o.IF, o.OTIF, o.LFR, o.VFR)
}
