package workflowrun_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/internal/githubapi/githubapitest"
	"github.com/nexabrands/supplychain/tools/devenv/localenv"
	"github.com/nexabrands/supplychain/tools/workflowrun"
)

// The state backend `plangate bootstrap` creates on the S3 stand-in, as in `make demo`.
const (
	stateBucket = "nexabrand-local-tfstate"
	stateKey    = "nexabrands/local/terraform.tfstate"
	rawBucket   = "nexabrand-local-raw"
)

// handling says what the test does with the steps of a job that it does not run as they are.
type handling struct {
	// standIn does the work of a `uses:` step on this machine; the string says how.
	standIn map[string]standIn
	// skip lists steps not run at all, with the reason.
	skip map[string]string
}

type standIn struct {
	how string
	do  func(t *testing.T, r *workflowrun.Runner)
}

// stepLog is one line of a job's account: what happened to each of its steps.
type stepLog struct {
	step, what string
	code       int
	ran        bool
	took       time.Duration
}

// job is one run of a workflow's job.
type job struct {
	name    string
	results map[string]workflowrun.Result
	log     []stepLog
	took    time.Duration
	failed  bool
}

// runJob runs every step of r's job in order, as a runner would: `run:` steps through workflowrun,
// `uses:` steps by their stand-in; a step that is neither run nor stood in for must be listed in
// h.skip with the reason. `if:` conditions are the runner's (see condition); after a failed step
// only `always()` steps run, as on GitHub.
func runJob(t *testing.T, name string, r *workflowrun.Runner, h handling) *job {
	t.Helper()
	j := &job{name: name, results: map[string]workflowrun.Result{}}
	start := time.Now()
	for _, s := range r.Job.Steps {
		if why, ok := h.skip[s.Name]; ok {
			j.log = append(j.log, stepLog{step: s.Name, what: "skipped: " + why})
			continue
		}
		if j.failed && !strings.Contains(s.If, "always()") {
			j.log = append(j.log, stepLog{step: s.Name, what: "not run: an earlier step failed"})
			continue
		}
		if s.If != "" {
			ok, err := condition(r, s.If)
			if err != nil {
				t.Fatalf("%s: step %q: %v", name, s.Name, err)
			}
			if !ok {
				j.log = append(j.log, stepLog{step: s.Name, what: "not run: if: " + s.If + " is false"})
				continue
			}
		}
		if s.Uses != "" {
			si, ok := h.standIn[s.Name]
			if !ok {
				t.Fatalf("%s: step %q uses %s: the test has neither a stand-in nor a reason to skip it", name, s.Name, s.Uses)
			}
			t0 := time.Now()
			si.do(t, r)
			j.log = append(j.log, stepLog{step: s.Name, what: "stand-in: " + si.how, took: time.Since(t0)})
			continue
		}
		res, err := r.RunStep(context.Background(), s)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		j.results[s.Name] = res
		j.log = append(j.log, stepLog{step: s.Name, what: "run", ran: true, code: res.Code, took: res.Duration})
		if res.Code != 0 {
			j.failed = true
		}
	}
	j.took = time.Since(start)
	return j
}

// condition evaluates the `if:` expressions of pr-check, apply and drift: always(), hashFiles of
// one path under the workspace, comparisons of step outputs with literals, && and ||, and
// parentheses. Anything else is an error.
func condition(r *workflowrun.Runner, e string) (bool, error) {
	e = strings.TrimSpace(e)
	p := &condParser{r: r, s: e}
	v, err := p.or()
	if err == nil && strings.TrimSpace(p.s[p.i:]) != "" {
		err = fmt.Errorf("unexpected %q", p.s[p.i:])
	}
	if err != nil {
		return false, fmt.Errorf("if: %s: %w", e, err)
	}
	return v, nil
}

type condParser struct {
	r *workflowrun.Runner
	s string
	i int
}

