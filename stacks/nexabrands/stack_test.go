// Package nexabrands_test tests the reference stack as users apply it: the real Terraform CLI,
// the provider built from this checkout and installed by `terraform init` from a filesystem
// mirror, the local servers (the kumo S3 stand-in and a throwaway PostgreSQL) and
// envs/local.tfvars.
package nexabrands_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/jackc/pgx/v5"

	"github.com/nexabrands/supplychain/tools/devenv/localenv"
	"github.com/nexabrands/supplychain/tools/sampledata/dataset"
)

const rawDir = "sample-data/raw"

// TestTargetsJSONIsTheCleanedSample: targets.json, the stack's default customer targets, is what
// the reference cleaner makes of the sample's customer_targets.csv (regenerate it with
// `go run ./tools/sampledata clean --targets-json stacks/nexabrands/targets.json`).
func TestTargetsJSONIsTheCleanedSample(t *testing.T) {
	ds, _, err := dataset.Clean(rawDir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("targets.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		CustomerTargets []struct {
			CustomerID int64    `json:"customer_id"`
			OnTime     *float64 `json:"ontime"`
			InFull     *float64 `json:"infull"`
			OTIF       *float64 `json:"otif"`
		} `json:"customer_targets"`
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatalf("targets.json: %v", err)
	}
	if len(file.CustomerTargets) != len(ds.Targets) {
		t.Fatalf("targets.json has %d customers, the cleaner %d", len(file.CustomerTargets), len(ds.Targets))
	}
	for i, w := range ds.Targets {
		g := file.CustomerTargets[i]
		if g.CustomerID != w.CustomerID || !reflect.DeepEqual(g.OnTime, w.OnTime) || !reflect.DeepEqual(g.InFull, w.InFull) || !reflect.DeepEqual(g.OTIF, w.OTIF) {
			t.Errorf("targets.json entry %d = %+v, the cleaner has %+v", i, g, w)
		}
	}
}

// counter is a reverse proxy in front of the S3 stand-in that counts requests per bucket
// (path-style: the first path segment) while on.
type counter struct {
	on     atomic.Bool
	mu     sync.Mutex
	counts map[string]int
}

func (c *counter) wrap(target string) http.Handler {
	u, _ := url.Parse(target)
	proxy := httputil.NewSingleHostReverseProxy(u)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c.on.Load() {
			b := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 2)[0]
			if b == "" {
				b = "(service)"
			}
			c.mu.Lock()
			c.counts[b]++
			c.mu.Unlock()
		}
		proxy.ServeHTTP(w, r)
	})
}

func (c *counter) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.counts
	c.counts = map[string]int{}
	return out
}

type stackEnv struct {
	t    *testing.T
	tf   string
	dir  string
	env  []string
	s3   *counter
	conn *pgx.Conn
}

