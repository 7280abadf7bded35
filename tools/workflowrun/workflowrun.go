// Package workflowrun runs the `run:` steps of a GitHub Actions workflow's job on this machine,
// in order, with the workflow's, the job's and the step's environment, as a runner would
// (bash --noprofile --norc -eo pipefail, GITHUB_OUTPUT / GITHUB_PATH / GITHUB_STEP_SUMMARY files,
// step outputs and outcomes). TestLocalWorkflows runs pr-check, apply and drift with it.
// TestActWorkflows runs the same three a second time through act (github.com/nektos/act,
// `install-tools.sh act`), on this machine with no container (-P ubuntu-latest=-self-hosted),
// each pinned `uses:` action replaced by a composite stand-in (--local-repository).
//
// It is deliberately small: expressions are evaluated only in env values and working-directory,
// and only references (vars.X, secrets.X, env.X, steps.ID.outputs.X, steps.ID.outcome,
// github.X, runner.X), quoted literals and `||`; anything else is an error, never a guess.
// `uses:` steps and `if:` conditions are not run or evaluated: the caller names the steps to run
// and does the work of the actions itself (checkout, credentials, uploads).
package workflowrun

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
)

// Workflow is the part of a workflow file the runner reads.
type Workflow struct {
	Name string            `yaml:"name"`
	Env  map[string]string `yaml:"env"`
	Jobs map[string]*Job   `yaml:"jobs"`
}

// Job is one job.
type Job struct {
	Env   map[string]string `yaml:"env"`
	Steps []*Step           `yaml:"steps"`
}

// Step is one step.
type Step struct {
	ID               string            `yaml:"id"`
	Name             string            `yaml:"name"`
	Uses             string            `yaml:"uses"`
	Run              string            `yaml:"run"`
	If               string            `yaml:"if"`
	Env              map[string]string `yaml:"env"`
	WorkingDirectory string            `yaml:"working-directory"`
}

// Load reads a workflow file.
func Load(path string) (*Workflow, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading workflow %s: %w", path, err)
	}
	var w Workflow
	if err := yaml.Unmarshal(raw, &w); err != nil {
		return nil, fmt.Errorf("reading workflow %s: %w", path, err)
	}
	return &w, nil
}

// Runner holds one job's run.
type Runner struct {
	Workflow *Workflow
	Job      *Job
	// Workspace is GITHUB_WORKSPACE, the directory steps start in.
	Workspace string
	// Temp is RUNNER_TEMP.
	Temp string
	// Context holds the values of references: "vars.X", "secrets.X", "github.token",
	// "github.repository", "github.run_id", ... Steps add "steps.ID.outputs.X" and
	// "steps.ID.outcome".
	Context map[string]string
	// Env is the process environment steps start from (PATH, HOME, GITHUB_*).
	Env map[string]string
	// Path is prepended to PATH (GITHUB_PATH adds to it).
	Path []string
}

// Result is what one step did.
type Result struct {
	Step     string
	Code     int
	Stdout   string
	Stderr   string
	Duration time.Duration
}

// Find returns the job's step named name.
func (j *Job) Find(name string) (*Step, error) {
	for _, s := range j.Steps {
		if s.Name == name {
			return s, nil
		}
	}
	return nil, fmt.Errorf("no step named %q", name)
}