func (p *condParser) skipSpace() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *condParser) eat(tok string) bool {
	p.skipSpace()
	if strings.HasPrefix(p.s[p.i:], tok) {
		p.i += len(tok)
		return true
	}
	return false
}

func (p *condParser) or() (bool, error) {
	v, err := p.and()
	for err == nil && p.eat("||") {
		var w bool
		w, err = p.and()
		v = v || w
	}
	return v, err
}

func (p *condParser) and() (bool, error) {
	v, err := p.cmp()
	for err == nil && p.eat("&&") {
		var w bool
		w, err = p.cmp()
		v = v && w
	}
	return v, err
}

func (p *condParser) cmp() (bool, error) {
	if p.eat("(") {
		v, err := p.or()
		if err == nil && !p.eat(")") {
			err = errors.New("missing )")
		}
		return v, err
	}
	if p.eat("always()") {
		return true, nil
	}
	left, err := p.value()
	if err != nil {
		return false, err
	}
	var eq bool
	switch {
	case p.eat("=="):
		eq = true
	case p.eat("!="):
	default:
		return false, errors.New("only ==, != and always() are supported")
	}
	right, err := p.value()
	if err != nil {
		return false, err
	}
	return (left == right) == eq, nil
}

func (p *condParser) value() (string, error) {
	p.skipSpace()
	rest := p.s[p.i:]
	switch {
	case strings.HasPrefix(rest, "'"):
		end := strings.Index(rest[1:], "'")
		if end < 0 {
			return "", errors.New("unterminated string")
		}
		p.i += end + 2
		return rest[1 : end+1], nil
	case strings.HasPrefix(rest, "hashFiles('"):
		end := strings.Index(rest, "')")
		if end < 0 {
			return "", errors.New("unterminated hashFiles")
		}
		p.i += end + 2
		// The value is compared with '' only: a placeholder when the file exists, else ''.
		return hashFiles(filepath.Join(p.r.Workspace, rest[len("hashFiles('"):end])), nil
	}
	n := 0
	for n < len(rest) && (rest[n] == '.' || rest[n] == '_' || rest[n] == '-' ||
		rest[n] >= 'a' && rest[n] <= 'z' || rest[n] >= 'A' && rest[n] <= 'Z' || rest[n] >= '0' && rest[n] <= '9') {
		n++
	}
	if n == 0 {
		return "", fmt.Errorf("unexpected %q", rest)
	}
	p.i += n
	return p.r.Context[rest[:n]], nil
}

// hashFiles stands in for the expression function on one path: "" when it matches no file.
func hashFiles(path string) string {
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		return "a hash"
	}
	return ""
}

// localServers are the servers every workflow of the run shares, with the files a runner and
// the repository's settings would give it.
type localServers struct {
	aws       *localenv.AWS
	env       map[string]string // the servers' environment: credentials, endpoints, warehouse
	tfBin     string            // `terraform` (OpenTofu) for the setup-terraform stand-in
	cliConfig string            // TF_CLI_CONFIG_FILE: the provider from a filesystem mirror
	vars      map[string]string // repository variables
	bootstrap string            // backend.hcl as plangate bootstrap wrote it
}

func tofuPath(t *testing.T) string {
	t.Helper()
	p := os.Getenv("WORKFLOWS_LOCAL_TOFU")
	if p == "" {
		p = filepath.Join(repoRoot(), ".tools", "bin", "tofu")
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("OpenTofu not found at %s (bash tools/devenv/install-tools.sh tofu, or make workflows-local): %v", p, err)
	}
	return p
}

