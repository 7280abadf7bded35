// Package etl tests the stack's ETL code (the Python files in this directory) against the Go
// reference cleaner in tools/sampledata/dataset. It holds tests only: the ETL code itself is
// Python, run by AWS Glue (glueetl_job.py, pythonshell_job.py) and here by Debian's python3.
//
// The pythonshell job runs for real, with /usr/bin/python3 and Debian's python3-boto3, against the
// local S3 stand-in (kumo, in-process). The glueetl job cannot run here (no Spark): its Python
// tests (tests/test_glueetl_job.py) compile it and check its contract with fake awsglue and
// pyspark modules put on sys.path.
package etl

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/tools/devenv/localenv"
	"github.com/nexabrands/supplychain/tools/sampledata/dataset"
)

// python is the interpreter Glue's Python shell stands for here: Debian's, not a pyenv one on PATH.
const python = "/usr/bin/python3"

const installHint = "bash tools/devenv/install-tools.sh python (apt-get install -y python3-boto3)"

func here() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

func rawDir() string { return filepath.Join(here(), "..", "sample-data", "raw") }

// requirePython fails (never skips) when the interpreter or boto3 is missing: the project's setup
// installs them, so their absence is a broken setup.
func requirePython(t *testing.T, modules ...string) {
	t.Helper()
	for _, m := range modules {
		out, err := exec.Command(python, "-c", "import "+m).CombinedOutput()
		if err != nil {
			t.Fatalf("%s cannot import %s (%v: %s); install it with: %s", python, m, err, bytes.TrimSpace(out), installHint)
		}
	}
}

// python39 finds a Python 3.9 (Glue's Python shell version): $SUPPLYCHAIN_PYTHON39, python3.9 on
// PATH, or a pyenv 3.9. Tests that use it are skipped, saying so, when there is none; the 3.9
// syntax check of the Python unit tests runs either way.
func python39() string {
	var candidates []string
	if p := os.Getenv("SUPPLYCHAIN_PYTHON39"); p != "" {
		candidates = append(candidates, p)
	}
	home, _ := os.UserHomeDir()
	m, _ := filepath.Glob(filepath.Join(home, ".pyenv", "versions", "3.9*", "bin", "python3"))
	sort.Sort(sort.Reverse(sort.StringSlice(m)))
	candidates = append(candidates, m...)
	if p, err := exec.LookPath("python3.9"); err == nil {
		candidates = append(candidates, p)
	}
	for _, p := range candidates {
		// A pyenv shim may exist without the version behind it: ask the interpreter.
		if exec.Command(p, "-c", "import sys; sys.exit(sys.version_info[:2] != (3, 9))").Run() == nil {
			return p
		}
	}
	return ""
}

// TestPythonUnits runs the Python unit tests (the value rules, the 3.9 syntax and stdlib-only
// checks, and the glueetl entry's contract with fake awsglue/pyspark modules) with Debian's
// python3, and with a Python 3.9 when there is one.
func TestPythonUnits(t *testing.T) {
	requirePython(t)
	t.Run("debian", func(t *testing.T) { pythonUnits(t, python) })
	t.Run("3.9", func(t *testing.T) {
		p := python39()
		if p == "" {
			t.Skip("no Python 3.9 here (set SUPPLYCHAIN_PYTHON39): only the 3.9 syntax check ran")
		}
		pythonUnits(t, p)
	})
}

func pythonUnits(t *testing.T, interpreter string) {
	cmd := exec.Command(interpreter, "-m", "unittest", "discover", "-s", filepath.Join(here(), "tests"), "-t", here())
	cmd.Dir = here()
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python unit tests failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}

