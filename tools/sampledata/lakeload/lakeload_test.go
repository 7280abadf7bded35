package lakeload

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestRedshiftSQLGolden pins the generated Redshift load (regenerate with -update and review the
// diff).
func TestRedshiftSQLGolden(t *testing.T) {
	r := Run{Schema: "nexabrands", Bucket: "nexabrands-prod-transformed", Prefix: "clean", RunDate: "2026-12-01"}
	stmts, err := RedshiftSQL(r, "arn:aws:iam::123456789012:role/nexabrands-redshift-copy", "af-south-1")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(stmts, ";\n") + ";\n"
	path := filepath.Join("testdata", "redshift_load.golden.sql")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("RedshiftSQL changed; run with -update and review the diff.\ngot:\n%s", got)
	}
	for _, table := range Tables {
		if !strings.Contains(got, "FROM 's3://nexabrands-prod-transformed/clean/"+table+"/run_date=2026-12-01/' IAM_ROLE") {
			t.Errorf("no COPY of %s from its run prefix", table)
		}
	}
	// dim_dates is generated, not copied: completed after the facts are merged, inside the
	// transaction, without ON CONFLICT or generate_series (neither inserts on Redshift).
	n := len(stmts)
	if n < 3 || stmts[n-1] != "COMMIT" || !strings.HasPrefix(stmts[n-2], `INSERT INTO "nexabrands"."dim_dates"`) {
		t.Errorf("the load does not end by completing dim_dates, then COMMIT: ...%q", stmts[max(0, n-2):])
	}
	if i, j := strings.Index(got, `INSERT INTO "nexabrands"."fact_order_lines"`), strings.Index(got, `INSERT INTO "nexabrands"."dim_dates"`); i < 0 || j < i {
		t.Errorf("dim_dates is completed before the facts are merged")
	}
	for _, unsupported := range []string{"ON CONFLICT", "generate_series"} {
		if strings.Contains(got, unsupported) {
			t.Errorf("the Redshift load uses %s", unsupported)
		}
	}
}

func TestRedshiftSQLRejects(t *testing.T) {
	ok := Run{Schema: "s", Bucket: "b-ucket", Prefix: "p", RunDate: "2026-12-01"}
	role, region := "arn:aws:iam::123456789012:role/r", "af-south-1"
	cases := map[string]struct {
		r            Run
		role, region string
		msg          string
	}{
		"bucket":   {Run{Schema: "s", Bucket: "B'x", RunDate: "2026-12-01"}, role, region, "not an S3 bucket name"},
		"prefix":   {Run{Schema: "s", Bucket: "b-ucket", Prefix: "a'; DROP", RunDate: "2026-12-01"}, role, region, "key prefix"},
		"date":     {Run{Schema: "s", Bucket: "b-ucket", RunDate: "2026-13-01"}, role, region, "not YYYY-MM-DD"},
		"schema":   {Run{Bucket: "b-ucket", RunDate: "2026-12-01"}, role, region, "no warehouse schema"},
		"role":     {ok, "arn:aws:iam::123:role/r' x", region, "not an IAM role ARN"},
		"region":   {ok, role, "af-south-1'", "not an AWS region"},
		"nocreds?": {ok, "", region, "not an IAM role ARN"},
		"skip":     {Run{Schema: "s", Bucket: "b-ucket", RunDate: "2026-12-01", Skip: []string{"dim_dates"}}, role, region, "cannot skip"},
	}
	for name, c := range cases {
		if _, err := RedshiftSQL(c.r, c.role, c.region); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: err = %v, want %q", name, err, c.msg)
		}
	}
}

func TestTablePrefix(t *testing.T) {
	for prefix, want := range map[string]string{"": "fact_orders/run_date=2026-12-01/", "clean": "clean/fact_orders/run_date=2026-12-01/", "/a/b/": "a/b/fact_orders/run_date=2026-12-01/"} {
		if got := (Run{Prefix: prefix, RunDate: "2026-12-01"}).TablePrefix("fact_orders"); got != want {
			t.Errorf("TablePrefix with prefix %q = %q, want %q", prefix, got, want)
		}
	}
}

// TestRedshiftSQLSkip: a skipped table is neither staged, copied nor merged; the others are.
func TestRedshiftSQLSkip(t *testing.T) {
	r := Run{Schema: "s", Bucket: "b-ucket", RunDate: "2026-12-01", Skip: []string{"dim_customer_targets"}}
	stmts, err := RedshiftSQL(r, "arn:aws:iam::123456789012:role/r", "af-south-1")
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(stmts, "\n")
	if strings.Contains(all, "dim_customer_targets") {
		t.Errorf("the load skips dim_customer_targets but mentions it:\n%s", all)
	}
	for _, name := range []string{"dim_customers", "dim_products", "fact_orders", "fact_order_lines"} {
		if !strings.Contains(all, "stage_"+name) {
			t.Errorf("the load does not stage %s", name)
		}
	}
}
