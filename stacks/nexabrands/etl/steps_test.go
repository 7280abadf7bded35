package etl

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/tools/sampledata/dataset"
	"github.com/nexabrands/supplychain/tools/sampledata/lakeload"
)

// loadStep is the last stage of steps.json: the warehouse load from the transformed bucket, not
// a cleaning step of pythonshell_job.py.
const loadStep = "warehouse_load"

// stages reads steps.json, the one list of the pipeline's steps: the stack's Glue jobs and
// their supplychain_etl_schedule are made from it, and `make demo` runs the steps in its order
// (read back through the stack's etl_stages output).
func stages(t *testing.T) [][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(here(), "steps.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Stages [][]string `json:"stages"`
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("steps.json: %v", err)
	}
	return doc.Stages
}

// cleaningStep is one entry of cleaning.STEPS.
type cleaningStep struct {
	Name, Raw, Table string
	Needs            []string
}

// cleaningSteps asks cleaning.py for its steps (name, raw file, table written, tables read).
func cleaningSteps(t *testing.T) []cleaningStep {
	t.Helper()
	requirePython(t)
	out, err := exec.Command(python, "-c", "import json, sys; sys.path.insert(0, sys.argv[1]); import cleaning; "+
		"print(json.dumps([[n, r, t, list(d)] for n, r, t, d in cleaning.STEPS]))", here()).CombinedOutput()
	if err != nil {
		t.Fatalf("reading cleaning.STEPS: %v\n%s", err, out)
	}
	var raw [][]json.RawMessage
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatalf("cleaning.STEPS: %v\n%s", err, out)
	}
	var steps []cleaningStep
	for _, r := range raw {
		var s cleaningStep
		for i, dst := range []any{&s.Name, &s.Raw, &s.Table, &s.Needs} {
			if err := json.Unmarshal(r[i], dst); err != nil {
				t.Fatalf("cleaning.STEPS entry %s: %v", r, err)
			}
		}
		steps = append(steps, s)
	}
	return steps
}

// TestStepsOrder: steps.json names every cleaning step of cleaning.py once, in stages where each
// step reads only tables written by an earlier stage (the steps of one stage run in parallel on
// Glue), with the warehouse load alone in the last stage; and it is the seed's DAG.
func TestStepsOrder(t *testing.T) {
	st := stages(t)
	want := [][]string{{"customers", "products"}, {"targets", "orders"}, {"order_lines"}, {"fulfilment"}, {loadStep}}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("steps.json stages = %v, want the seed's DAG %v", st, want)
	}
	steps := cleaningSteps(t)
	byName := map[string]cleaningStep{}
	for _, s := range steps {
		byName[s.Name] = s
	}
	if len(st) == 0 || !reflect.DeepEqual(st[len(st)-1], []string{loadStep}) {
		t.Fatalf("the last stage of steps.json is %v, want [%s] alone", st[len(st)-1:], loadStep)
	}
	written := map[string]bool{} // tables written by the stages before the current one
	seen := map[string]bool{}
	for i, stage := range st[:len(st)-1] {
		var wrote []string
		for _, name := range stage {
			s, ok := byName[name]
			if !ok {
				t.Errorf("stage %d: %q is not a step of cleaning.STEPS", i+1, name)
				continue
			}
			if seen[name] {
				t.Errorf("stage %d: step %s is in two stages", i+1, name)
			}
			seen[name] = true
			for _, need := range s.Needs {
				if !written[need] {
					t.Errorf("stage %d: step %s reads %s, which no earlier stage writes", i+1, name, need)
				}
			}
			wrote = append(wrote, s.Table)
		}
		for _, w := range wrote {
			written[w] = true
		}
	}
	for _, s := range steps {
		if !seen[s.Name] {
			t.Errorf("cleaning step %s is in no stage of steps.json", s.Name)
		}
	}
	for _, table := range tables {
		if !written[table] {
			t.Errorf("no step writes %s before the warehouse load", table)
		}
	}
}

