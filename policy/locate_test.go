package policy

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSourceProblemsAreNoticed: a --source directory that cannot be read is reported in the
// result's notices (every report prints them), not swallowed; the verdict is the same.
func TestSourceProblemsAreNoticed(t *testing.T) {
	p := readPlan(t, "supplychain_pipeline.json")
	missing := filepath.Join(t.TempDir(), "no-such-dir")
	res := check(t, p, CheckOptions{SourceDir: missing})
	found := false
	for _, n := range res.Notices {
		found = found || strings.Contains(n, "no-such-dir") && strings.Contains(n, "--source")
	}
	if !found {
		t.Errorf("notices %q should report the unreadable --source directory", res.Notices)
	}
	plain := check(t, p, CheckOptions{})
	if res.Denied() != plain.Denied() || res.Summary != plain.Summary {
		t.Errorf("locating findings changed the verdict: %+v vs %+v", res.Summary, plain.Summary)
	}
	// A readable tree adds no notice and locates findings.
	ok := check(t, p, CheckOptions{SourceDir: "plan/testdata/src"})
	for _, n := range ok.Notices {
		if strings.Contains(n, "--source") {
			t.Errorf("unexpected notice %q", n)
		}
	}
}
