package policy

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/policy/internal/plangen"
	"github.com/nexabrands/supplychain/policy/plan"
)

// updateGolden rewrites testdata/findings from the current code: only ever run on a commit whose
// findings are known good, and review the diff.
var updateGolden = flag.Bool("update-findings", false, "rewrite testdata/findings/*.txt from the current code")

// goldenFixtureDirs are the plan fixtures of the repository the finding sets are pinned on.
var goldenFixtureDirs = []string{
	"plan/testdata/plans",
	"drift/testdata/plans",
	"cost/testdata/plans",
	"cost/testdata/plans/real",
	"../tools/plangate/testdata",
}

// goldenGenerated are the generated plans the finding sets are pinned on.
func goldenGenerated(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{
		"generated-600.json":  plangen.Generate(600),
		"generated-2000.json": plangen.Generate(2000),
	}
	srcs, _, err := plangen.Sources(realSourceGlobs, acceptSource)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{600, 2000} {
		b, _, err := plangen.Repeat(srcs, n)
		if err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprintf("repeated-real-%d.json", n)] = b
	}
	return out
}

// realSourceGlobs are the repository's real plans (the shared corpus's fixtures here and the
// Nexabrands stack's) that the repeating generator copies.
var realSourceGlobs = []string{"plan/testdata/plans/*.json", "cost/testdata/plans/nexabrands_*.json"}

// acceptSource keeps the plans the reader accepts, written as UTF-8 JSON.
func acceptSource(name string, data []byte) bool {
	if !json.Valid(data) {
		return false
	}
	_, err := plan.Parse(name, data)
	return err == nil
}

// TestRepeatRealPlans checks the repeating generator: the plan it writes is read, has the
// changes it says, and every copy of a source holds the source's resources.
func TestRepeatRealPlans(t *testing.T) {
	srcs, names, err := plangen.Sources(realSourceGlobs, acceptSource)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) < 10 {
		t.Fatalf("only %d source plans: %v", len(srcs), names)
	}
	var perCopy []int
	for _, b := range srcs {
		p, err := plan.Parse("src.json", b)
		if err != nil {
			t.Fatal(err)
		}
		perCopy = append(perCopy, len(p.Resources))
	}
	data, n, err := plangen.Repeat(srcs, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if n < 1000 {
		t.Fatalf("Repeat(1000) made %d changes", n)
	}
	p, err := plan.Parse("repeated.json", data)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range p.Resources {
		inst, _, _ := strings.Cut(r.Address, "].")
		count[inst+"]"]++
	}
	for inst, got := range count {
		var si, k int
		if _, err := fmt.Sscanf(inst, `module.s%d["c%d"]`, &si, &k); err != nil {
			t.Fatalf("resource outside a copy: %s", inst)
		}
		if got != perCopy[si] {
			t.Errorf("%s holds %d resources, its source %s %d", inst, got, names[si], perCopy[si])
		}
	}
}

// TestFindingsGolden pins the finding sets (every rule, status, decision, address and message,
// passes included) of every fixture plan and of generated plans, with every built-in rule and
// with the seed's conftest-style rules alone: a change made for speed must not change a finding.
// The golden files were written by the code before the speed work (`-update-findings`).
func TestFindingsGolden(t *testing.T) {
	seed, err := LoadUserPolicies(context.Background(), []string{"testdata/conftest"}, []string{"main"})
	if err != nil {
		t.Fatal(err)
	}
	inputs := map[string][]byte{}
	for _, dir := range goldenFixtureDirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no plans in %s", dir)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			name := strings.NewReplacer("../", "", "/", "__").Replace(f)
			inputs[name] = b
		}
	}
	for name, b := range goldenGenerated(t) {
		inputs[name] = b
	}
	if len(inputs) < 30 {
		t.Fatalf("only %d plans found", len(inputs))
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			got := findingSet(t, name, data, CheckOptions{}) +
				"--- seed rules (--no-builtin)\n" +
				findingSet(t, name, data, CheckOptions{User: seed, NoBuiltin: true})
			path := filepath.Join("testdata", "findings", strings.TrimSuffix(name, ".json")+".txt")
			if *updateGolden {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (write the golden files with -update-findings on a known-good commit)", err)
			}
			if got != string(want) {
				t.Errorf("finding set of %s differs from %s:\n%s", name, path, lineDiff(string(want), got))
			}
		})
	}
}

// findingSet is one line per finding, sorted, or the error class when the plan is refused.
func findingSet(t *testing.T, name string, data []byte, opts CheckOptions) string {
	t.Helper()
	p, err := plan.ParseWith(name, data, PlanOptions(opts))
	if err != nil {
		return "refused: " + fmt.Sprintf("%T", err) + "\n"
	}
	res, err := Check(context.Background(), p, opts)
	if err != nil {
		return "check error: " + err.Error() + "\n"
	}
	lines := make([]string, 0, len(res.Findings))
	for _, f := range res.Findings {
		lines = append(lines, strings.Join([]string{f.RuleID, string(f.Status), string(f.Decision), f.Address, f.ResourceType, f.Message}, "\t"))
	}
	sort.Strings(lines)
	return fmt.Sprintf("resources %d, findings %d, deny %d, warn %d\n", res.Plan.Resources, len(lines), res.Summary.Deny, res.Summary.Warn) +
		strings.Join(lines, "\n") + "\n"
}

// lineDiff lists the lines only one side has (at most 40).
func lineDiff(want, got string) string {
	count := map[string]int{}
	for _, l := range strings.Split(want, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(got, "\n") {
		count[l]--
	}
	var out []string
	for l, n := range count {
		switch {
		case n > 0:
			out = append(out, "- "+l)
		case n < 0:
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	if len(out) > 40 {
		out = append(out[:40], fmt.Sprintf("… %d more", len(out)-40))
	}
	return strings.Join(out, "\n")
}