func startServers(t *testing.T) *localServers {
	t.Helper()
	ctx := context.Background()
	tofu := tofuPath(t)
	ls := &localServers{aws: localenv.AWST(t)}
	pg := localenv.PostgresT(t)
	db, err := pg.CreateDatabase(ctx, "workflows")
	if err != nil {
		t.Fatal(err)
	}

	// setup-terraform's stand-in: OpenTofu (>= 1.10, S3 lock files) as `terraform` on PATH.
	ls.tfBin = t.TempDir()
	if err := os.Symlink(tofu, filepath.Join(ls.tfBin, "terraform")); err != nil {
		t.Fatal(err)
	}
	// The provider as `terraform init` would install a release of it: from a filesystem mirror.
	mirror := t.TempDir()
	provider := filepath.Join(mirror, "registry.opentofu.org", "nexabrands", "supplychain", "0.0.1",
		runtime.GOOS+"_"+runtime.GOARCH, "terraform-provider-supplychain_v0.0.1")
	build := exec.Command("go", "build", "-o", provider, ".")
	build.Dir = repoRoot()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	ls.cliConfig = filepath.Join(t.TempDir(), "terraform.rc")
	rc := fmt.Sprintf("disable_checkpoint = true\nprovider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [\"registry.opentofu.org/nexabrands/supplychain\"]\n  }\n}\n", mirror)
	if err := os.WriteFile(ls.cliConfig, []byte(rc), 0o644); err != nil {
		t.Fatal(err)
	}

	port := fmt.Sprint(pg.Port)
	ls.env = map[string]string{
		// configure-aws-credentials' stand-in: the S3 stand-in's static keys (not secrets).
		"AWS_ACCESS_KEY_ID": localenv.AccessKey, "AWS_SECRET_ACCESS_KEY": localenv.SecretKey,
		"AWS_REGION": localenv.Region, "AWS_DEFAULT_REGION": localenv.Region,
		"TF_CLI_CONFIG_FILE": ls.cliConfig,
		// What envs/local.tfvars leaves to the environment (as `devenv run --postgres` sets it).
		"TF_VAR_s3_endpoint": ls.aws.URL, "TF_VAR_warehouse_host": pg.Host, "TF_VAR_warehouse_port": port,
		"TF_VAR_warehouse_database": db, "TF_VAR_warehouse_username": pg.User,
	}

	// Once, by hand, before any workflow: the state bucket (S3 lock files: no lock table).
	out := t.TempDir()
	cmd := exec.Command(filepath.Join(plangateBin(t), "plangate"), "bootstrap", "--bucket", stateBucket, "--key", stateKey,
		"--region", localenv.Region, "--endpoint", ls.aws.URL, "--path-style", "--tags", "stack=nexabrands,env=local", "--out", out)
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID="+localenv.AccessKey, "AWS_SECRET_ACCESS_KEY="+localenv.SecretKey)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("plangate bootstrap: %v\n%s", err, b)
	}
	hcl, err := os.ReadFile(filepath.Join(out, "backend.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	ls.bootstrap = string(hcl)
	ls.vars = map[string]string{
		"vars.TF_STATE_BUCKET":   stateBucket,
		"vars.TF_STATE_KEY":      stateKey,
		"vars.AWS_REGION":        localenv.Region,
		"vars.TF_STATE_ENDPOINT": ls.aws.URL,
		"vars.STACK_VAR_FILE":    "envs/local.tfvars",
	}
	return ls
}

func (ls *localServers) s3(t *testing.T) *s3.Client {
	t.Helper()
	cfg := awsclient.Config{Region: localenv.Region, AccessKey: localenv.AccessKey, SecretKey: localenv.SecretKey,
		Endpoints: awsclient.Endpoints{S3: ls.aws.URL}, S3UsePathStyle: true}
	c, err := cfg.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return cfg.S3(c)
}

// runner is a runner for one job with the servers' environment and the repository's variables.
func (ls *localServers) runner(t *testing.T, workflow, jobName string, extra map[string]string) *workflowrun.Runner {
	t.Helper()
	env := map[string]string{}
	for k, v := range extra {
		env[k] = v
	}
	for _, kv := range os.Environ() { // the Go toolchain's settings, for the build steps
		if k, v, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "GO") {
			env[k] = v
		}
	}
	r := newRunner(t, workflow, jobName, env)
	r.Path = nil // plangate comes from the workflow's own build step
	for k, v := range ls.vars {
		r.Context[k] = v
	}
	return r
}

