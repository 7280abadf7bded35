package policy

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/policy/plan"
)

// demandPaths lists what a demand reads, one path a line, "(whole)" where all below is read.
func demandPaths(d *demand) []string {
	var out []string
	var walk func(d *demand, at string)
	walk = func(d *demand, at string) {
		switch {
		case d.whole:
			out = append(out, at+" (whole)")
			return
		case d.every == nil && len(d.keys) == 0:
			out = append(out, at)
		}
		if d.every != nil {
			walk(d.every, at+"[*]")
		}
		for k, c := range d.keys {
			walk(c, at+"."+k)
		}
	}
	walk(d, "input")
	sort.Strings(out)
	return out
}

func loadPolicy(t *testing.T, src string) *UserPolicies {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p.rego"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	up, err := LoadUserPolicies(context.Background(), []string{dir}, []string{"main"})
	if err != nil {
		t.Fatal(err)
	}
	return up
}

// TestSeedDemand: the seed's rules read a change's address, type and actions and five attributes
// of its after value, nothing else.
func TestSeedDemand(t *testing.T) {
	up, err := LoadUserPolicies(context.Background(), []string{"testdata/conftest"}, []string{"main"})
	if err != nil {
		t.Fatal(err)
	}
	if up.demand == nil {
		t.Fatal("the seed's rules read the whole input")
	}
	got := strings.Join(demandPaths(up.demand), "\n")
	want := strings.Join([]string{
		"input.resource_changes[*].address (whole)",
		"input.resource_changes[*].change.actions[*] (whole)",
		"input.resource_changes[*].change.after.bucket (whole)",
		"input.resource_changes[*].change.after.max_retries (whole)",
		"input.resource_changes[*].change.after.number_of_workers (whole)",
		"input.resource_changes[*].change.after.timeout (whole)",
		"input.resource_changes[*].change.after.worker_type (whole)",
		"input.resource_changes[*].type (whole)",
	}, "\n")
	if got != want {
		t.Errorf("demand:\n%s\nwant:\n%s", got, want)
	}
	if up.readsStateValues() {
		t.Error("the seed's rules do not read planned_values or prior_state")
	}
}