// goTables renders the Go cleaner's rows as the transformed CSV writes them.
func goTables(ds dataset.Dataset) map[string][][]string {
	i := func(v int64) string { return strconv.FormatInt(v, 10) }
	s := func(v *string) string {
		if v == nil {
			return ""
		}
		return *v
	}
	f := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', 2, 64)
	}
	fl := func(v *int16) string {
		if v == nil {
			return ""
		}
		return strconv.Itoa(int(*v))
	}
	d := func(v time.Time) string { return v.Format("2006-01-02") }
	out := map[string][][]string{}
	for _, c := range ds.Customers {
		out["dim_customers"] = append(out["dim_customers"], []string{i(c.ID), s(c.Name), s(c.City)})
	}
	for _, x := range ds.Targets {
		out["dim_customer_targets"] = append(out["dim_customer_targets"], []string{i(x.CustomerID), f(x.OnTime), f(x.InFull), f(x.OTIF)})
	}
	for _, p := range ds.Products {
		out["dim_products"] = append(out["dim_products"], []string{i(p.ID), s(p.Name), s(p.Category)})
	}
	for _, o := range ds.Orders {
		out["fact_orders"] = append(out["fact_orders"], []string{o.ID, i(o.CustomerID), d(o.Placed), fl(o.OnTime), fl(o.InFull), fl(o.OTIF)})
	}
	for _, l := range ds.Lines {
		out["fact_order_lines"] = append(out["fact_order_lines"], []string{l.OrderID, i(l.ProductID), i(l.CustomerID), d(l.Placed),
			i(l.OrderQty), d(l.Agreed), d(l.Actual), i(l.DeliveryQty)})
	}
	return out
}

// tableColumns is each transformed table's header: the star schema's columns.
func tableColumns() map[string][]string {
	out := map[string][]string{}
	for _, t := range dataset.StarSchema {
		var cols []string
		for _, c := range t.Columns {
			cols = append(cols, c.Name)
		}
		out[t.Name] = cols
	}
	return out
}

var tables = []string{"dim_customers", "dim_customer_targets", "dim_products", "fact_orders", "fact_order_lines"}

// fileReport is one entry of the Python job's report.json.
type fileReport struct {
	File         string         `json:"file"`
	Read         int            `json:"read"`
	Kept         int            `json:"kept"`
	Repaired     int            `json:"repaired"`
	DroppedTotal int            `json:"dropped_total"`
	Repairs      map[string]int `json:"repairs"`
	Dropped      map[string]int `json:"dropped"`
	Noticed      map[string]int `json:"noticed"`
}

type reportDoc struct {
	RunDate     string       `json:"run_date"`
	Source      string       `json:"source"`
	Destination string       `json:"destination"`
	Files       []fileReport `json:"files"`
}

func fromGo(r dataset.Report) []fileReport {
	var out []fileReport
	for _, f := range r {
		out = append(out, fileReport{File: f.File, Read: f.Read, Kept: f.Kept, Repaired: f.Repaired,
			DroppedTotal: f.DroppedTotal(), Repairs: f.Repairs, Dropped: f.Dropped, Noticed: f.Noticed})
	}
	return out
}

type lake struct {
	t   testing.TB
	aws *localenv.AWS
	s3  *s3.Client
	ctx context.Context
}

func newLake(t testing.TB) *lake {
	a := localenv.AWST(t)
	cfg := awsclient.Config{Region: localenv.Region, AccessKey: localenv.AccessKey, SecretKey: localenv.SecretKey,
		Endpoints: awsclient.Endpoints{S3: a.URL}, S3UsePathStyle: true}
	ctx := context.Background()
	awsCfg, err := cfg.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return &lake{t: t, aws: a, s3: cfg.S3(awsCfg), ctx: ctx}
}

// bucketSeq numbers the buckets of a test process: the stand-ins started in one process share
// their store, so every bucket gets a name of its own.
var bucketSeq atomic.Int64

// bucket creates a bucket named after base and returns its name.
func (l *lake) bucket(base string) string {
	name := base + "-" + strconv.FormatInt(bucketSeq.Add(1), 10)
	if _, err := l.s3.CreateBucket(l.ctx, &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		l.t.Fatalf("creating bucket %s: %v", name, err)
	}
	return name
}