// TestPythonShellJobStepsMatchGoCleaner runs pythonshell_job.py once per step, in the stages of
// steps.json, against the S3 stand-in on the real sample: the tables must be the Go cleaner's,
// row for row, and the per-step reports, taken together, its report file for file. A step run
// before the steps it reads fails and names them; an unknown step is a usage error.
func TestPythonShellJobStepsMatchGoCleaner(t *testing.T) {
	requirePython(t, "boto3")
	ds, goReport, err := dataset.Clean(rawDir())
	if err != nil {
		t.Fatalf("Go cleaner: %v", err)
	}
	steps := cleaningSteps(t)
	l := newLake(t)
	raw := l.bucket("nexabrands-raw")
	out := l.bucket("nexabrands-transformed")
	for _, s := range steps {
		b, err := os.ReadFile(filepath.Join(rawDir(), s.Raw))
		if err != nil {
			t.Fatal(err)
		}
		l.put(raw, "sample/"+s.Raw, b)
	}
	const day = "2026-12-01"
	args := func(step string) []string {
		return []string{"--source-path", "s3://" + raw + "/sample", "--destination-path", "s3://" + out + "/clean",
			"--run-date", day, "--step", step}
	}

	// Out of order: the order lines need the orders and the products of the day.
	log, err := l.runJob(args("order_lines")...)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(log, "run step orders or fulfilment for "+day+" first") {
		t.Errorf("order_lines before orders: exit %v, output %q; want exit 1 naming the orders step", err, log)
	}
	if keys := l.list(out, ""); len(keys) != 0 {
		t.Errorf("a step that could not run wrote %v", keys)
	}
	if log, err := l.runJob(args("shipping")...); !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(log, "unknown step 'shipping'") {
		t.Errorf("--step shipping: exit %v, output %q; want exit 2", err, log)
	}

	reports := map[string]fileReport{}
	for _, stage := range stages(t) {
		for _, step := range stage {
			if step == loadStep {
				continue
			}
			log, err := l.runJob(args(step)...)
			if err != nil {
				t.Fatalf("step %s: %v\n%s", step, err, log)
			}
			t.Logf("step %s:\n%s", step, log)
			var doc struct {
				reportDoc
				Step string `json:"step"`
			}
			rkey := "clean/_data_quality/run_date=" + day + "/" + step + "/report.json"
			if err := json.Unmarshal(l.get(out, rkey), &doc); err != nil {
				t.Fatalf("step %s: report %s: %v", step, rkey, err)
			}
			if doc.Step != step || doc.RunDate != day || len(doc.Files) != 1 {
				t.Fatalf("step %s: report %s is of step %q, day %q, %d files", step, rkey, doc.Step, doc.RunDate, len(doc.Files))
			}
			reports[doc.Files[0].File] = doc.Files[0]
		}
	}
	// The Go report's order (cleaning.FILES).
	var files []fileReport
	for _, f := range goReport {
		files = append(files, reports[f.File])
	}
	sameAsGo(t, "steps", ds, goReport, func(table string) (string, []byte) {
		key := "clean/" + table + "/run_date=" + day + "/part-00000.csv.gz"
		return key, l.get(out, key)
	}, files)

	// A re-run of a step changes nothing: the fulfilment sets every order's flags from its file.
	before := l.get(out, "clean/fact_orders/run_date="+day+"/part-00000.csv.gz")
	if log, err := l.runJob(args("fulfilment")...); err != nil {
		t.Fatalf("fulfilment again: %v\n%s", err, log)
	}
	if after := l.get(out, "clean/fact_orders/run_date="+day+"/part-00000.csv.gz"); !reflect.DeepEqual(before, after) {
		t.Errorf("re-running the fulfilment step changed fact_orders")
	}
}

// TestWarehouseLoadJobSQLIsLakeload: the last step's Glue job (warehouse_load_job.py) runs the
// statements lakeload.RedshiftSQL generates (and golden-tests), byte for byte, for a run with a
// prefix and one without, with and without a skipped table.
func TestWarehouseLoadJobSQLIsLakeload(t *testing.T) {
	requirePython(t)
	const role, region = "arn:aws:iam::123456789012:role/nexabrands-redshift-copy", "af-south-1"
	for _, r := range []lakeload.Run{
		{Schema: "nexabrands", Bucket: "nexabrands-prod-transformed", Prefix: "clean", RunDate: "2026-12-01"},
		{Schema: "nexa\"brands", Bucket: "b-ucket", RunDate: "2026-01-31", Skip: []string{"dim_customer_targets"}},
	} {
		stmts, err := lakeload.RedshiftSQL(r, role, region)
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Join(stmts, ";\n") + ";\n"
		args := []string{filepath.Join(here(), "warehouse_load_job.py"), "--print-sql",
			"--source-path", "s3://" + r.Bucket + "/" + r.Prefix, "--schema", r.Schema,
			"--copy-role-arn", role, "--region", region, "--run-date", r.RunDate}
		if len(r.Skip) > 0 {
			args = append(args, "--skip", strings.Join(r.Skip, ","))
		}
		out, err := exec.Command(python, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("warehouse_load_job.py --print-sql: %v\n%s", err, out)
		}
		if string(out) != want {
			t.Errorf("run %+v: warehouse_load_job.py's SQL differs from lakeload.RedshiftSQL\n python:\n%s\n     go:\n%s", r, out, want)
		}
	}
}
