package etl

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/nexabrands/supplychain/tools/devenv/localenv"
	"github.com/nexabrands/supplychain/tools/sampledata/dataset"
	"github.com/nexabrands/supplychain/tools/sampledata/lakeload"
)

func sortedRows(rows [][]string) [][]string {
	out := append([][]string(nil), rows...)
	sort.Slice(out, func(i, j int) bool { return strings.Join(out[i], "\x00") < strings.Join(out[j], "\x00") })
	return out
}

// TestLoadFromTransformedBucket is the local warehouse load end to end: the raw sample into the S3
// stand-in, the pythonshell job, then lakeload.LoadPostgres into a real PostgreSQL. The warehouse
// must hold the Go cleaner's rows; loading the same day again, or re-running the job for it first,
// changes nothing (no duplicates); a changed object for the day replaces its rows.
func TestLoadFromTransformedBucket(t *testing.T) {
	requirePython(t, "boto3")
	ds, _, err := dataset.Clean(rawDir())
	if err != nil {
		t.Fatalf("Go cleaner: %v", err)
	}
	l := newLake(t)
	raw := l.bucket("raw")
	out := l.bucket("transformed")
	for _, name := range []string{"customers.csv", "customer_targets.csv", "products.csv", "orders.csv", "order_fulfillment.csv", "order_lines.csv"} {
		b, err := os.ReadFile(filepath.Join(rawDir(), name))
		if err != nil {
			t.Fatal(err)
		}
		l.put(raw, "in/"+name, b)
	}
	const day = "2026-12-01"
	job := []string{"--source-path", "s3://" + raw + "/in", "--destination-path", "s3://" + out + "/clean", "--run-date", day}
	if out, err := l.runJob(job...); err != nil {
		t.Fatalf("pythonshell job: %v\n%s", err, out)
	}

	pg := localenv.PostgresT(t)
	ctx := context.Background()
	db, err := pg.CreateDatabase(ctx, "lakeload")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, pg.DSN(db))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, s := range dataset.CreateStarSchemaSQL("nexabrands") {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	run := lakeload.Run{Schema: "nexabrands", Bucket: out, Prefix: "clean", RunDate: day}
	want := goTables(ds)
	var lo, hi string
	for _, rows := range [][][]string{want["fact_orders"], want["fact_order_lines"]} {
		for _, r := range rows {
			for _, c := range r {
				if len(c) == 10 && c[4] == '-' && c[7] == '-' {
					if lo == "" || c < lo {
						lo = c
					}
					if c > hi {
						hi = c
					}
				}
			}
		}
	}
	check := func(step string, want map[string][][]string) {
		t.Helper()
		back, err := dataset.ReadBack(ctx, conn, "nexabrands")
		if err != nil {
			t.Fatalf("%s: reading the warehouse back: %v", step, err)
		}
		// ReadBack does not read dim_products (no KPI check needs it): read it here.
		prows, err := conn.Query(ctx, "SELECT product_id, product_name, category FROM nexabrands.dim_products")
		if err != nil {
			t.Fatal(err)
		}
		back.Products, err = pgx.CollectRows(prows, func(r pgx.CollectableRow) (dataset.Product, error) {
			var p dataset.Product
			return p, r.Scan(&p.ID, &p.Name, &p.Category)
		})
		if err != nil {
			t.Fatal(err)
		}
		got := goTables(back)
		for _, table := range tables {
			if g, w := sortedRows(got[table]), sortedRows(want[table]); !reflect.DeepEqual(g, w) {
				t.Errorf("%s: %s holds %d rows, want the cleaner's %d (first difference shown by -v)", step, table, len(g), len(w))
				for i := 0; i < len(g) && i < len(w); i++ {
					if !reflect.DeepEqual(g[i], w[i]) {
						t.Logf("%s: %s row %d: warehouse %q, want %q", step, table, i, g[i], w[i])
						break
					}
				}
			}
		}
		var days int64
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM nexabrands.dim_dates WHERE date BETWEEN $1::date AND $2::date`, lo, hi).Scan(&days); err != nil {
			t.Fatal(err)
		}
		var all int64
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM nexabrands.dim_dates`).Scan(&all); err != nil {
			t.Fatal(err)
		}
		if all != days || days == 0 {
			t.Errorf("%s: dim_dates has %d rows, %d of them from %s to %s; want every day of that span only", step, all, days, lo, hi)
		}
	}

	st, err := lakeload.LoadPostgres(ctx, conn, l.s3, run)
	if err != nil {
		t.Fatalf("first load: %v", err)
	}
	t.Logf("first load: objects %v, rows %v, dim_dates %d, %s", st.Objects, st.Rows, st.Dates, st.Elapsed)
	for _, table := range tables {
		if st.Rows[table] != int64(len(want[table])) {
			t.Errorf("first load copied %d rows of %s, the job wrote %d", st.Rows[table], table, len(want[table]))
		}
	}
	check("first load", want)

	if _, err := lakeload.LoadPostgres(ctx, conn, l.s3, run); err != nil {
		t.Fatalf("second load: %v", err)
	}
	check("same day loaded again", want)

	if out, err := l.runJob(job...); err != nil {
		t.Fatalf("pythonshell job, re-run: %v\n%s", err, out)
	}
	if _, err := lakeload.LoadPostgres(ctx, conn, l.s3, run); err != nil {
		t.Fatalf("load after the re-run: %v", err)
	}
	check("job re-run, day loaded again", want)

	// The day's fact_orders object changes (one order's on_time flag flipped): the load replaces
	// that row.
	key := "clean/fact_orders/run_date=" + day + "/part-00000.csv.gz"
	rows := gunzipCSV(t, key, l.get(out, key))
	changed := -1
	for i, r := range rows[1:] {
		if r[3] == "0" {
			r[3] = "1"
			changed = i
			break
		}
	}
	if changed < 0 {
		t.Fatal("no order with on_time 0 in the sample")
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	w := csv.NewWriter(zw)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	l.put(out, key, buf.Bytes())
	if _, err := lakeload.LoadPostgres(ctx, conn, l.s3, run); err != nil {
		t.Fatalf("load of the changed day: %v", err)
	}
	edited := map[string][][]string{}
	for k, v := range want {
		edited[k] = v
	}
	edited["fact_orders"] = rows[1:]
	check("changed object loaded", edited)

	// A day the job has not written is an error, and changes nothing.
	if _, err := lakeload.LoadPostgres(ctx, conn, l.s3, lakeload.Run{Schema: "nexabrands", Bucket: out, Prefix: "clean", RunDate: "2026-12-02"}); err == nil ||
		!strings.Contains(err.Error(), "no objects under s3://"+out+"/clean/dim_customers/run_date=2026-12-02/") {
		t.Errorf("load of a day without objects: err = %v", err)
	}
	check("load of a missing day refused", edited)
}
