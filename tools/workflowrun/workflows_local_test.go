package workflowrun_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nexabrands/supplychain/internal/githubapi/githubapitest"
	"github.com/nexabrands/supplychain/tools/workflowrun"
)

const token = "ghs_localWorkflowToken0001"

func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// plangateBin builds plangate from this tree once, as the project's workflows do.
func plangateBin(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "workflowrun-bin-") //nolint:usetesting // shared by every test of the package, removed in TestMain
		if buildErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-trimpath", "-o", filepath.Join(binDir, "plangate"), "./tools/plangate")
		cmd.Dir = repoRoot()
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = &buildError{out: string(out), err: err}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binDir
}

type buildError struct {
	out string
	err error
}

func (e *buildError) Error() string { return "building plangate: " + e.err.Error() + "\n" + e.out }

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// slackSink captures Slack webhook posts.
type slackSink struct {
	mu       sync.Mutex
	payloads []string
	srv      *httptest.Server
}

func newSlack(t *testing.T) *slackSink {
	s := &slackSink{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.payloads = append(s.payloads, string(b))
		s.mu.Unlock()
		_, _ = io.WriteString(w, "ok")
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *slackSink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.payloads)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkout stands in for actions/checkout: the stack's Terraform files at path.
func checkout(t *testing.T, workspace, path string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot(), "stacks", "nexabrands", "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no stack files: %v", err)
	}
	for _, f := range files {
		copyFile(t, f, filepath.Join(workspace, path, "stacks", "nexabrands", filepath.Base(f)))
	}
}

func newRunner(t *testing.T, workflow, job string, extra map[string]string) *workflowrun.Runner {
	t.Helper()
	w, err := workflowrun.Load(filepath.Join(repoRoot(), ".github", "workflows", workflow))
	if err != nil {
		t.Fatal(err)
	}
	j := w.Jobs[job]
	if j == nil {
		t.Fatalf("%s has no job %s", workflow, job)
	}
	ws, tmp := t.TempDir(), t.TempDir()
	env := map[string]string{
		"PATH":              os.Getenv("PATH"),
		"HOME":              os.Getenv("HOME"),
		"GITHUB_ACTIONS":    "true",
		"GITHUB_REPOSITORY": "nexabrands/supplychain",
		"GITHUB_SERVER_URL": "https://github.com",
		"GITHUB_RUN_ID":     "4242",
		"CI":                "true",
		"NO_COLOR":          "1",
	}
	for k, v := range extra {
		env[k] = v
	}
	return &workflowrun.Runner{
		Workflow: w, Job: j, Workspace: ws, Temp: tmp, Env: env,
		Path: []string{plangateBin(t)},
		Context: map[string]string{
			"github.token":      token,
			"github.repository": "nexabrands/supplychain",
			"github.run_id":     "4242",
			"runner.temp":       tmp,
		},
	}
}

func run(t *testing.T, r *workflowrun.Runner, names ...string) []workflowrun.Result {
	t.Helper()
	var out []workflowrun.Result
	for _, n := range names {
		s, err := r.Job.Find(n)
		if err != nil {
			t.Fatal(err)
		}
		res, err := r.RunStep(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res)
	}
	return out
}

func total(rs []workflowrun.Result) time.Duration {
	var d time.Duration
	for _, r := range rs {
		d += r.Duration
	}
	return d
}

const (
	plans     = "policy/plan/testdata/plans"
	cleanPlan = plans + "/hashicorp__terraform__testing__equivalence-tests__outputs__drift_refresh_only__plan.json"
	badPlan   = plans + "/supplychain_pipeline.json"
	// A normal plan with no resource_drift: nothing drifted.
	noDriftPlan = plans + "/fugue__regula__rego__tests__rules__tf__aws__kms__inputs__key_rotation_infra.json"
)

