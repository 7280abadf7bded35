package action

import (
	"os"
	"path/filepath"
	"regexp"
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
