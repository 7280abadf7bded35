// Command sampledata cleans and loads the Nexabrands sample into the warehouse, generates
// synthetic data sets of any size, prints the KPI scorecard and writes it as an HTML page.
//
//	sampledata clean     [--raw DIR] [--targets-json FILE]
//	sampledata generate  --order-lines N [--seed S] --out DIR
//	sampledata load      [--raw DIR | --order-lines N --seed S] [--schema S] [--create-schema] [--with-targets] [--dsn URL]
//	sampledata load-lake --bucket B [--prefix P] [--run-date D] [--schema S] [--skip-targets] [--dsn URL]
//	sampledata scorecard [--schema S] [--html FILE] [--dsn URL]
//	sampledata demo      [--out DIR] [--terraform PATH] [--dsn URL]
//
// The connection comes from --dsn, else $DATABASE_URL, else $SUPPLYCHAIN_PG_DSN (set by
// `devenv run --postgres`), else the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD,
// PGDATABASE). It is never printed.
package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nexabrands/supplychain/tools/sampledata/dataset"
)

const defaultRaw = "stacks/nexabrands/sample-data/raw"

func main() {
	if len(os.Args) < 2 {
		usage(os.Stderr)
		os.Exit(2)
	}
	ctx := context.Background()
	var err error
	switch os.Args[1] {
	case "clean":
		err = cmdClean(os.Args[2:])
	case "generate":
		err = cmdGenerate(os.Args[2:])
	case "load":
		err = cmdLoad(ctx, os.Args[2:])
	case "load-lake":
		err = cmdLoadLake(ctx, os.Args[2:])
	case "scorecard":
		err = cmdScorecard(ctx, os.Args[2:])
	case "demo":
		err = cmdDemo(ctx, os.Args[2:])
	case "check-screenshot":
		err = cmdCheckScreenshot(os.Args[2:])
	case "-h", "--help", "help":
		usage(os.Stdout)
		return
	default:
		fmt.Fprintf(os.Stderr, "sampledata: unknown command %q\n", os.Args[1])
		usage(os.Stderr)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "sampledata %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage:
  sampledata clean     [--raw DIR] [--targets-json FILE]      clean the raw files, print the data-quality report
  sampledata generate  --order-lines N [--seed S] --out DIR   write a synthetic star schema as CSV files
  sampledata load      [--raw DIR | --order-lines N --seed S] [--schema S] [--create-schema] [--with-targets] [--dsn URL]
  sampledata load-lake --bucket B [--prefix P] [--run-date D] [--schema S] [--skip-targets] [--dsn URL]
                       load an ETL run from the transformed bucket (AWS_ENDPOINT_URL_S3 for the local stand-in)
  sampledata scorecard [--schema S] [--html FILE] [--dsn URL]  print the scorecard from the KPI views
  sampledata demo      [--out DIR] [--terraform PATH] [--dsn URL]
                       apply stacks/nexabrands (warehouse, KPI views, targets), load the sample,
                       print the scorecard and write DIR/scorecard.html; without a connection
                       (flag or environment) a throwaway local PostgreSQL is started and stopped
  sampledata check-screenshot [--html FILE.html] FILE.png      check a headless-Chromium screenshot of scorecard.html
                       (bars, target marks, the three daily trend charts and their target lines; --html: the page's SVG)
Connection: --dsn, else $DATABASE_URL, else $SUPPLYCHAIN_PG_DSN, else PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE.
`)
}

// dsnFrom picks the connection: the flag, $DATABASE_URL, $SUPPLYCHAIN_PG_DSN (set by
// `devenv run --postgres`), else "" — pgx then reads PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE.
func dsnFrom(flagValue string) string {
	for _, v := range []string{flagValue, os.Getenv("DATABASE_URL"), os.Getenv("SUPPLYCHAIN_PG_DSN")} {
		if v != "" {
			return v
		}
	}
	return ""
}

func connect(ctx context.Context, dsn string) (*pgx.Conn, error) {
	conn, err := pgx.Connect(ctx, dsnFrom(dsn))
	if err != nil {
		// pgx's errors name host and user, never the password.
		return nil, fmt.Errorf("connecting to the warehouse: %w", err)
	}
	return conn, nil
}

func cmdClean(args []string) error {
	fs := flag.NewFlagSet("clean", flag.ExitOnError)
	raw := fs.String("raw", defaultRaw, "directory of the raw Nexabrands files")
	tj := fs.String("targets-json", "", "write the cleaned targets as Terraform variables (JSON) to this file")
	_ = fs.Parse(args)
	ds, report, err := dataset.Clean(*raw)
	if err != nil {
		return err
	}
	report.Write(os.Stdout)
	if *tj != "" {
		return writeTargetsJSON(*tj, ds.Targets)
	}
	return nil
}

// writeTargetsJSON writes {"customer_targets": [...]} for the stack's kpi_targets resource.
func writeTargetsJSON(path string, ts []dataset.Target) error {
	type row struct {
		CustomerID int64    `json:"customer_id"`
		OnTime     *float64 `json:"ontime"`
		InFull     *float64 `json:"infull"`
		OTIF       *float64 `json:"otif"`
	}
	rows := make([]row, 0, len(ts))
	for _, t := range ts {
		rows = append(rows, row{t.CustomerID, t.OnTime, t.InFull, t.OTIF})
	}
	b, err := json.MarshalIndent(map[string]any{"customer_targets": rows}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func cmdGenerate(args []string) error {
	fs := flag.NewFlagSet("generate", flag.ExitOnError)
	n := fs.Int("order-lines", 0, "number of order lines")
	seed := fs.Uint64("seed", 1, "random seed (same seed, same data)")
	out := fs.String("out", "", "output directory")
	_ = fs.Parse(args)
	if *n <= 0 || *out == "" {
		return errors.New("--order-lines N (> 0) and --out DIR are required")
	}
	ds := dataset.Synthetic(*n, *seed)
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	return writeCSVs(*out, ds)
}

func writeCSVs(dir string, ds dataset.Dataset) error {
	s := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', 2, 64)
	}
	i16 := func(p *int16) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(int(*p))
	}
	d := func(t time.Time) string { return t.Format("2006-01-02") }
	files := map[string][][]string{}
	files["dim_customers.csv"] = [][]string{{"customer_id", "customer_name", "city"}}
	for _, c := range ds.Customers {
		files["dim_customers.csv"] = append(files["dim_customers.csv"], []string{strconv.FormatInt(c.ID, 10), s(c.Name), s(c.City)})
	}
	files["dim_products.csv"] = [][]string{{"product_id", "product_name", "category"}}
	for _, p := range ds.Products {
		files["dim_products.csv"] = append(files["dim_products.csv"], []string{strconv.FormatInt(p.ID, 10), s(p.Name), s(p.Category)})
	}
	files["dim_customer_targets.csv"] = [][]string{{"customer_id", "ontime_target", "infull_target", "otif_target"}}
	for _, t := range ds.Targets {
		files["dim_customer_targets.csv"] = append(files["dim_customer_targets.csv"], []string{strconv.FormatInt(t.CustomerID, 10), f(t.OnTime), f(t.InFull), f(t.OTIF)})
	}
	files["fact_orders.csv"] = [][]string{{"order_id", "customer_id", "order_placement_date", "on_time", "in_full", "otif"}}
	for _, o := range ds.Orders {
		files["fact_orders.csv"] = append(files["fact_orders.csv"], []string{o.ID, strconv.FormatInt(o.CustomerID, 10), d(o.Placed), i16(o.OnTime), i16(o.InFull), i16(o.OTIF)})
	}
	files["fact_order_lines.csv"] = [][]string{{"order_id", "product_id", "customer_id", "order_placement_date", "order_qty", "agreed_delivery_date", "actual_delivery_date", "delivery_qty"}}
	for _, l := range ds.Lines {
		files["fact_order_lines.csv"] = append(files["fact_order_lines.csv"], []string{l.OrderID, strconv.FormatInt(l.ProductID, 10), strconv.FormatInt(l.CustomerID, 10),
			d(l.Placed), strconv.FormatInt(l.OrderQty, 10), d(l.Agreed), d(l.Actual), strconv.FormatInt(l.DeliveryQty, 10)})
	}
	for name, rows := range files {
		fh, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		w := csv.NewWriter(fh)
		if err := w.WriteAll(rows); err != nil {
			fh.Close()
			return err
		}
		if err := fh.Close(); err != nil {
			return err
		}
	}
	fmt.Printf("wrote %d orders and %d order lines to %s\n", len(ds.Orders), len(ds.Lines), dir)
	return nil
}

type loadFlags struct {
	raw          *string
	lines        *int
	seed         *uint64
	schema       *string
	createSchema *bool
	withTargets  *bool
	dsn          *string
}

func addLoadFlags(fs *flag.FlagSet) loadFlags {
	return loadFlags{
		raw:          fs.String("raw", defaultRaw, "directory of the raw Nexabrands files"),
		lines:        fs.Int("order-lines", 0, "load a synthetic set of N order lines instead of the sample"),
		seed:         fs.Uint64("seed", 1, "seed of the synthetic set"),
		schema:       fs.String("schema", "nexabrands", "warehouse schema holding the star schema"),
		createSchema: fs.Bool("create-schema", false, "create the schema and the star schema's tables first (without Terraform)"),
		withTargets:  fs.Bool("with-targets", false, "also write dim_customer_targets (leave off when supplychain_kpi_targets manages it)"),
		dsn:          fs.String("dsn", "", "PostgreSQL connection URL (default $DATABASE_URL, then PG* variables)"),
	}
}

func load(ctx context.Context, conn *pgx.Conn, lf loadFlags) error {
	var ds dataset.Dataset
	if *lf.lines > 0 {
		ds = dataset.Synthetic(*lf.lines, *lf.seed)
		fmt.Printf("synthetic set: %d order lines, seed %d\n", *lf.lines, *lf.seed)
	} else {
		var report dataset.Report
		var err error
		ds, report, err = dataset.Clean(*lf.raw)
		if err != nil {
			return err
		}
		report.Write(os.Stdout)
	}
	if *lf.createSchema {
		for _, s := range dataset.CreateStarSchemaSQL(*lf.schema) {
			if _, err := conn.Exec(ctx, s); err != nil {
				return fmt.Errorf("creating the star schema in %s: %w", *lf.schema, err)
			}
		}
	}
	st, err := dataset.Load(ctx, conn, *lf.schema, ds, dataset.LoadOptions{Targets: *lf.withTargets})
	if err != nil {
		return err
	}
	fmt.Printf("\nloaded into %s: %d customers, %d products, %d dates, %d targets, %d orders, %d order lines in %s (%.0f lines/s)\n",
		*lf.schema, st.Customers, st.Products, st.Dates, st.Targets, st.Orders, st.Lines, st.Elapsed.Round(time.Millisecond),
		float64(st.Lines)/st.Elapsed.Seconds())
	return refreshMaterialized(ctx, conn, *lf.schema)
}

// refreshMaterialized refreshes every materialised view in schema after a load.
func refreshMaterialized(ctx context.Context, conn *pgx.Conn, schema string) error {
	rows, err := conn.Query(ctx, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind = 'm' ORDER BY 1`, schema)
	if err != nil {
		return err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, n := range names {
		if _, err := conn.Exec(ctx, "REFRESH MATERIALIZED VIEW "+pgx.Identifier{schema, n}.Sanitize()); err != nil {
			return fmt.Errorf("refreshing %s.%s: %w", schema, n, err)
		}
		fmt.Printf("refreshed materialised view %s.%s\n", schema, n)
	}
	return nil
}

func cmdLoad(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("load", flag.ExitOnError)
	lf := addLoadFlags(fs)
	_ = fs.Parse(args)
	conn, err := connect(ctx, *lf.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return load(ctx, conn, lf)
}

func scorecard(ctx context.Context, conn *pgx.Conn, schema, html string) error {
	sc, err := dataset.ReadScorecard(ctx, conn, dataset.DefaultScorecardViews(schema))
	if err != nil {
		return err
	}
	sc.WriteText(os.Stdout)
	if html == "" {
		return nil
	}
	f, err := os.Create(html)
	if err != nil {
		return err
	}
	if err := sc.WriteHTML(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("\nwrote %s\n", html)
	return nil
}

func cmdScorecard(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("scorecard", flag.ExitOnError)
	schema := fs.String("schema", "nexabrands", "warehouse schema holding the KPI views")
	html := fs.String("html", "", "also write the scorecard as a static HTML page to this file")
	dsn := fs.String("dsn", "", "PostgreSQL connection URL")
	_ = fs.Parse(args)
	conn, err := connect(ctx, *dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return scorecard(ctx, conn, *schema, *html)
}
