// Package lakeload is the warehouse load from the transformed bucket: the objects the ETL jobs in
// stacks/nexabrands/etl write (DEST/<table>/run_date=<date>/*.csv.gz, CSV with a header line,
// NULL as an empty field) into the star schema's tables.
//
// On Redshift the load is SQL (RedshiftSQL): COPY … FROM 's3://…' IAM_ROLE … CSV GZIP into a
// staging table per table. Locally (LoadPostgres) the same statements run on PostgreSQL, with the
// COPY fed from the objects read from S3 (the local stand-in) instead. Either way the load is
// idempotent per run: each table is merged on its primary key (rows of the run replace the rows
// with the same key, then are inserted), in one transaction, so a re-run of a day replaces that
// day's rows and never duplicates them.
//
// dim_dates is not in the transformed bucket (it is generated, not cleaned): after the merges, both
// loads add the days between the facts' earliest and latest dates that it lacks (DatesSQL, one
// statement written for both engines), so a re-run adds nothing.
package lakeload

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/jackc/pgx/v5"

	"github.com/nexabrands/supplychain/tools/sampledata/dataset"
)

// Tables are the transformed tables, in load order (the ETL jobs' cleaning.TABLES).
var Tables = []string{"dim_customers", "dim_customer_targets", "dim_products", "fact_orders", "fact_order_lines"}

// Run names one run's objects and where they go.
type Run struct {
	Schema  string // warehouse schema
	Bucket  string // transformed bucket
	Prefix  string // the jobs' --destination-path prefix ("" for the bucket's root)
	RunDate string // YYYY-MM-DD
	// Skip names tables of Tables not to load, e.g. dim_customer_targets where the stack's
	// supplychain_kpi_targets owns the targets' rows. nil loads every table.
	Skip []string
}

// tables are the tables the run loads, in load order.
func (r Run) tables() []string {
	var out []string
	for _, t := range Tables {
		skip := false
		for _, s := range r.Skip {
			skip = skip || s == t
		}
		if !skip {
			out = append(out, t)
		}
	}
	return out
}