func (l *lake) put(bucket, key string, body []byte) {
	if _, err := l.s3.PutObject(l.ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(body)}); err != nil {
		l.t.Fatalf("putting s3://%s/%s: %v", bucket, key, err)
	}
}

func (l *lake) get(bucket, key string) []byte {
	o, err := l.s3.GetObject(l.ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		l.t.Fatalf("getting s3://%s/%s: %v", bucket, key, err)
	}
	defer o.Body.Close()
	b, err := io.ReadAll(o.Body)
	if err != nil {
		l.t.Fatalf("reading s3://%s/%s: %v", bucket, key, err)
	}
	return b
}

func (l *lake) list(bucket, prefix string) []string {
	var keys []string
	p := s3.NewListObjectsV2Paginator(l.s3, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(l.ctx)
		if err != nil {
			l.t.Fatalf("listing s3://%s/%s: %v", bucket, prefix, err)
		}
		for _, o := range page.Contents {
			keys = append(keys, aws.ToString(o.Key))
		}
	}
	sort.Strings(keys)
	return keys
}

// runJob runs pythonshell_job.py as Glue would, with only the AWS variables tools/devenv gives a
// command (and a throwaway HOME, so no ~/.aws file is read).
func (l *lake) runJob(args ...string) (string, error) {
	cmd := exec.Command(python, append([]string{filepath.Join(here(), "pythonshell_job.py")}, args...)...)
	cmd.Env = []string{
		"PATH=/usr/bin:/bin",
		"HOME=" + l.t.TempDir(),
		"PYTHONDONTWRITEBYTECODE=1",
		"AWS_ENDPOINT_URL_S3=" + l.aws.URL,
		"AWS_ACCESS_KEY_ID=" + localenv.AccessKey,
		"AWS_SECRET_ACCESS_KEY=" + localenv.SecretKey,
		"AWS_REGION=" + localenv.Region, // what tools/devenv sets; boto3 alone would want AWS_DEFAULT_REGION
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func gunzipCSV(t *testing.T, name string, b []byte) [][]string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s is not gzip: %v", name, err)
	}
	r := csv.NewReader(zr)
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s is not CSV: %v", name, err)
	}
	return recs
}

