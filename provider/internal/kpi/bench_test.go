package kpi

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/nexabrands/supplychain/provider/internal/warehouse"
	"github.com/nexabrands/supplychain/tools/sampledata/dataset"
)

// BenchmarkScorecardCityCustomerMonth reads the scorecard by city × customer × month from a plain
// view and from the same view materialised, over a synthetic set of $SUPPLYCHAIN_BENCH_LINES order
// lines (default 1,000,000) on a local PostgreSQL.
func BenchmarkScorecardCityCustomerMonth(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("SUPPLYCHAIN_BENCH_LINES")); err == nil && v > 0 {
		n = v
	}
	conn := startDB(b)
	ctx := context.Background()
	for _, s := range dataset.CreateStarSchemaSQL("bench") {
		if _, err := conn.Exec(ctx, s); err != nil {
			b.Fatal(err)
		}
	}
	st, err := dataset.Load(ctx, conn, "bench", dataset.Synthetic(n, 1), dataset.LoadOptions{Targets: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d lines, %d orders in %s", st.Lines, st.Orders, st.Elapsed.Round(time.Millisecond))
	if _, err := conn.Exec(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	spec := Spec{Metrics: Metrics, Dimensions: []string{"city", "customer"}, Period: "month", WithTargets: true, Sources: Sources{Schema: "bench"}}
	sql, err := Generate(spec)
	if err != nil {
		b.Fatal(err)
	}
	for _, mat := range []bool{false, true} {
		v := warehouse.View{Schema: "bench", Name: "plain", SQL: sql, Materialized: mat}
		if mat {
			v.Name = "materialized"
		}
		start := time.Now()
		for _, s := range warehouse.CreateViewSQL(v, false, false) {
			if _, err := conn.Exec(ctx, s); err != nil {
				b.Fatal(err)
			}
		}
		if mat {
			b.Logf("materialised view built in %s", time.Since(start).Round(time.Millisecond))
		}
	}
	for _, name := range []string{"plain", "materialized"} {
		b.Run(name, func(b *testing.B) {
			q := "SELECT * FROM " + warehouse.QualifiedName("bench", name) + " ORDER BY period_start, city, customer_id"
			var rows int
			for i := 0; i < b.N; i++ {
				r, err := conn.Query(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				rows = 0
				for r.Next() {
					rows++
				}
				r.Close()
				if err := r.Err(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(n), "lines")
		})
	}
	b.Run("refresh", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := conn.Exec(ctx, warehouse.RefreshSQL("bench", "materialized")); err != nil {
				b.Fatal(err)
			}
		}
	})
}
