package workflowrun_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nexabrands/supplychain/internal/githubapi/githubapitest"
	"github.com/nexabrands/supplychain/tools/workflowrun"
)

func actBin(t *testing.T) string {
	t.Helper()
	p := os.Getenv("WORKFLOWS_LOCAL_ACT")
	if p == "" {
		p = filepath.Join(repoRoot(), ".tools", "bin", "act")
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("act not found at %s (bash tools/devenv/install-tools.sh act, or make workflows-local): %v", p, err)
	}
	return p
}

// actStep is what act reported of one step of the job.
type actStep struct {
	name    string
	outcome string // success, failure
	exit    string // the exit status act logged for a failed run: step ("2"), else ""
	outputs map[string]string
}

// actJob is one run of a workflow's job through act.
type actJob struct {
	code  int // act's exit code: 0 when the job succeeded
	log   string
	steps map[string]*actStep
	order []string
	ran   []string // the job's steps act ran (their main stage), in order
	took  time.Duration
}

// actions are the composite stand-ins for the workflows' pinned actions, by owner/name; each is
// written to its own directory and handed to act with --local-repository owner/name@SHA=dir.
// An action under a subdirectory (github/codeql-action/upload-sarif) is written there.
func (ls *localServers) actions(trees string) map[string]string {
	var creds strings.Builder
	keys := make([]string, 0, len(ls.env))
	for k := range ls.env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&creds, "          echo %q >> \"$GITHUB_ENV\"\n", k+"="+ls.env[k])
	}
	gh := filepath.Join(repoRoot(), "tools", "workflowrun", "testdata")
	return map[string]string{
		"actions/checkout": `name: checkout (stand-in)
description: a copy of the work tree's tracked files (the tree named by ref, else main) at path
inputs:
  ref: {required: false, default: ""}
  path: {required: false, default: ""}
  persist-credentials: {required: false, default: "false"}
runs:
  using: composite
  steps:
    - shell: bash
      env:
        REF: ${{ inputs.ref }}
        DEST: ${{ inputs.path }}
      run: |
        mkdir -p "$GITHUB_WORKSPACE/$DEST"
        cp -R "` + trees + `/${REF:-main}/." "$GITHUB_WORKSPACE/$DEST/"
`,
		"hashicorp/setup-terraform": `name: setup-terraform (stand-in)
description: OpenTofu as terraform on PATH, and the stand-in gh
inputs:
  terraform_version: {required: false, default: ""}
  terraform_wrapper: {required: false, default: "false"}
runs:
  using: composite
  steps:
    - shell: bash
      run: |
        echo "` + ls.tfBin + `" >> "$GITHUB_PATH"
        echo "` + gh + `" >> "$GITHUB_PATH"
`,
		"aws-actions/configure-aws-credentials": `name: configure-aws-credentials (stand-in)
description: the S3 stand-in's static keys and endpoints in the environment
inputs:
  role-to-assume: {required: false, default: ""}
  aws-region: {required: false, default: ""}
  role-session-name: {required: false, default: ""}
runs:
  using: composite
  steps:
    - shell: bash
      run: |
` + creds.String(),
		"actions/setup-go": `name: setup-go (stand-in)
description: the machine's Go, already on PATH
inputs:
  go-version-file: {required: false, default: ""}
  cache: {required: false, default: "false"}
runs:
  using: composite
  steps:
    - shell: bash
      run: go version
`,
		"actions/upload-artifact": `name: upload-artifact (stand-in)
description: copies the files to a local directory, the artifact store
inputs:
  name: {required: false, default: ""}
  path: {required: false, default: ""}
  if-no-files-found: {required: false, default: "warn"}
  retention-days: {required: false, default: ""}
runs:
  using: composite
  steps:
    - shell: bash
      env:
        FILES: ${{ inputs.path }}
        NAME: ${{ inputs.name }}
      run: |
        mkdir -p "` + trees + `/artifacts/$NAME"
        if [ -e "$FILES" ]; then cp -R "$FILES" "` + trees + `/artifacts/$NAME/"; fi
`,
		"github/codeql-action/upload-sarif": `name: upload-sarif (stand-in)
description: lists the SARIF file it would upload
inputs:
  sarif_file: {required: false, default: ""}
  category: {required: false, default: ""}
runs:
  using: composite
  steps:
    - shell: bash
      env:
        FILES: ${{ inputs.sarif_file }}
      run: ls -l $FILES || true
`,
	}
}