// TestPythonShellJobMatchesGoCleaner uploads the real raw sample into a raw bucket of the S3
// stand-in, runs the pythonshell job on it, and requires the Go cleaner's rows (row for row, in
// order) and data-quality counts (file for file, rule for rule). A second run of the same day must
// replace that day's objects, not add to them.
func TestPythonShellJobMatchesGoCleaner(t *testing.T) {
	requirePython(t, "boto3")
	ds, goReport, err := dataset.Clean(rawDir())
	if err != nil {
		t.Fatalf("Go cleaner: %v", err)
	}
	l := newLake(t)
	raw := l.bucket("nexabrands-raw")
	out := l.bucket("nexabrands-transformed")
	entries, err := os.ReadDir(rawDir())
	if err != nil {
		t.Fatal(err)
	}
	uploaded := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".csv") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(rawDir(), e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		l.put(raw, "sample/"+e.Name(), b)
		uploaded++
	}
	if uploaded != 6 {
		t.Fatalf("uploaded %d raw files, want 6", uploaded)
	}
	const day = "2026-12-01"
	args := []string{"--source-path", "s3://" + raw + "/sample", "--destination-path", "s3://" + out + "/clean",
		"--run-date", day, "--job-bookmark-option", "job-bookmark-disable"}

	began := time.Now()
	log, err := l.runJob(args...)
	if err != nil {
		t.Fatalf("pythonshell job: %v\n%s", err, log)
	}
	t.Logf("first run (%s with interpreter start-up):\n%s", time.Since(began).Round(time.Millisecond), log)

	check := func(run string) {
		t.Helper()
		for _, table := range tables {
			prefix := "clean/" + table + "/run_date=" + day + "/"
			keys := l.list(out, prefix)
			if !reflect.DeepEqual(keys, []string{prefix + "part-00000.csv.gz"}) {
				t.Fatalf("%s: objects under %s = %v, want exactly one part", run, prefix, keys)
			}
		}
		var doc reportDoc
		rkey := "clean/_data_quality/run_date=" + day + "/report.json"
		if err := json.Unmarshal(l.get(out, rkey), &doc); err != nil {
			t.Fatalf("%s: report %s: %v", run, rkey, err)
		}
		if doc.RunDate != day || doc.Source != "s3://"+raw+"/sample" || doc.Destination != "s3://"+out+"/clean" {
			t.Errorf("%s: report identifies run %q from %q to %q", run, doc.RunDate, doc.Source, doc.Destination)
		}
		sameAsGo(t, run, ds, goReport, func(table string) (string, []byte) {
			key := "clean/" + table + "/run_date=" + day + "/part-00000.csv.gz"
			return key, l.get(out, key)
		}, doc.Files)
	}
	check("first run")

	// A stale part (as a wider glueetl run of the same day would leave) and a re-run: the day is
	// replaced, never added to.
	stale := "clean/fact_orders/run_date=" + day + "/part-00001.csv.gz"
	l.put(out, stale, []byte("stale"))
	if log, err := l.runJob(args...); err != nil {
		t.Fatalf("pythonshell job, second run: %v\n%s", err, log)
	}
	check("second run")
}

// TestPythonShellJobErrors: bad arguments exit 2 and a missing raw file exits 1, each naming what
// is wrong; nothing is written to the transformed bucket.
func TestPythonShellJobErrors(t *testing.T) {
	requirePython(t, "boto3")
	l := newLake(t)
	raw := l.bucket("raw")
	dst := l.bucket("out")
	l.put(raw, "in/customers.csv", []byte("CUSTOMER_ID,customer.name,city\n1,A,B\n"))
	src, to := "s3://"+raw+"/in", "s3://"+dst+"/x"
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--destination-path", to}, 2, "missing --source-path"},
		{[]string{"--source-path", raw + "/in", "--destination-path", to}, 2, "is not an s3:// URL"},
		{[]string{"--source-path", src, "--destination-path", to, "--run-date", "12/01/2026"}, 2, "is not YYYY-MM-DD"},
		{[]string{"--source-path", src, "--destination-path", to}, 1, "reading raw file " + src + "/customer_targets.csv"},
	}
	for _, c := range cases {
		out, err := l.runJob(c.args...)
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != c.code || !strings.Contains(out, c.msg) {
			t.Errorf("%v: exit %v, output %q; want exit %d with %q", c.args, err, out, c.code, c.msg)
		}
	}
	if keys := l.list(dst, ""); len(keys) != 0 {
		t.Errorf("failed runs wrote %v", keys)
	}
}

// sameAsGo requires a Python run's tables (gzip CSV, by table name) and report to be the Go
// cleaner's, row for row and rule for rule.
func sameAsGo(t *testing.T, run string, ds dataset.Dataset, goReport dataset.Report, table func(string) (string, []byte), files []fileReport) {
	t.Helper()
	want := goTables(ds)
	cols := tableColumns()
	for _, name := range tables {
		key, body := table(name)
		got := gunzipCSV(t, key, body)
		if len(got) == 0 || !reflect.DeepEqual(got[0], cols[name]) {
			t.Fatalf("%s: %s header = %v, want %v", run, name, got[:min(1, len(got))], cols[name])
		}
		got = got[1:]
		if len(got) != len(want[name]) {
			t.Errorf("%s: %s has %d rows, Go has %d", run, name, len(got), len(want[name]))
		}
		for i := 0; i < len(got) && i < len(want[name]); i++ {
			if !reflect.DeepEqual(got[i], want[name][i]) {
				t.Errorf("%s: %s row %d = %q, Go has %q", run, name, i+1, got[i], want[name][i])
			}
		}
	}
	goFiles := fromGo(goReport)
	if len(files) != len(goFiles) {
		t.Fatalf("%s: report has %d files, Go has %d", run, len(files), len(goFiles))
	}
	for i := range goFiles {
		if !reflect.DeepEqual(files[i], goFiles[i]) {
			t.Errorf("%s: report for %s\n python: %+v\n     go: %+v", run, goFiles[i].File, files[i], goFiles[i])
		}
	}
}