func (e *stackEnv) run(args ...string) (string, error) {
	e.t.Helper()
	cmd := exec.Command(e.tf, args...)
	cmd.Dir, cmd.Env = e.dir, e.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func (e *stackEnv) must(args ...string) string {
	e.t.Helper()
	out, err := e.run(args...)
	if err != nil {
		e.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// newStackEnv starts the servers, builds the provider into a filesystem mirror, copies the stack
// and runs `terraform init` on it.
func newStackEnv(t *testing.T) *stackEnv {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to apply the stack through the Terraform CLI on the local servers")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		t.Fatal("TF_ACC is set but TF_ACC_TERRAFORM_PATH is not: `bash tools/devenv/install-tools.sh terraform` installs .tools/bin/terraform")
	}
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	tmp := t.TempDir()
	mirror := filepath.Join(tmp, "mirror")
	bin := filepath.Join(mirror, host, "nexabrands", "supplychain", "0.0.1", runtime.GOOS+"_"+runtime.GOARCH, "terraform-provider-supplychain_v0.0.1")
	build := exec.Command("go", "build", "-o", bin, "../..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(tmp, "terraform.rc")
	if err := os.WriteFile(rc, []byte(fmt.Sprintf(`disable_checkpoint = true
provider_installation {
  filesystem_mirror {
    path    = %q
    include = ["%s/nexabrands/supplychain"]
  }
}
`, mirror, host)), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "stack")
	copyStack(t, ".", dir)

	aws := localenv.AWST(t)
	c := &counter{counts: map[string]int{}}
	proxy := httptest.NewServer(c.wrap(aws.URL))
	t.Cleanup(proxy.Close)
	pg := localenv.PostgresT(t)
	ctx := context.Background()
	db, err := pg.CreateDatabase(ctx, "stack")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, pg.DSN(db))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "TF_DATA_DIR="+filepath.Join(dir, ".terraform"),
		"AWS_ACCESS_KEY_ID="+localenv.AccessKey, "AWS_SECRET_ACCESS_KEY="+localenv.SecretKey, "AWS_REGION="+localenv.Region,
		"TF_VAR_s3_endpoint="+proxy.URL,
		"TF_VAR_warehouse_host="+pg.Host, "TF_VAR_warehouse_port="+strconv.Itoa(pg.Port),
		"TF_VAR_warehouse_database="+db, "TF_VAR_warehouse_username="+pg.User,
	)
	e := &stackEnv{t: t, tf: tf, dir: dir, env: env, s3: c, conn: conn}
	e.must("init", "-input=false", "-no-color")
	return e
}

// copyStack copies the stack's configuration (the .tf files, targets.json, envs/, etl/'s Python
// and steps.json).
func copyStack(t *testing.T, src, dst string) {
	t.Helper()
	var files []string
	for _, g := range []string{"*.tf", "targets.json", "envs/*.tfvars", "etl/*.py", "etl/*.json"} {
		m, err := filepath.Glob(filepath.Join(src, g))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(src, f)
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, rel), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// pendingChanges lists the plan's changes other than no-ops, data source reads included: the
// stack's checks read top-level data sources (checks.tf), which a plan reads while planning, so a
// plan with nothing to do holds no change at all.
func pendingChanges(p *tfjson.Plan) []string {
	var out []string
	for _, rc := range p.ResourceChanges {
		if rc.Change.Actions.NoOp() {
			continue
		}
		out = append(out, fmt.Sprintf("%s %v (%s)", rc.Address, rc.Change.Actions, rc.ActionReason))
	}
	for name, oc := range p.OutputChanges {
		if !oc.Actions.NoOp() {
			out = append(out, fmt.Sprintf("output.%s %v", name, oc.Actions))
		}
	}
	sort.Strings(out)
	return out
}

func (e *stackEnv) plan(name string) (*tfjson.Plan, string, time.Duration, map[string]int) {
	e.t.Helper()
	e.s3.take()
	e.s3.on.Store(true)
	start := time.Now()
	text := e.must("plan", "-input=false", "-no-color", "-var-file=envs/local.tfvars", "-out="+name)
	took := time.Since(start)
	e.s3.on.Store(false)
	counts := e.s3.take()
	js := e.must("show", "-json", name)
	var p tfjson.Plan
	if err := json.Unmarshal([]byte(js), &p); err != nil {
		e.t.Fatalf("reading the plan JSON: %v", err)
	}
	return &p, text, took, counts
}

// TestAccStack_applyThenEmptyPlan applies the whole stack on the local servers with
// envs/local.tfvars, then requires a second plan to change nothing; with the sample loaded, the
// check blocks must warn about the customers under their OTIF target; destroy removes it all.
func TestAccStack_applyThenEmptyPlan(t *testing.T) {
	e := newStackEnv(t)
	e.must("apply", "-auto-approve", "-input=false", "-no-color", "-var-file=envs/local.tfvars")

	p, text, took, counts := e.plan("second.tfplan")
	if pending := pendingChanges(p); len(pending) > 0 {
		t.Fatalf("the second plan is not empty:\n  %s\n%s", strings.Join(pending, "\n  "), text)
	}
	managed := 0
	for _, rc := range p.ResourceChanges {
		if rc.Mode == tfjson.ManagedResourceMode {
			managed++
		}
	}
	if managed < 19 {
		t.Errorf("the plan holds %d managed resources, want the lake, 7 tables, 9 views and the targets (19)", managed)
	}
	var buckets []string
	for b := range counts {
		buckets = append(buckets, fmt.Sprintf("%s=%d", b, counts[b]))
	}
	sort.Strings(buckets)
	t.Logf("second plan (no changes, %d managed resources): %s; S3 requests per bucket: %s", managed, took.Round(time.Millisecond), strings.Join(buckets, " "))
	for _, b := range []string{"nexabrand-local-raw", "nexabrand-local-code", "nexabrand-local-transformed"} {
		if counts[b] == 0 {
			t.Errorf("the plan sent no request about %s: did it refresh the lake?", b)
		}
	}
	if strings.Contains(text, "OTIF under target") {
		t.Errorf("a check warns with nothing loaded:\n%s", text)
	}

	// The sample loaded (the Go reference loader): the checks warn about the breaches.
	ds, _, err := dataset.Clean(rawDir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := dataset.Load(ctx, e.conn, "nexabrands", ds, dataset.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	p, text, _, _ = e.plan("loaded.tfplan")
	if pending := pendingChanges(p); len(pending) > 0 {
		t.Fatalf("loading data changed the plan:\n  %s", strings.Join(pending, "\n  "))
	}
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{`check "customer_otif_target"`, "OTIF under target for"} {
		if !strings.Contains(flat, want) {
			t.Errorf("with the sample loaded, the plan does not warn %q:\n%s", want, text)
		}
	}
	// What a scheduled job or a script asks: -detailed-exitcode is 0 (no changes), warnings and all.
	if out, err := e.run("plan", "-detailed-exitcode", "-input=false", "-no-color", "-var-file=envs/local.tfvars"); err != nil {
		t.Errorf("terraform plan -detailed-exitcode of the applied stack: %v (2 = changes), want exit 0\n%s", err, out)
	}
	// The stack's output of the ETL's order is steps.json's (`make demo` runs it).
	var stages [][]string
	if err := json.Unmarshal([]byte(e.must("output", "-json", "etl_stages")), &stages); err != nil {
		t.Fatalf("output etl_stages: %v", err)
	}
	if want := [][]string{{"customers", "products"}, {"targets", "orders"}, {"order_lines"}, {"fulfilment"}, {"warehouse_load"}}; !reflect.DeepEqual(stages, want) {
		t.Errorf("output etl_stages = %v, want %v", stages, want)
	}

	if _, err := e.conn.Exec(ctx, "TRUNCATE nexabrands.fact_order_lines, nexabrands.fact_orders, nexabrands.dim_customers, nexabrands.dim_products, nexabrands.dim_dates"); err != nil {
		t.Fatal(err)
	}
	e.must("destroy", "-auto-approve", "-input=false", "-no-color", "-var-file=envs/local.tfvars")
	var schemas int
	if err := e.conn.QueryRow(ctx, "SELECT count(*) FROM pg_namespace WHERE nspname = 'nexabrands'").Scan(&schemas); err != nil {
		t.Fatal(err)
	}
	if schemas != 0 {
		t.Errorf("schema nexabrands still exists after destroy")
	}
}

// TestAccStack_glueDAGPlan plans the stack with enable_glue = true (on the local servers, which
// serve no Glue: the plan only) and requires the seed's DAG: one Glue job per step of
// etl/steps.json, each cleaning job running pythonshell_job.py with its --step, the load job
// running warehouse_load_job.py, and a daily supplychain_etl_schedule whose stages are those
// jobs, in that order.
func TestAccStack_glueDAGPlan(t *testing.T) {
	e := newStackEnv(t)
	out := e.must("plan", "-input=false", "-no-color", "-var-file=envs/local.tfvars", "-out=glue.tfplan",
		"-var=enable_glue=true", "-var=glue_role_arn=arn:aws:iam::123456789012:role/glue",
		"-var=redshift_copy_role_arn=arn:aws:iam::123456789012:role/copy", "-var=redshift_cluster_id=nexabrand-local")
	var p tfjson.Plan
	if err := json.Unmarshal([]byte(e.must("show", "-json", "glue.tfplan")), &p); err != nil {
		t.Fatalf("reading the plan JSON: %v\n%s", err, out)
	}
	jobs := map[string]map[string]any{}
	var schedule map[string]any
	for _, rc := range p.ResourceChanges {
		after, _ := rc.Change.After.(map[string]any)
		switch rc.Type {
		case "supplychain_etl_job":
			jobs[rc.Address] = after
		case "supplychain_etl_schedule":
			schedule = after
		}
	}
	steps := []string{"customers", "products", "targets", "orders", "order_lines", "fulfilment"}
	for _, s := range steps {
		j := jobs[`supplychain_etl_job.step["`+s+`"]`]
		if j == nil {
			t.Errorf("no Glue job for step %s; jobs: %v", s, jobs)
			continue
		}
		args, _ := j["default_arguments"].(map[string]any)
		if args["--step"] != s || !strings.HasSuffix(fmt.Sprint(j["script_source"]), "etl/pythonshell_job.py") {
			t.Errorf("job of step %s: script %v, arguments %v", s, j["script_source"], args)
		}
	}
	load := jobs["supplychain_etl_job.warehouse_load[0]"]
	if load == nil || !strings.HasSuffix(fmt.Sprint(load["script_source"]), "etl/warehouse_load_job.py") {
		t.Fatalf("no warehouse load job running warehouse_load_job.py: %v", load)
	}
	if len(jobs) != len(steps)+1 {
		t.Errorf("%d Glue jobs planned, want %d (one per step)", len(jobs), len(steps)+1)
	}
	if schedule == nil {
		t.Fatal("no supplychain_etl_schedule planned")
	}
	want := [][]string{{"nexabrand-local-customers", "nexabrand-local-products"}, {"nexabrand-local-orders", "nexabrand-local-targets"},
		{"nexabrand-local-order-lines"}, {"nexabrand-local-fulfilment"}, {"nexabrand-local-warehouse-load"}}
	var got [][]string
	raw, _ := schedule["stages"].([]any)
	for _, st := range raw {
		var names []string
		stage, _ := st.([]any)
		for _, n := range stage {
			names = append(names, fmt.Sprint(n))
		}
		sort.Strings(names)
		got = append(got, names)
	}
	if !reflect.DeepEqual(got, want) || schedule["schedule"] != "cron(0 2 * * ? *)" {
		t.Errorf("schedule %v stages = %v, want daily %v", schedule["schedule"], got, want)
	}
}