// checkoutTree stands in for actions/checkout: the repository's tracked files, as they are in
// the work tree, copied to dir; overlay files (name → path) are added to the stack.
func checkoutTree(t *testing.T, dir string, overlay map[string]string) {
	t.Helper()
	out, err := exec.Command("git", "-C", repoRoot(), "ls-files", "-z").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	for _, f := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		src := filepath.Join(repoRoot(), f)
		fi, err := os.Lstat(src)
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted in the work tree
		}
		if err != nil {
			t.Fatal(err)
		}
		if !fi.Mode().IsRegular() {
			continue
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, fi.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	for name, src := range overlay {
		copyFile(t, src, filepath.Join(dir, "stacks", "nexabrands", name))
	}
}

func (ls *localServers) setupTerraform(t *testing.T, r *workflowrun.Runner) {
	t.Helper()
	r.Path = append([]string{ls.tfBin}, r.Path...)
}

func (ls *localServers) credentials(t *testing.T, r *workflowrun.Runner) {
	t.Helper()
	for k, v := range ls.env {
		r.Env[k] = v
	}
}

// backendKeys are the keys a backend.hcl sets.
func backendKeys(hcl string) []string {
	var keys []string
	for _, line := range strings.Split(hcl, "\n") {
		line = strings.TrimSpace(line)
		if k, _, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			keys = append(keys, strings.TrimSpace(k))
		}
	}
	sort.Strings(keys)
	return keys
}