var expr = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)
var ref = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$`)

// Eval evaluates the ${{ }} expressions in s.
func (r *Runner) Eval(s string, env map[string]string) (string, error) {
	var firstErr error
	out := expr.ReplaceAllStringFunc(s, func(m string) string {
		inner := expr.FindStringSubmatch(m)[1]
		v, err := r.eval(inner, env)
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("expression %q: %w", m, err)
		}
		return v
	})
	return out, firstErr
}

func (r *Runner) eval(e string, env map[string]string) (string, error) {
	for _, part := range strings.Split(e, "||") {
		p := strings.TrimSpace(part)
		var v string
		switch {
		case len(p) >= 2 && p[0] == '\'' && p[len(p)-1] == '\'':
			v = strings.ReplaceAll(p[1:len(p)-1], "''", "'")
		case ref.MatchString(p) && strings.HasPrefix(p, "env."):
			v = env[strings.TrimPrefix(p, "env.")]
		case ref.MatchString(p):
			v = r.Context[p]
		default:
			return "", errors.New("only references, quoted literals and || are supported")
		}
		if v != "" {
			return v, nil
		}
	}
	return "", nil
}

// RunStep runs one `run:` step and records its outputs and outcome in Context.
func (r *Runner) RunStep(ctx context.Context, s *Step) (Result, error) {
	if s.Run == "" {
		return Result{}, fmt.Errorf("step %q has no run script (uses: %s)", s.Name, s.Uses)
	}
	if expr.MatchString(s.Run) {
		return Result{}, fmt.Errorf("step %q expands an expression in its script: pass it through env", s.Name)
	}
	env := map[string]string{}
	for k, v := range r.Env {
		env[k] = v
	}
	for _, layer := range []map[string]string{r.Workflow.Env, r.Job.Env, s.Env} {
		for k, v := range layer {
			ev, err := r.Eval(v, env)
			if err != nil {
				return Result{}, fmt.Errorf("step %q, env %s: %w", s.Name, k, err)
			}
			env[k] = ev
		}
	}
	dir := r.Workspace
	if s.WorkingDirectory != "" {
		wd, err := r.Eval(s.WorkingDirectory, env)
		if err != nil {
			return Result{}, fmt.Errorf("step %q, working-directory: %w", s.Name, err)
		}
		dir = filepath.Join(r.Workspace, wd)
	}
	files := map[string]string{}
	for _, k := range []string{"GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_ENV"} {
		f, err := os.CreateTemp(r.Temp, strings.ToLower(k)+"-*")
		if err != nil {
			return Result{}, err
		}
		f.Close()
		files[k] = f.Name()
		env[k] = f.Name()
	}
	if env["GITHUB_STEP_SUMMARY"] == "" {
		env["GITHUB_STEP_SUMMARY"] = filepath.Join(r.Temp, "step-summary.md")
	}
	env["GITHUB_WORKSPACE"] = r.Workspace
	env["RUNNER_TEMP"] = r.Temp
	env["PATH"] = strings.Join(append(append([]string{}, r.Path...), env["PATH"]), string(os.PathListSeparator))
	script, err := os.CreateTemp(r.Temp, "step-*.sh")
	if err != nil {
		return Result{}, err
	}
	if _, err := script.WriteString(s.Run); err != nil {
		return Result{}, err
	}
	script.Close()
	cmd := exec.CommandContext(ctx, "bash", "--noprofile", "--norc", "-eo", "pipefail", script.Name())
	cmd.Dir = dir
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	runErr := cmd.Run()
	res := Result{Step: s.Name, Stdout: out.String(), Stderr: errb.String(), Duration: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case errors.As(runErr, &ee):
		res.Code = ee.ExitCode()
	case runErr != nil:
		return res, fmt.Errorf("step %q: %w", s.Name, runErr)
	}
	outcome := "success"
	if res.Code != 0 {
		outcome = "failure"
	}
	if s.ID != "" {
		r.Context["steps."+s.ID+".outcome"] = outcome
		outs, err := readKV(files["GITHUB_OUTPUT"])
		if err != nil {
			return res, err
		}
		for k, v := range outs {
			r.Context["steps."+s.ID+".outputs."+k] = v
		}
	}
	paths, err := os.ReadFile(files["GITHUB_PATH"])
	if err != nil {
		return res, err
	}
	for _, p := range strings.Fields(string(paths)) {
		r.Path = append([]string{p}, r.Path...)
	}
	return res, nil
}

// readKV reads a GITHUB_OUTPUT file: key=value lines (the heredoc form key<<EOF is refused).
func readKV(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s: line %q is not key=value", path, line)
		}
		out[k] = v
	}
	return out, sc.Err()
}
