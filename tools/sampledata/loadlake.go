package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/tools/sampledata/lakeload"
)

// cmdLoadLake loads one ETL run from the transformed bucket into the warehouse (PostgreSQL), as
// lakeload.LoadPostgres does, then refreshes the materialised views. S3 is reached with the SDK's
// credential chain; AWS_ENDPOINT_URL_S3, when set, points it at another endpoint (path-style).
func cmdLoadLake(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("load-lake", flag.ExitOnError)
	bucket := fs.String("bucket", "", "transformed bucket (required)")
	prefix := fs.String("prefix", "", "the ETL job's --destination-path prefix inside the bucket")
	runDate := fs.String("run-date", time.Now().UTC().Format("2006-01-02"), "run date of the ETL job (YYYY-MM-DD)")
	schema := fs.String("schema", "nexabrands", "warehouse schema holding the star schema")
	dsn := fs.String("dsn", "", "PostgreSQL connection URL")
	skipTargets := fs.Bool("skip-targets", false, "leave dim_customer_targets alone (the stack's supplychain_kpi_targets owns its rows)")
	_ = fs.Parse(args)
	if *bucket == "" {
		return errors.New("--bucket is required")
	}
	run := lakeload.Run{Schema: *schema, Bucket: *bucket, Prefix: *prefix, RunDate: *runDate}
	if *skipTargets {
		run.Skip = []string{"dim_customer_targets"}
	}
	if err := run.Validate(); err != nil {
		return err
	}
	cfg := awsclient.Config{Region: os.Getenv("AWS_REGION")}
	if ep := os.Getenv("AWS_ENDPOINT_URL_S3"); ep != "" {
		cfg.Endpoints.S3, cfg.S3UsePathStyle = ep, true
	}
	awsCfg, err := cfg.Load(ctx)
	if err != nil {
		return fmt.Errorf("loading the AWS configuration: %w", err)
	}
	conn, err := connect(ctx, *dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	st, err := lakeload.LoadPostgres(ctx, conn, cfg.S3(awsCfg), run)
	if err != nil {
		return err
	}
	fmt.Printf("loaded run %s from s3://%s/%s into %s:\n", run.RunDate, run.Bucket, run.Prefix, run.Schema)
	for _, t := range lakeload.Tables {
		if _, ok := st.Objects[t]; !ok {
			fmt.Printf("  %-22s skipped\n", t)
			continue
		}
		fmt.Printf("  %-22s %6d rows from %d object(s)\n", t, st.Rows[t], st.Objects[t])
	}
	fmt.Printf("  %-22s %6d days added\n", "dim_dates", st.Dates)
	fmt.Printf("in %s\n", st.Elapsed.Round(time.Millisecond))
	return refreshMaterialized(ctx, conn, run.Schema)
}