// TestLocalWorkflows runs pr-check.yml, apply.yml and drift.yml end to end, one after the other,
// against the local servers: the S3 stand-in (state bucket made by plangate bootstrap, S3 lock
// files), PostgreSQL as the warehouse, a local GitHub API, a Slack sink and a stand-in gh, with
// OpenTofu as `terraform`. Every `run:` step of each job runs as written, in order, with the
// workflow's environment; the `uses:` steps have stand-ins or are skipped, each with its reason
// (written to summary.md under WORKFLOWS_LOCAL_OUT with each step's time).
//
//  1. pr-check on a branch that adds a lake with public access: the gate denies it (exit 1), one
//     comment is posted to the local API, Slack hears of it, the job fails.
//  2. apply of main: plan, plangate check, apply; the state lands in the bootstrapped bucket.
//  3. drift, after versioning is suspended on the raw bucket by hand: exit 2, the tracking issue
//     is opened and Slack gets the payload; a second run on the same drift tells no one.
//
// It needs OpenTofu and PostgreSQL: it runs under make workflows-local (which installs them) or
// with TF_ACC=1.
func TestLocalWorkflows(t *testing.T) {
	out := os.Getenv("WORKFLOWS_LOCAL_OUT")
	if out == "" && os.Getenv("TF_ACC") == "" {
		t.Skip("end to end with OpenTofu and PostgreSQL: make workflows-local, or TF_ACC=1")
	}
	ls := startServers(t)
	var jobs []*job
	defer func() {
		if out != "" && len(jobs) > 0 {
			writeOut(t, out, "summary.md", summary(jobs))
		}
	}()

	checkoutHow := "a copy of the work tree's tracked files"
	// The stand-ins every job shares; checkout, when not "", is the name of its one checkout step.
	common := func(checkout string) map[string]standIn {
		si := map[string]standIn{
			"Set up Terraform": {"OpenTofu 1.12.6 (.tools/bin/tofu) as `terraform` on PATH", ls.setupTerraform},
			"Set up Go":        {"the machine's Go (already on PATH)", func(*testing.T, *workflowrun.Runner) {}},
		}
		if checkout != "" {
			si[checkout] = standIn{checkoutHow, func(t *testing.T, r *workflowrun.Runner) { checkoutTree(t, r.Workspace, nil) }}
		}
		return si
	}
	const uploadWhy = "upload-artifact needs the Actions artifact service; the reports are checked in reports/ and copied to " +
		"WORKFLOWS_LOCAL_OUT instead"
	keepReports := func(r *workflowrun.Runner, dir string) {
		if out == "" {
			return
		}
		entries, _ := os.ReadDir(filepath.Join(r.Workspace, "reports"))
		for _, e := range entries {
			copyFile(t, filepath.Join(r.Workspace, "reports", e.Name()), filepath.Join(out, dir, e.Name()))
		}
	}
	noSecret := func(t *testing.T, j *job, secrets ...string) {
		t.Helper()
		for _, res := range j.results {
			for _, s := range secrets {
				if strings.Contains(res.Stdout+res.Stderr, s) {
					t.Fatalf("%s: step %q printed a secret", j.name, res.Step)
				}
			}
		}
	}

	ok := t.Run("pr-check", func(t *testing.T) {
		api := githubapitest.New(token)
		defer api.Close()
		slack := newSlack(t)
		event := filepath.Join(t.TempDir(), "event.json")
		if err := os.WriteFile(event, []byte(`{"number":7,"pull_request":{"number":7}}`), 0o600); err != nil {
			t.Fatal(err)
		}
		r := ls.runner(t, "pr-check.yml", "check", map[string]string{"GITHUB_API_URL": api.URL, "GITHUB_EVENT_PATH": event})
		r.Context["secrets.PLANGATE_SLACK_WEBHOOK"] = slack.srv.URL
		si := common("")
		si["Check out the base branch"] = standIn{checkoutHow + " (main) at base/",
			func(t *testing.T, r *workflowrun.Runner) { checkoutTree(t, filepath.Join(r.Workspace, "base"), nil) }}
		si["Check out the pull request"] = standIn{checkoutHow + " plus testdata/pr-public-bucket/partner_share.tf (the PR) at pr/",
			func(t *testing.T, r *workflowrun.Runner) {
				checkoutTree(t, filepath.Join(r.Workspace, "pr"), map[string]string{
					"partner_share.tf": filepath.Join(repoRoot(), "tools", "workflowrun", "testdata", "pr-public-bucket", "partner_share.tf"),
				})
			}}
		si["Assume the read-only plan role"] = standIn{"the S3 stand-in's static keys and endpoints in the environment", ls.credentials}
		j := runJob(t, "pr-check", r, handling{standIn: si, skip: map[string]string{
			"Upload SARIF to code scanning": "upload-sarif needs GitHub code scanning; the SARIF file is checked (version 2.1.0, SC-LAKE-002 in its results) instead",
			"Keep the reports":              uploadWhy,
		}})
		jobs = append(jobs, j)
		keepReports(r, "pr-check-reports")

		hcl, err := os.ReadFile(filepath.Join(r.Temp, "backend.hcl"))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := strings.Join(backendKeys(string(hcl)), " "), strings.Join(backendKeys(ls.bootstrap), " "); got != want {
			t.Fatalf("the workflow's backend.hcl sets %s; plangate bootstrap's sets %s", got, want)
		}
		if !strings.Contains(string(hcl), "use_lockfile = true") {
			t.Fatalf("backend.hcl without S3 lock files:\n%s", hcl)
		}
		for _, s := range []string{"Plan the base branch", "Plan the pull request"} {
			if res := j.results[s]; res.Code != 0 {
				t.Fatalf("%s exited %d:\n%s\n%s", s, res.Code, res.Stdout, res.Stderr)
			}
		}
		if got := r.Context["steps.gate.outputs.code"]; got != "1" {
			t.Fatalf("plangate check exit %q, want 1 (denied):\n%s\n%s", got, j.results["plangate check"].Stdout, j.results["plangate check"].Stderr)
		}
		if last := j.log[len(j.log)-1]; last.step != "Fail on the gate" || !last.ran || last.code != 1 {
			t.Fatalf("the job's last step: %+v, want Fail on the gate exiting 1", last)
		}
		comment := checkPRComment(t, api)
		checkSARIF(t, filepath.Join(r.Workspace, "reports", "plangate.sarif"))
		if n := slack.count(); n != 1 {
			t.Fatalf("Slack got %d messages for the failed gate, want 1", n)
		}
		noSecret(t, j, token, slack.srv.URL)
		if out != "" {
			writeOut(t, out, "pr-comment.md", comment)
		}
	})
	if !ok {
		return
	}

	ok = t.Run("apply", func(t *testing.T) {
		r := ls.runner(t, "apply.yml", "apply", nil)
		si := common("Check out")
		si["Assume the apply role"] = standIn{"the S3 stand-in's static keys and endpoints in the environment", ls.credentials}
		j := runJob(t, "apply", r, handling{standIn: si})
		jobs = append(jobs, j)
		for _, l := range j.log {
			if l.ran && l.code != 0 {
				res := j.results[l.step]
				t.Fatalf("step %q exited %d:\n%s\n%s", l.step, l.code, res.Stdout, res.Stderr)
			}
		}
		if res := j.results["terraform apply"]; !strings.Contains(res.Stdout, "Apply complete!") {
			t.Fatalf("terraform apply: %s", res.Stdout)
		}
		ls.checkStateApplied(t)
	})
	if !ok {
		return
	}

	t.Run("drift", func(t *testing.T) {
		ls.suspendRawVersioning(t)
		slack := newSlack(t)
		ghState := t.TempDir()
		for i, want := range []struct{ new, slack string }{{"true", "1"}, {"false", "1"}} {
			r := ls.runner(t, "drift.yml", "drift", map[string]string{"FAKE_GH_STATE": ghState})
			r.Context["secrets.PLANGATE_SLACK_WEBHOOK"] = slack.srv.URL
			si := common("Check out")
			si["Assume the read-only role"] = standIn{"the S3 stand-in's static keys and endpoints in the environment", ls.credentials}
			si["Set up Terraform"] = standIn{si["Set up Terraform"].how + "; gh is tools/workflowrun/testdata/gh (issues in a file)",
				func(t *testing.T, r *workflowrun.Runner) {
					ls.setupTerraform(t, r)
					r.Path = append(r.Path, filepath.Join(repoRoot(), "tools", "workflowrun", "testdata"))
				}}
			name := "drift"
			if i > 0 {
				name = "drift (again, same drift)"
			}
			j := runJob(t, name, r, handling{standIn: si, skip: map[string]string{"Keep the reports": uploadWhy}})
			jobs = append(jobs, j)
			if res := j.results["Refresh-only plan"]; res.Code != 0 {
				t.Fatalf("refresh-only plan exited %d:\n%s\n%s", res.Code, res.Stdout, res.Stderr)
			}
			if got := r.Context["steps.drift.outputs.code"]; got != "2" {
				t.Fatalf("run %d: plangate drift exit %q, want 2:\n%s", i+1, got, j.results["plangate drift"].Stderr)
			}
			if got := r.Context["steps.new.outputs.new"]; got != want.new {
				t.Fatalf("run %d: new drift %q, want %s", i+1, got, want.new)
			}
			if got := fmt.Sprint(slack.count()); got != want.slack {
				t.Fatalf("run %d: Slack got %s messages in all, want %s", i+1, got, want.slack)
			}
			if last := j.log[len(j.log)-1]; last.step != "Fail on drift" || last.code != 2 {
				t.Fatalf("run %d: the job's last step %+v, want Fail on drift exiting 2", i+1, last)
			}
			noSecret(t, j, token, slack.srv.URL)
			if i == 0 {
				if !strings.Contains(slack.payloads[0], rawBucket) && !strings.Contains(slack.payloads[0], "supplychain_data_lake.main") {
					t.Fatalf("the Slack payload does not name the drifted lake: %s", slack.payloads[0])
				}
				keepReports(r, "drift-reports")
				if out != "" {
					writeOut(t, out, "drift-slack.json", slack.payloads[0])
				}
			}
		}
	})
}

