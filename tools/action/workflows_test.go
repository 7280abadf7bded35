package action

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// workflow is the part of a workflow file these checks read.
type workflow struct {
	Permissions any `yaml:"permissions"`
	Jobs        map[string]struct {
		Permissions any `yaml:"permissions"`
		Steps       []struct {
			Uses string `yaml:"uses"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

var pinned = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$`)

// TestWorkflowsPinAndLimit: every workflow (the project's and the copies users take) pins each
// action by a full commit SHA, and sets permissions at the top and on every job that asks for
// more than the top grants. actionlint (make lint) checks the rest.
func TestWorkflowsPinAndLimit(t *testing.T) {
	var files []string
	for _, dir := range []string{".github/workflows", "examples/workflows"} {
		m, err := filepath.Glob(filepath.Join(root(), dir, "*.yml"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 7 {
		t.Fatalf("found %d workflows, want ci, release and pr-check/apply/drift twice", len(files))
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var w workflow
		if err := yaml.Unmarshal(raw, &w); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		name := strings.TrimPrefix(f, root()+"/")
		if w.Permissions == nil {
			t.Errorf("%s: no top-level permissions", name)
		}
		for job, j := range w.Jobs {
			if j.Permissions == nil && w.Permissions != nil {
				if m, ok := w.Permissions.(map[string]any); ok && len(m) == 0 {
					t.Errorf("%s: job %s has no permissions under an empty top-level set", name, job)
				}
			}
			for _, s := range j.Steps {
				if s.Uses == "" || strings.HasPrefix(s.Uses, "./") {
					continue
				}
				if !pinned.MatchString(s.Uses) {
					t.Errorf("%s: job %s uses %q, not pinned by a full commit SHA", name, job, s.Uses)
				}
			}
		}
	}
}

// cronField expands one field of a cron line (N, *, A-B, A-B/S, */S, lists of them) to the
// values in [lo, hi] it matches.
func cronField(t *testing.T, f string, lo, hi int) []int {
	t.Helper()
	var out []int
	for _, part := range strings.Split(f, ",") {
		rng, step := part, 1
		if r, s, ok := strings.Cut(part, "/"); ok {
			rng = r
			if _, err := fmt.Sscanf(s, "%d", &step); err != nil || step < 1 {
				t.Fatalf("cron field %q: bad step", f)
			}
		}
		from, to := lo, hi
		switch {
		case rng == "*":
		case strings.Contains(rng, "-"):
			if _, err := fmt.Sscanf(rng, "%d-%d", &from, &to); err != nil {
				t.Fatalf("cron field %q: %v", f, err)
			}
		default:
			if _, err := fmt.Sscanf(rng, "%d", &from); err != nil {
				t.Fatalf("cron field %q: %v", f, err)
			}
			to = from
			if step > 1 { // N/S means N-hi/S
				to = hi
			}
		}
		for v := from; v <= to; v += step {
			out = append(out, v)
		}
	}
	return out
}

// TestDriftScheduleEvery45Minutes: the drift workflows' cron lines (minute and hour fields; the
// rest must be *) fire every 45 minutes all day, across midnight too: the cadence their comment
// documents, which `*/45` would not give (it fires at :00 and :45).
func TestDriftScheduleEvery45Minutes(t *testing.T) {
	for _, f := range []string{".github/workflows/drift.yml", "examples/workflows/drift.yml"} {
		raw, err := os.ReadFile(filepath.Join(root(), f))
		if err != nil {
			t.Fatal(err)
		}
		var w struct {
			On struct {
				Schedule []struct {
					Cron string `yaml:"cron"`
				} `yaml:"schedule"`
			} `yaml:"on"`
		}
		if err := yaml.Unmarshal(raw, &w); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !strings.Contains(string(raw), "every 45 minutes") {
			t.Fatalf("%s: its comment no longer documents the 45-minute cadence this test checks", f)
		}
		fires := map[int]bool{} // minute of the day
		for _, s := range w.On.Schedule {
			fields := strings.Fields(s.Cron)
			if len(fields) != 5 || fields[2] != "*" || fields[3] != "*" || fields[4] != "*" {
				t.Fatalf("%s: cron %q: want minute and hour fields only", f, s.Cron)
			}
			for _, h := range cronField(t, fields[1], 0, 23) {
				for _, m := range cronField(t, fields[0], 0, 59) {
					fires[h*60+m] = true
				}
			}
		}
		var day []int
		for m := range fires {
			day = append(day, m)
		}
		sort.Ints(day)
		if len(day) != 24*60/45 {
			t.Fatalf("%s: %d runs a day, want %d: %v", f, len(day), 24*60/45, day)
		}
		for i, m := range day {
			next := day[(i+1)%len(day)]
			if i == len(day)-1 {
				next += 24 * 60 // the first run of the next day
			}
			if next-m != 45 {
				t.Fatalf("%s: a run at %02d:%02d is followed %d minutes later, want 45", f, m/60, m%60, next-m)
			}
		}
	}
}

// TestExampleWorkflowsMatchTheProjects: the copies users take (examples/workflows) are the
// project's own pr-check, apply and drift (which make workflows-local runs) step for step, but for
// how plangate gets on PATH: the examples install a release with the action, the project builds it
// from source. So what runs locally is what users copy.
func TestExampleWorkflowsMatchTheProjects(t *testing.T) {
	type step struct {
		Name string            `yaml:"name"`
		Uses string            `yaml:"uses"`
		Run  string            `yaml:"run"`
		If   string            `yaml:"if"`
		Env  map[string]string `yaml:"env"`
		With map[string]any    `yaml:"with"`
		Dir  string            `yaml:"working-directory"`
	}
	type wf struct {
		On   any               `yaml:"on"`
		Env  map[string]string `yaml:"env"`
		Jobs map[string]struct {
			If          string `yaml:"if"`
			Permissions any    `yaml:"permissions"`
			Steps       []step `yaml:"steps"`
		} `yaml:"jobs"`
	}
	load := func(path string) wf {
		raw, err := os.ReadFile(filepath.Join(root(), path))
		if err != nil {
			t.Fatal(err)
		}
		var w wf
		if err := yaml.Unmarshal(raw, &w); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return w
	}
	installOnly := map[string]bool{"Set up Go": true, "Install plangate": true}
	for _, name := range []string{"pr-check.yml", "apply.yml", "drift.yml"} {
		own, ex := load(".github/workflows/"+name), load("examples/workflows/"+name)
		if fmt.Sprint(own.On) != fmt.Sprint(ex.On) || fmt.Sprint(own.Env) != fmt.Sprint(ex.Env) || len(own.Jobs) != len(ex.Jobs) {
			t.Errorf("%s: triggers, env or jobs differ between the copies", name)
		}
		for jn, oj := range own.Jobs {
			ej, ok := ex.Jobs[jn]
			if !ok || oj.If != ej.If || fmt.Sprint(oj.Permissions) != fmt.Sprint(ej.Permissions) {
				t.Errorf("%s: job %s differs (if, permissions) or is missing from the example", name, jn)
				continue
			}
			keep := func(ss []step) []step {
				var out []step
				for _, s := range ss {
					if !installOnly[s.Name] && !strings.HasPrefix(s.Name, "Build plangate") {
						out = append(out, s)
					}
				}
				return out
			}
			ownSteps, exSteps := keep(oj.Steps), keep(ej.Steps)
			if len(ownSteps) != len(exSteps) {
				t.Errorf("%s: job %s: %d steps besides plangate's install, the example has %d", name, jn, len(ownSteps), len(exSteps))
				continue
			}
			for i := range ownSteps {
				if fmt.Sprintf("%+v", ownSteps[i]) != fmt.Sprintf("%+v", exSteps[i]) {
					t.Errorf("%s: job %s: step %d differs:\n  project: %+v\n  example: %+v", name, jn, i, ownSteps[i], exSteps[i])
				}
			}
		}
	}
}