// runAct runs one job of a workflow through act on this machine (-P ubuntu-latest=-self-hosted:
// no container), every pinned `uses:` replaced by its stand-in with --local-repository.
func (ls *localServers) runAct(t *testing.T, workflow, jobName, eventName, eventJSON, trees string,
	secrets, env map[string]string) *actJob {
	t.Helper()
	w, err := workflowrun.Load(filepath.Join(repoRoot(), ".github", "workflows", workflow))
	if err != nil {
		t.Fatal(err)
	}
	j := w.Jobs[jobName]
	if j == nil {
		t.Fatalf("%s has no job %s", workflow, jobName)
	}
	tmp := t.TempDir()
	standIns := ls.actions(trees)
	args := []string{eventName, "-W", filepath.Join(trees, "main", ".github", "workflows", workflow), "-j", jobName,
		"-C", filepath.Join(trees, "main"), "-P", "ubuntu-latest=-self-hosted", "--no-skip-checkout",
		"--action-cache-path", filepath.Join(tmp, "act-cache"), "--json"}
	seen := map[string]bool{}
	for _, s := range j.Steps {
		if s.Uses == "" || seen[s.Uses] {
			continue
		}
		seen[s.Uses] = true
		name, sha, _ := strings.Cut(s.Uses, "@")
		body, ok := standIns[name]
		if !ok {
			t.Fatalf("%s: step %q uses %s: no stand-in", workflow, s.Name, s.Uses)
		}
		parts := strings.SplitN(name, "/", 3)
		repo := parts[0] + "/" + parts[1]
		dir := filepath.Join(tmp, "actions", repo)
		writeOut(t, filepath.Join(dir, strings.Join(parts[2:], "/")), "action.yml", body)
		args = append(args, "--local-repository", repo+"@"+sha+"="+dir)
	}
	for k, v := range ls.vars {
		args = append(args, "--var", strings.TrimPrefix(k, "vars.")+"="+v)
	}
	for k, v := range secrets {
		args = append(args, "--secret", k+"="+v)
	}
	for k, v := range env {
		args = append(args, "--env", k+"="+v)
	}
	event := filepath.Join(tmp, "event.json")
	if err := os.WriteFile(event, []byte(eventJSON), 0o600); err != nil {
		t.Fatal(err)
	}
	args = append(args, "-e", event)
	cmd := exec.Command(actBin(t), args...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	runErr := cmd.Run()
	aj := &actJob{log: out.String(), steps: map[string]*actStep{}, took: time.Since(start)}
	if ee, ok := runErr.(*exec.ExitError); ok {
		aj.code = ee.ExitCode()
	} else if runErr != nil {
		t.Fatalf("act: %v", runErr)
	}
	aj.parse(t)
	if out := os.Getenv("WORKFLOWS_LOCAL_OUT"); out != "" {
		writeOut(t, filepath.Join(out, "act"), strings.TrimSuffix(workflow, ".yml")+"-"+time.Now().Format("150405.000")+".jsonl", aj.log)
	}
	return aj
}

// parse reads act's --json log: each step's outputs (::set-output::) and outcome (Success/Failure).
func (aj *actJob) parse(t *testing.T) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(aj.log))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var l struct {
			Msg     string   `json:"msg"`
			Step    string   `json:"step"`
			Stage   string   `json:"stage"`
			Command string   `json:"command"`
			Name    string   `json:"name"`
			Arg     string   `json:"arg"`
			Level   string   `json:"level"`
			StepID  []string `json:"stepID"`
		}
		if json.Unmarshal(sc.Bytes(), &l) != nil || l.Step == "" {
			continue
		}
		s := aj.steps[l.Step]
		if s == nil {
			s = &actStep{name: l.Step, outputs: map[string]string{}}
			aj.steps[l.Step] = s
			aj.order = append(aj.order, l.Step)
		}
		if l.Command == "set-output" {
			s.outputs[l.Name] = l.Arg
		}
		if code, ok := strings.CutPrefix(l.Msg, "exit status "); ok && l.Level == "error" && l.Stage == "Main" {
			s.exit = code
		}
		if l.Stage == "Main" && strings.HasPrefix(l.Msg, "⭐ Run Main ") && len(l.StepID) == 1 {
			aj.ran = append(aj.ran, l.Step)
		}
		if l.Stage == "Main" {
			switch {
			case strings.Contains(l.Msg, "Success - Main"):
				s.outcome = "success"
			case strings.Contains(l.Msg, "Failure - Main"):
				s.outcome = "failure"
			}
		}
	}
}

func (aj *actJob) step(t *testing.T, name string) *actStep {
	t.Helper()
	s := aj.steps[name]
	if s == nil {
		t.Fatalf("act ran no step %q (steps: %s)\n%s", name, strings.Join(aj.order, ", "), aj.tail())
	}
	return s
}