// TestPRCheckWorkflow runs pr-check.yml's plangate steps, in order, with the workflow's
// environment: a pull request whose plan the gate denies gets one comment on the local GitHub
// API, Slack hears of the failed gate, and the job fails; once fixed, the same comment is updated
// and the job passes. The plan steps are replaced by fixture plans here (fast, no servers);
// TestLocalWorkflows runs them with OpenTofu against the local servers.
func TestPRCheckWorkflow(t *testing.T) {
	api := githubapitest.New(token)
	defer api.Close()
	slack := newSlack(t)
	event := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(event, []byte(`{"number":7,"pull_request":{"number":7}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	steps := []string{"plangate check", "Comment on the pull request", "Fail on the gate"}
	for i, tc := range []struct {
		pr      string
		gate    string
		fail    int
		comment string
	}{
		{badPlan, "1", 1, "comment created on nexabrands/supplychain#7"},
		{cleanPlan, "0", 0, "comment updated on nexabrands/supplychain#7"},
	} {
		r := newRunner(t, "pr-check.yml", "check", map[string]string{
			"GITHUB_API_URL": api.URL, "GITHUB_EVENT_PATH": event,
		})
		r.Context["secrets.PLANGATE_SLACK_WEBHOOK"] = slack.srv.URL
		checkout(t, r.Workspace, "base")
		checkout(t, r.Workspace, "pr")
		copyFile(t, filepath.Join(repoRoot(), cleanPlan), filepath.Join(r.Temp, "base.json"))
		copyFile(t, filepath.Join(repoRoot(), tc.pr), filepath.Join(r.Temp, "pr.json"))
		res := run(t, r, steps...)
		t.Logf("run %d: pr-check steps took %v (%s)", i+1, total(res).Round(time.Millisecond), durations(res))
		if got := r.Context["steps.gate.outputs.code"]; got != tc.gate {
			t.Fatalf("run %d: gate code %q, want %s\n%s", i+1, got, tc.gate, res[0].Stderr)
		}
		if !strings.Contains(res[1].Stdout, tc.comment) {
			t.Fatalf("run %d: comment step: %q %q", i+1, res[1].Stdout, res[1].Stderr)
		}
		if res[2].Code != tc.fail {
			t.Fatalf("run %d: the job's last step exited %d, want %d: %s", i+1, res[2].Code, tc.fail, res[2].Stdout)
		}
		if _, err := os.Stat(filepath.Join(r.Workspace, "reports", "plangate.sarif")); err != nil {
			t.Fatalf("run %d: no SARIF for code scanning: %v", i+1, err)
		}
		for _, rs := range res {
			if strings.Contains(rs.Stdout+rs.Stderr, token) || strings.Contains(rs.Stdout+rs.Stderr, slack.srv.URL) {
				t.Fatalf("run %d: step %q printed a secret", i+1, rs.Step)
			}
		}
		if i == 0 {
			if n := slack.count(); n != 1 {
				t.Fatalf("Slack got %d messages for the failed gate, want 1", n)
			}
		}
	}
	cs := api.Comments(7)
	if len(cs) != 1 || !strings.HasPrefix(cs[0].Body, "<!-- plangate:check -->\n## ✅") {
		t.Fatalf("pull request comments: %+v", cs)
	}
	if slack.count() != 1 {
		t.Fatalf("Slack got %d messages, want 1 (a passing gate says nothing)", slack.count())
	}
}

// TestDriftWorkflow runs drift.yml's steps after the refresh-only plan: drift found (exit 2) opens
// the tracking issue and tells Slack; the same drift again tells no one; no drift closes the issue.
// gh is a local stand-in (testdata/gh) keeping issues in a file.
func TestDriftWorkflow(t *testing.T) {
	slack := newSlack(t)
	state := t.TempDir()
	drifted := filepath.Join(repoRoot(), "tools", "plangate", "testdata", "drift-resized-instance.json")
	ghDir := filepath.Join(repoRoot(), "tools", "workflowrun", "testdata")
	for i, tc := range []struct {
		plan   string
		code   string
		new    string
		slack  int
		issues int
	}{
		{drifted, "2", "true", 1, 1},
		{drifted, "2", "false", 1, 1},
		{filepath.Join(repoRoot(), noDriftPlan), "0", "false", 1, 0},
	} {
		r := newRunner(t, "drift.yml", "drift", map[string]string{"FAKE_GH_STATE": state})
		r.Path = append(r.Path, ghDir)
		r.Context["secrets.PLANGATE_SLACK_WEBHOOK"] = slack.srv.URL
		copyFile(t, tc.plan, filepath.Join(r.Temp, "drift.json"))
		steps := []string{"plangate drift", "Is the drift new?"}
		res := run(t, r, steps...)
		if r.Context["steps.new.outputs.new"] == "true" {
			res = append(res, run(t, r, "Tell Slack (new drift, or a run that could not judge)")...)
		}
		res = append(res, run(t, r, "Fail on drift")...)
		t.Logf("run %d: drift steps took %v (%s)", i+1, total(res).Round(time.Millisecond), durations(res))
		if got := r.Context["steps.drift.outputs.code"]; got != tc.code {
			t.Fatalf("run %d: drift code %q, want %s: %s", i+1, got, tc.code, res[0].Stderr)
		}
		if got := r.Context["steps.new.outputs.new"]; got != tc.new {
			t.Fatalf("run %d: new %q, want %s: %s %s", i+1, got, tc.new, res[1].Stdout, res[1].Stderr)
		}
		if last := res[len(res)-1]; fmt.Sprint(last.Code) != tc.code {
			t.Fatalf("run %d: the job's last step exited %d, want %s", i+1, last.Code, tc.code)
		}
		if _, err := os.Stat(filepath.Join(r.Workspace, "reports", "drift.prom")); err != nil {
			t.Fatalf("run %d: no metrics: %v", i+1, err)
		}
		if n := slack.count(); n != tc.slack {
			t.Fatalf("run %d: Slack got %d messages in all, want %d", i+1, n, tc.slack)
		}
		var issues []struct{ Number int }
		raw, err := os.ReadFile(filepath.Join(state, "issues.json"))
		if err != nil || json.Unmarshal(raw, &issues) != nil {
			t.Fatalf("run %d: issues: %v %s", i+1, err, raw)
		}
		if len(issues) != tc.issues {
			t.Fatalf("run %d: %d open drift issues, want %d", i+1, len(issues), tc.issues)
		}
	}
}

func durations(rs []workflowrun.Result) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, r.Step+" "+r.Duration.Round(time.Millisecond).String())
	}
	return strings.Join(parts, ", ")
}

func writeOut(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