// TestCleaningMatchesGoOnEdgeCases runs cleaning.py (tests/dump_clean.py) and the Go cleaner on
// the hard cases of testdata/edge and testdata/edge-multiline (written by testdata/make_edge.py):
// the sample does not exercise every rule (it has no duplicate, for one).
func TestCleaningMatchesGoOnEdgeCases(t *testing.T) {
	requirePython(t)
	interpreters := map[string]string{"debian": python}
	if p := python39(); p != "" {
		interpreters["3.9"] = p
	} else {
		t.Log("no Python 3.9 here (set SUPPLYCHAIN_PYTHON39): Debian's python3 only")
	}
	for _, dir := range []string{"edge", "edge-multiline"} {
		for label, interpreter := range interpreters {
			t.Run(dir+"/"+label, func(t *testing.T) { edgeCase(t, dir, interpreter) })
		}
	}
}

func edgeCase(t *testing.T, dir, interpreter string) {
	{
		{
			raw := filepath.Join(here(), "testdata", dir)
			ds, goReport, err := dataset.Clean(raw)
			if err != nil {
				t.Fatalf("Go cleaner: %v", err)
			}
			out := t.TempDir()
			cmd := exec.Command(interpreter, filepath.Join(here(), "tests", "dump_clean.py"), raw, out)
			cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("dump_clean.py: %v\n%s", err, b)
			}
			read := func(name string) (string, []byte) {
				p := filepath.Join(out, name+".csv.gz")
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				return p, b
			}
			b, err := os.ReadFile(filepath.Join(out, "report.json"))
			if err != nil {
				t.Fatal(err)
			}
			var doc reportDoc
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatalf("report.json: %v", err)
			}
			sameAsGo(t, dir, ds, goReport, read, doc.Files)
			for _, f := range goReport {
				if f.Read != f.Kept+f.DroppedTotal() {
					t.Errorf("%s: read %d != kept %d + dropped %d", f.File, f.Read, f.Kept, f.DroppedTotal())
				}
			}
		}
	}
}

// BenchmarkPythonShellJob runs the pythonshell job on the real sample against the S3 stand-in, as
// Glue would start it (a new interpreter per run, boto3 imported, raw files read, every table and
// the report written).
func BenchmarkPythonShellJob(b *testing.B) {
	if out, err := exec.Command(python, "-c", "import boto3").CombinedOutput(); err != nil {
		b.Fatalf("%s cannot import boto3 (%v: %s); install it with: %s", python, err, bytes.TrimSpace(out), installHint)
	}
	l := newLake(b)
	raw, out := l.bucket("bench-raw"), l.bucket("bench-out")
	for _, name := range []string{"customers.csv", "customer_targets.csv", "products.csv", "orders.csv", "order_fulfillment.csv", "order_lines.csv"} {
		body, err := os.ReadFile(filepath.Join(rawDir(), name))
		if err != nil {
			b.Fatal(err)
		}
		l.put(raw, "in/"+name, body)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if log, err := l.runJob("--source-path", "s3://"+raw+"/in", "--destination-path", "s3://"+out+"/clean", "--run-date", "2026-12-01"); err != nil {
			b.Fatalf("pythonshell job: %v\n%s", err, log)
		}
	}
}