func (aj *actJob) tail() string {
	if len(aj.log) > 6000 {
		return "…" + aj.log[len(aj.log)-6000:]
	}
	return aj.log
}

// TestActWorkflows runs pr-check.yml, apply.yml and drift.yml through act (github.com/nektos/act
// 0.2.89, built by install-tools.sh act) against the same local servers as TestLocalWorkflows,
// one after the other, with its checks: act reads each workflow itself (expressions, if:, env
// layers, GITHUB_OUTPUT/PATH/ENV, the job's if: on the pull request's repository) and runs the job
// on this machine (-P ubuntu-latest=-self-hosted, no Docker). Each pinned `uses:` is a composite
// stand-in given by --local-repository (see actions); repository variables by --var, secrets by
// --secret, the event by -e, the local GitHub API by --env GITHUB_API_URL (act lets --env set
// GITHUB_API_URL, GITHUB_SERVER_URL and GITHUB_GRAPHQL_URL), the stand-in gh's state by --env.
// Step outputs, outcomes and exit statuses are read from act's --json log.
//
//  1. pr-check on a branch that adds a lake with public access: the gate denies it (exit 1), one
//     comment is posted to the local API, Slack hears of it, the job's last step fails with 1;
//     the SARIF is read from the upload-artifact stand-in's copy of reports/.
//  2. apply of main: plan, plangate check, apply; the state lands in the bootstrapped bucket and
//     its S3 lock file was taken and released.
//  3. drift, after versioning is suspended on the raw bucket by hand: exit 2, the tracking issue
//     is opened and Slack gets the payload; a second run on the same drift tells no one.
//
// Not checked here (TestLocalWorkflows checks it): that the backend.hcl pr-check writes sets the
// keys plangate bootstrap's does, since act removes the job's RUNNER_TEMP when the job ends; the
// plans succeeding against the bootstrapped bucket is checked instead.
func TestActWorkflows(t *testing.T) {
	if os.Getenv("WORKFLOWS_LOCAL_OUT") == "" && os.Getenv("TF_ACC") == "" {
		t.Skip("end to end with act, OpenTofu and PostgreSQL: make workflows-local, or TF_ACC=1")
	}
	actBin(t)
	ls := startServers(t)
	trees := t.TempDir()
	main := filepath.Join(trees, "main")
	checkoutTree(t, main, nil)
	// act reads the commit and ref of the repository it runs in (github.sha, github.ref).
	for _, c := range [][]string{{"init", "-q", "-b", "main"}, {"remote", "add", "origin", "https://github.com/nexabrands/supplychain"}, {"add", "-A"},
		{"-c", "user.name=act", "-c", "user.email=act@localhost", "commit", "-q", "-m", "tree"}} {
		if b, err := exec.Command("git", append([]string{"-C", main}, c...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", c[0], err, b)
		}
	}

	ok := t.Run("pr-check", func(t *testing.T) {
		api := githubapitest.New(token)
		defer api.Close()
		slack := newSlack(t)
		checkoutTree(t, filepath.Join(trees, "base"), nil)
		checkoutTree(t, filepath.Join(trees, "pr"), map[string]string{
			"partner_share.tf": filepath.Join(repoRoot(), "tools", "workflowrun", "testdata", "pr-public-bucket", "partner_share.tf"),
		})
		// The checkout stand-in copies the tree named by its ref: base.sha and head.sha name them.
		event := `{"number":7,"pull_request":{"number":7,"base":{"sha":"base","ref":"main"},` +
			`"head":{"sha":"pr","ref":"partner-share","repo":{"full_name":"nexabrands/supplychain"}}}}`
		j := ls.runAct(t, "pr-check.yml", "check", "pull_request", event, trees,
			map[string]string{"PLANGATE_SLACK_WEBHOOK": slack.srv.URL, "GITHUB_TOKEN": token},
			map[string]string{"GITHUB_API_URL": api.URL})
		if j.code == 0 {
			t.Fatalf("act exited 0 on a denied plan:\n%s", j.tail())
		}
		for _, n := range []string{"Plan the base branch", "Plan the pull request", "Comment on the pull request"} {
			if s := j.step(t, n); s.outcome != "success" {
				t.Fatalf("step %q: %s\n%s", n, s.outcome, j.tail())
			}
		}
		if got := j.step(t, "plangate check").outputs["code"]; got != "1" {
			t.Fatalf("plangate check exit %q, want 1 (denied)\n%s", got, j.tail())
		}
		if s := j.step(t, "Fail on the gate"); s.outcome != "failure" || s.exit != "1" {
			t.Fatalf("Fail on the gate: %s, exit %q, want failure with exit status 1\n%s", s.outcome, s.exit, j.tail())
		}
		if last := j.ran[len(j.ran)-1]; last != "Fail on the gate" {
			t.Fatalf("the job's last step: %s, want Fail on the gate (ran: %s)", last, strings.Join(j.ran, ", "))
		}
		checkPRComment(t, api)
		checkSARIF(t, filepath.Join(trees, "artifacts", "plangate-reports", "reports", "plangate.sarif"))
		if n := slack.count(); n != 1 {
			t.Fatalf("Slack got %d messages for the failed gate, want 1", n)
		}
		if strings.Contains(j.log, token) || strings.Contains(j.log, slack.srv.URL) {
			t.Fatal("act's log shows a secret")
		}
		t.Logf("pr-check through act: %v", j.took.Round(100*time.Millisecond))
	})
	if !ok {
		return
	}

	ok = t.Run("apply", func(t *testing.T) {
		j := ls.runAct(t, "apply.yml", "apply", "push", `{"ref":"refs/heads/main"}`, trees, nil, nil)
		if j.code != 0 {
			t.Fatalf("act exited %d:\n%s", j.code, j.tail())
		}
		for _, n := range []string{"terraform plan", "plangate check (the plan that will be applied)", "terraform apply"} {
			if s := j.step(t, n); s.outcome != "success" {
				t.Fatalf("step %q: %s\n%s", n, s.outcome, j.tail())
			}
		}
		if !strings.Contains(j.log, "Apply complete!") {
			t.Fatalf("no Apply complete! in act's log:\n%s", j.tail())
		}
		ls.checkStateApplied(t)
		t.Logf("apply through act: %v", j.took.Round(100*time.Millisecond))
	})
	if !ok {
		return
	}

	t.Run("drift", func(t *testing.T) {
		ls.suspendRawVersioning(t)
		slack := newSlack(t)
		ghState := t.TempDir()
		for i, want := range []struct{ new, slack string }{{"true", "1"}, {"false", "1"}} {
			j := ls.runAct(t, "drift.yml", "drift", "workflow_dispatch", `{}`, trees,
				map[string]string{"PLANGATE_SLACK_WEBHOOK": slack.srv.URL, "GITHUB_TOKEN": token},
				map[string]string{"FAKE_GH_STATE": ghState})
			if j.code == 0 {
				t.Fatalf("run %d: act exited 0 on drift:\n%s", i+1, j.tail())
			}
			if s := j.step(t, "Refresh-only plan"); s.outcome != "success" {
				t.Fatalf("run %d: refresh-only plan: %s\n%s", i+1, s.outcome, j.tail())
			}
			if got := j.step(t, "plangate drift").outputs["code"]; got != "2" {
				t.Fatalf("run %d: plangate drift exit %q, want 2\n%s", i+1, got, j.tail())
			}
			if got := j.step(t, "Is the drift new?").outputs["new"]; got != want.new {
				t.Fatalf("run %d: new drift %q, want %s\n%s", i+1, got, want.new, j.tail())
			}
			if got := fmt.Sprint(slack.count()); got != want.slack {
				t.Fatalf("run %d: Slack got %s messages in all, want %s", i+1, got, want.slack)
			}
			if last := j.ran[len(j.ran)-1]; last != "Fail on drift" {
				t.Fatalf("run %d: the job's last step: %s, want Fail on drift (ran: %s)", i+1, last, strings.Join(j.ran, ", "))
			}
			if s := j.step(t, "Fail on drift"); s.outcome != "failure" || s.exit != "2" {
				t.Fatalf("run %d: Fail on drift: %s, exit %q, want failure with exit status 2\n%s", i+1, s.outcome, s.exit, j.tail())
			}
			var issues []struct{ Number int }
			raw, err := os.ReadFile(filepath.Join(ghState, "issues.json"))
			if err != nil || json.Unmarshal(raw, &issues) != nil || len(issues) != 1 {
				t.Fatalf("run %d: open drift issues %s (%v), want 1", i+1, raw, err)
			}
			if strings.Contains(j.log, token) || strings.Contains(j.log, slack.srv.URL) {
				t.Fatalf("run %d: act's log shows a secret", i+1)
			}
			if i == 0 && !strings.Contains(slack.payloads[0], rawBucket) && !strings.Contains(slack.payloads[0], "supplychain_data_lake.main") {
				t.Fatalf("the Slack payload does not name the drifted lake: %s", slack.payloads[0])
			}
			t.Logf("drift run %d through act: %v", i+1, j.took.Round(100*time.Millisecond))
		}
	})
}
