package dataset

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/nexabrands/supplychain/tools/devenv/localenv"
)

// BenchmarkLoad measures load throughput (order lines per second, all star schema tables in one
// transaction with COPY) of a 200,000-line synthetic set into a local PostgreSQL.
func BenchmarkLoad(b *testing.B) {
	pg := localenv.PostgresT(b)
	ctx := context.Background()
	db, err := pg.CreateDatabase(ctx, "load")
	if err != nil {
		b.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, pg.DSN(db))
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, s := range CreateStarSchemaSQL("bench") {
		if _, err := conn.Exec(ctx, s); err != nil {
			b.Fatal(err)
		}
	}
	const n = 200_000
	ds := Synthetic(n, 3)
	b.ResetTimer()
	var lines int64
	for i := 0; i < b.N; i++ {
		st, err := Load(ctx, conn, "bench", ds, LoadOptions{Targets: true})
		if err != nil {
			b.Fatal(err)
		}
		lines += st.Lines
	}
	b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkClean measures cleaning the Nexabrands sample.
func BenchmarkClean(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, _, err := Clean(rawDir()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSynthetic measures generating 100,000 order lines.
func BenchmarkSynthetic(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Synthetic(100_000, uint64(i))
	}
}