var (
	bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	roleARN    = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$`)
	regionName = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)
	keyPrefix  = regexp.MustCompile(`^[A-Za-z0-9!_.*()/=-]*$`)
)

// Validate rejects what cannot be written into SQL or a key safely.
func (r Run) Validate() error {
	if r.Schema == "" {
		return errors.New("lake load: no warehouse schema")
	}
	if !bucketName.MatchString(r.Bucket) {
		return fmt.Errorf("lake load: %q is not an S3 bucket name", r.Bucket)
	}
	if !keyPrefix.MatchString(r.Prefix) || strings.Contains(r.Prefix, "//") {
		return fmt.Errorf("lake load: key prefix %q has characters outside [A-Za-z0-9!_.*()/=-] or an empty segment", r.Prefix)
	}
	if _, err := time.Parse("2006-01-02", r.RunDate); err != nil {
		return fmt.Errorf("lake load: run date %q is not YYYY-MM-DD", r.RunDate)
	}
	for _, s := range r.Skip {
		known := false
		for _, t := range Tables {
			known = known || s == t
		}
		if !known {
			return fmt.Errorf("lake load: cannot skip %q: not one of %s", s, strings.Join(Tables, ", "))
		}
	}
	return nil
}

// TablePrefix is the key prefix of a table's objects for the run (with its trailing slash).
func (r Run) TablePrefix(table string) string {
	var parts []string
	if p := strings.Trim(r.Prefix, "/"); p != "" {
		parts = append(parts, p)
	}
	return strings.Join(append(parts, table, "run_date="+r.RunDate), "/") + "/"
}

func tableDef(name string) dataset.TableDef {
	for _, t := range dataset.StarSchema {
		if t.Name == name {
			return t
		}
	}
	panic("lakeload: no star schema table " + name)
}

func ident(parts ...string) string { return pgx.Identifier(parts).Sanitize() }

func columns(t dataset.TableDef) []string {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = c.Name
	}
	return cols
}

func identList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = ident(n)
	}
	return strings.Join(q, ", ")
}

func stageName(table string) string { return "stage_" + table }

// mergeSQL is what follows the COPY into the staging table: the run's rows replace the rows with
// the same key.
func mergeSQL(schema string, t dataset.TableDef) []string {
	target, stage := ident(schema, t.Name), ident(stageName(t.Name))
	var on []string
	for _, k := range t.PrimaryKey {
		on = append(on, target+"."+ident(k)+" = "+stage+"."+ident(k))
	}
	cols := identList(columns(t))
	return []string{
		"DELETE FROM " + target + " USING " + stage + " WHERE " + strings.Join(on, " AND "),
		"INSERT INTO " + target + " (" + cols + ") SELECT " + cols + " FROM " + stage,
		"DROP TABLE " + stage,
	}
}

func createStageSQL(schema string, t dataset.TableDef) string {
	return "CREATE TEMP TABLE " + ident(stageName(t.Name)) + " (LIKE " + ident(schema, t.Name) + ")"
}

func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// RedshiftSQL returns the load of run r on Redshift, as statements to run in order in one
// session: one transaction; per table a staging table, COPY of the run's objects from S3 (with the
// IAM role the cluster assumes to read the transformed bucket), and the merge on the primary key;
// then dim_dates completed for the facts' dates (DatesSQL).
func RedshiftSQL(r Run, iamRole, region string) ([]string, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if !roleARN.MatchString(iamRole) {
		return nil, fmt.Errorf("lake load: %q is not an IAM role ARN", iamRole)
	}
	if !regionName.MatchString(region) {
		return nil, fmt.Errorf("lake load: %q is not an AWS region", region)
	}
	out := []string{"BEGIN"}
	for _, name := range r.tables() {
		t := tableDef(name)
		out = append(out, createStageSQL(r.Schema, t),
			"COPY "+ident(stageName(name))+" ("+identList(columns(t))+") FROM "+
				literal("s3://"+r.Bucket+"/"+r.TablePrefix(name))+" IAM_ROLE "+literal(iamRole)+
				" CSV GZIP IGNOREHEADER 1 EMPTYASNULL DATEFORMAT 'YYYY-MM-DD' REGION "+literal(region))
		out = append(out, mergeSQL(r.Schema, t)...)
	}
	return append(out, DatesSQL(r.Schema), "COMMIT"), nil
}

// Stats counts what a load read.
type Stats struct {
	Objects map[string]int   // objects read, per table
	Rows    map[string]int64 // rows copied, per table
	Dates   int64            // rows of dim_dates added
	Elapsed time.Duration
}

// LoadPostgres runs the load of run r on PostgreSQL, reading the run's objects from S3 (the local
// stand-in): the statements of RedshiftSQL, with each COPY fed from the objects instead, then
// dim_dates completed for the facts' dates. A table without objects for the run is an error (the
// job writes every table, also when it is empty), so a wrong run date never loads nothing quietly.
func LoadPostgres(ctx context.Context, conn *pgx.Conn, s3c *s3.Client, r Run) (Stats, error) {
	start := time.Now()
	st := Stats{Objects: map[string]int{}, Rows: map[string]int64{}}
	if err := r.Validate(); err != nil {
		return st, err
	}
	// Read every object first, so that a missing or unreadable one changes nothing.
	parts := map[string][][]byte{}
	for _, name := range r.tables() {
		keys, err := listKeys(ctx, s3c, r.Bucket, r.TablePrefix(name))
		if err != nil {
			return st, fmt.Errorf("listing s3://%s/%s: %w", r.Bucket, r.TablePrefix(name), err)
		}
		if len(keys) == 0 {
			return st, fmt.Errorf("loading %s.%s: no objects under s3://%s/%s (has the ETL run for %s?)", r.Schema, name, r.Bucket, r.TablePrefix(name), r.RunDate)
		}
		for _, k := range keys {
			b, err := getObject(ctx, s3c, r.Bucket, k)
			if err != nil {
				return st, fmt.Errorf("reading s3://%s/%s: %w", r.Bucket, k, err)
			}
			if strings.HasSuffix(k, ".gz") {
				if b, err = gunzip(b); err != nil {
					return st, fmt.Errorf("decompressing s3://%s/%s: %w", r.Bucket, k, err)
				}
			}
			parts[name] = append(parts[name], b)
		}
		st.Objects[name] = len(keys)
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return st, fmt.Errorf("lake load: starting the transaction: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	for _, name := range r.tables() {
		t := tableDef(name)
		if _, err := tx.Exec(ctx, createStageSQL(r.Schema, t)); err != nil {
			return st, fmt.Errorf("loading %s.%s: creating the staging table: %w", r.Schema, name, err)
		}
		copySQL := "COPY " + ident(stageName(name)) + " (" + identList(columns(t)) + ") FROM STDIN WITH (FORMAT csv, HEADER true)"
		for i, b := range parts[name] {
			tag, err := tx.Conn().PgConn().CopyFrom(ctx, bytes.NewReader(b), copySQL)
			if err != nil {
				return st, fmt.Errorf("loading %s.%s: copying object %d of s3://%s/%s: %w", r.Schema, name, i+1, r.Bucket, r.TablePrefix(name), err)
			}
			st.Rows[name] += tag.RowsAffected()
		}
		for _, q := range mergeSQL(r.Schema, t) {
			if _, err := tx.Exec(ctx, q); err != nil {
				return st, fmt.Errorf("loading %s.%s: merging: %w", r.Schema, name, err)
			}
		}
	}
	tag, err := tx.Exec(ctx, DatesSQL(r.Schema))
	if err != nil {
		return st, fmt.Errorf("loading %s.dim_dates: %w", r.Schema, err)
	}
	st.Dates = tag.RowsAffected()
	if err := tx.Commit(ctx); err != nil {
		return st, fmt.Errorf("lake load: committing: %w", err)
	}
	st.Elapsed = time.Since(start)
	return st, nil
}

// dateDigits is a table of the digits 0 to 9: DatesSQL's days are numbered by five of them (up to
// 100,000 days, 273 years, from the earliest date), since Redshift runs generate_series on the
// leader node only and cannot insert its rows.
const dateDigits = "(SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 " +
	"UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"

// DatesSQL adds to dim_dates the days between the facts' earliest and latest dates that it lacks
// (month, ISO week's Monday, quarter, year), as dataset.Load generates them. It is one statement
// for Redshift and PostgreSQL alike (date + integer, date - date, DATE_TRUNC, an anti-join rather
// than ON CONFLICT, which Redshift lacks), so the PostgreSQL tests run the statement Redshift
// runs; a re-run adds no row. Days beyond 100,000 from the earliest date are not added.
func DatesSQL(schema string) string {
	o, l, d := ident(schema, "fact_orders"), ident(schema, "fact_order_lines"), ident(schema, "dim_dates")
	var digits []string
	var number []string
	for i, w := range []string{"1", "10", "100", "1000", "10000"} {
		digits = append(digits, fmt.Sprintf("%s AS d%d", dateDigits, i))
		number = append(number, fmt.Sprintf("%s * d%d.i", w, i))
	}
	return `INSERT INTO ` + d + ` ("date", "month", "week", "quarter", "year")
SELECT days.d, CAST(DATE_TRUNC('month', days.d) AS DATE), CAST(DATE_TRUNC('week', days.d) AS DATE), CAST(DATE_TRUNC('quarter', days.d) AS DATE), CAST(EXTRACT(YEAR FROM days.d) AS INTEGER)
FROM (SELECT span.lo + n.n AS d
	FROM (SELECT MIN(x) AS lo, MAX(x) AS hi FROM (
		SELECT order_placement_date AS x FROM ` + o + `
		UNION ALL SELECT agreed_delivery_date FROM ` + l + `
		UNION ALL SELECT actual_delivery_date FROM ` + l + `) AS dates) AS span,
	(SELECT ` + strings.Join(number, " + ") + ` AS n FROM
		` + strings.Join(digits, ",\n\t\t") + `) AS n
	WHERE span.lo IS NOT NULL AND n.n <= span.hi - span.lo) AS days
LEFT JOIN ` + d + ` AS have ON have."date" = days.d
WHERE have."date" IS NULL`
}

func listKeys(ctx context.Context, c *s3.Client, bucket, prefix string) ([]string, error) {
	var keys []string
	p := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, o := range page.Contents {
			k := aws.ToString(o.Key)
			// Spark's writer leaves markers (_SUCCESS, .crc files) beside the parts.
			base := k[strings.LastIndex(k, "/")+1:]
			if strings.HasPrefix(base, "_") || strings.HasPrefix(base, ".") || strings.HasSuffix(k, "/") {
				continue
			}
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys, nil
}

func getObject(ctx context.Context, c *s3.Client, bucket, key string) ([]byte, error) {
	o, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return nil, err
	}
	defer o.Body.Close()
	return io.ReadAll(o.Body)
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return io.ReadAll(zr)
}