// TestDemandReadsWhole: uses the analysis cannot follow read the value whole, and uses that could
// observe any part of the input turn pruning off.
func TestDemandReadsWhole(t *testing.T) {
	const head = "package main\n\n"
	for _, c := range []struct {
		name, src string
		want      []string // nil: the whole input
	}{
		{"input bound", `deny contains "x" if { doc := input; count(doc.planned_values) > 0 }`,
			[]string{"input.planned_values (whole)"}},
		{"input marshalled", `deny contains "x" if { count(json.marshal(input)) > 0 }`, nil},
		{"input passed on", `deny contains "x" if { walk(input, [p, v]); v == "secret" }`, nil},
		{"with", `deny contains "x" if { r with input as {} }
r if { input.a }`, nil},
		{"prefix of rules", `deny contains "x" if { count(data.main.s) > 0 }
s.t contains rc if { some rc in input.resource_changes }`, nil},
		{"count of a helper set", `deny contains "x" if { count(s) > 1 }
s contains rc if { some rc in input.resource_changes; rc.type == "a" }`,
			[]string{"input.resource_changes[*] (whole)"}},
		{"builtin on a change", `deny contains "x" if { some rc in input.resource_changes; count(object.keys(rc.change.after)) > 3 }`,
			[]string{"input.resource_changes[*].change.after (whole)"}},
		{"change printed whole", `deny contains msg if { some rc in input.resource_changes; msg := sprintf("%v", [rc]) }`,
			[]string{"input.resource_changes[*] (whole)"}},
		{"change reported", `deny contains rc if { some rc in input.resource_changes }`,
			[]string{"input.resource_changes[*] (whole)"}},
		{"two changes compared", `deny contains "x" if { some a in input.resource_changes; some b in input.resource_changes; a == b }`,
			[]string{"input.resource_changes[*] (whole)"}},
		{"function with a repeated parameter", `deny contains "x" if { some a in input.resource_changes; some b in input.resource_changes; same(a, b) }
same(x, x) := true`,
			[]string{"input.resource_changes[*] (whole)"}},
		{"key iteration", `deny contains k if { some rc in input.resource_changes; rc.change.after[k] == "x" }`,
			[]string{"input.resource_changes[*].change.after[*] (whole)"}},
		{"comprehension", `deny contains "x" if { n := count([rc | some rc in input.resource_changes; rc.type == "a"]); n > 1 }`,
			[]string{"input.resource_changes[*] (whole)"}},
		{"function returning a part", `deny contains "x" if { some rc in input.resource_changes; after(rc).bucket == "b" }
after(rc) := rc.change.after`,
			[]string{"input.resource_changes[*].change.after (whole)"}},
		{"membership", `deny contains "x" if { some rc in input.resource_changes; rc in s }
s contains rc if { some rc in input.resource_changes; rc.type == "a" }`,
			[]string{"input.resource_changes[*] (whole)"}},
		{"followed through a function", `deny contains rc.address if { some rc in input.resource_changes; big(rc) }
big(x) if { x.change.after.size > 10 }`,
			[]string{"input.resource_changes[*].address (whole)", "input.resource_changes[*].change.after.size (whole)"}},
		{"existence", `deny contains "x" if { some rc in input.resource_changes; rc.change.after.tags }`,
			[]string{"input.resource_changes[*].change.after.tags (whole)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			up := loadPolicy(t, head+c.src+"\n")
			if c.want == nil {
				if up.demand != nil {
					t.Errorf("want the whole input, got %v", demandPaths(up.demand))
				}
				return
			}
			if up.demand == nil {
				t.Fatalf("want %v, got the whole input", c.want)
			}
			if got := demandPaths(up.demand); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

// TestPrunedDocumentAgrees judges every fixture plan with policies whose reads the analysis
// follows (through helper sets, functions, existence checks and iteration over keys) twice:
// with the document pruned to what they read and with the whole document. The findings must
// be the same.
func TestPrunedDocumentAgrees(t *testing.T) {
	const src = `package main

changed(rc) if {
	some a in rc.change.actions
	a in {"create", "update"}
}

buckets contains rc if {
	some rc in input.resource_changes
	rc.type == "aws_s3_bucket"
}

deny contains msg if {
	some rc in buckets
	changed(rc)
	not rc.change.after.tags.owner
	msg := sprintf("%s: no owner tag", [rc.address])
}

warn contains {"msg": msg, "address": rc.address} if {
	some rc in input.resource_changes
	some k, v in rc.change.after
	is_string(v)
	contains(v, "arn:")
	msg := sprintf("%s: %s holds an ARN", [rc.address, k])
}

warn contains msg if {
	some i
	rc := input.resource_changes[i]
	rc.change.after_unknown.arn
	msg := sprintf("%d %s: arn unknown", [i, rc.address])
}
`
	up := loadPolicy(t, src)
	if up.demand == nil {
		t.Fatal("the analysis gave up on these policies")
	}
	whole := *up
	whole.demand = nil
	plans, err := filepath.Glob("plan/testdata/plans/*.json")
	if err != nil || len(plans) == 0 {
		t.Fatal(plans, err)
	}
	more, _ := filepath.Glob("cost/testdata/plans/*.json")
	found := 0
	for _, f := range append(plans, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got := findingSet(t, f, data, CheckOptions{User: up, NoBuiltin: true})
		want := findingSet(t, f, data, CheckOptions{User: &whole, NoBuiltin: true})
		if got != want {
			t.Errorf("%s: pruned and whole documents differ:\n%s", f, lineDiff(want, got))
		}
		found += strings.Count(got, "\n") - 1
	}
	t.Logf("%d findings; read: %v", found, demandPaths(up.demand))
	if found == 0 {
		t.Error("no plan gave a finding: the comparison compares nothing")
	}
}

// TestDemandConvert: converting the document with the demand gives the value of the pruned
// document, on every fixture plan.
func TestDemandConvert(t *testing.T) {
	up := loadPolicy(t, `package main

deny contains rc.address if {
	some rc in input.resource_changes
	rc.change.after.tags.owner == "x"
	rc.change.before.acl
}

warn contains k if {
	some k, _ in input.variables
}
`)
	if up.demand == nil {
		t.Fatal("the analysis gave up on this policy")
	}
	plans, _ := filepath.Glob("plan/testdata/plans/*.json")
	for _, f := range plans {
		p, err := plan.ReadFile(f)
		if err != nil {
			continue
		}
		want, err := toValue(up.document(p))
		if err != nil {
			t.Fatal(err)
		}
		got, err := up.documentValue(p)
		if err != nil {
			t.Fatal(err)
		}
		if want.Compare(got) != 0 {
			t.Errorf("%s: the converted document differs from the pruned one", f)
		}
	}
}