// summary is the account of the run: per workflow, its time and what happened to each step.
func summary(jobs []*job) string {
	var b strings.Builder
	b.WriteString("# make workflows-local\n\nEach workflow's job, its wall time on this machine, and what happened to each step.\n")
	for _, j := range jobs {
		fmt.Fprintf(&b, "\n## %s: %s\n\n| step | what | exit | time |\n|---|---|---|---|\n", j.name, j.took.Round(100*time.Millisecond))
		for _, l := range j.log {
			code := ""
			if l.ran {
				code = fmt.Sprint(l.code)
			}
			took := ""
			if l.ran || strings.HasPrefix(l.what, "stand-in") {
				took = l.took.Round(10 * time.Millisecond).String()
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", l.step, strings.ReplaceAll(l.what, "|", "\\|"), code, took)
		}
	}
	return b.String()
}

// The outcomes both engines (workflowrun and act) are held to, checked on the servers.

// checkPRComment: pull request 7 has exactly one comment, which denies the PR's public lake and
// leaves out the base branch's lake (unchanged by the PR). It returns the comment.
func checkPRComment(t *testing.T, api *githubapitest.Server) string {
	t.Helper()
	cs := api.Comments(7)
	if len(cs) != 1 || !strings.Contains(cs[0].Body, "SC-LAKE-002") || !strings.Contains(cs[0].Body, "supplychain_data_lake.partner_share") {
		t.Fatalf("pull request comments: %+v", cs)
	}
	if strings.Contains(cs[0].Body, "supplychain_data_lake.main") {
		t.Fatalf("the comment reports the base branch's lake, which the PR does not change:\n%s", cs[0].Body)
	}
	return cs[0].Body
}

// checkSARIF: the report for code scanning is SARIF 2.1.0 with one run naming SC-LAKE-002.
func checkSARIF(t *testing.T, path string) {
	t.Helper()
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	raw, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(raw, &sarif) != nil || sarif.Version != "2.1.0" || len(sarif.Runs) != 1 ||
		!strings.Contains(string(raw), `"SC-LAKE-002"`) {
		t.Fatalf("SARIF for code scanning (%s): %v %.300s", path, err, raw)
	}
}

// checkStateApplied: the state is in the bootstrapped bucket, and the apply took an S3 lock file
// (use_lockfile) and released it: in the versioned bucket the lock key has a version, and its
// latest is a delete marker.
func (ls *localServers) checkStateApplied(t *testing.T) {
	t.Helper()
	c := ls.s3(t)
	if _, err := c.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(stateBucket), Key: aws.String(stateKey)}); err != nil {
		t.Fatalf("no state in s3://%s/%s: %v", stateBucket, stateKey, err)
	}
	lock := stateKey + ".tflock"
	v, err := c.ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{Bucket: aws.String(stateBucket), Prefix: aws.String(lock)})
	if err != nil {
		t.Fatal(err)
	}
	var took, released bool
	for _, o := range v.Versions {
		took = took || aws.ToString(o.Key) == lock
	}
	for _, m := range v.DeleteMarkers {
		released = released || aws.ToString(m.Key) == lock && aws.ToBool(m.IsLatest)
	}
	if !took || !released {
		t.Fatalf("s3://%s/%s: lock file taken %v, released %v (versions %d, delete markers %d)", stateBucket, lock, took, released, len(v.Versions), len(v.DeleteMarkers))
	}
}

// suspendRawVersioning is the out-of-band change drift must find: someone suspends versioning on
// the raw bucket by hand.
func (ls *localServers) suspendRawVersioning(t *testing.T) {
	t.Helper()
	if _, err := ls.s3(t).PutBucketVersioning(context.Background(), &s3.PutBucketVersioningInput{Bucket: aws.String(rawBucket),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusSuspended}}); err != nil {
		t.Fatalf("suspending versioning on %s: %v", rawBucket, err)
	}
}
