package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInvalidPlansNeverPass: input that a reader could take for a passing plan while it is not
// one (two plans in one file, a key given twice or in another case, a plan Terraform marks
// errored or incomplete, a change of a shape Terraform never writes) is an invalid plan, exit
// 12, never a pass. Each input is built from a plan that passes as it is.
func TestInvalidPlansNeverPass(t *testing.T) {
	clean := filepath.Join(plans, "hashicorp__terraform__testing__equivalence-tests__outputs__drift_refresh_only__plan.json")
	raw, err := os.ReadFile(clean)
	if err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := plangate(t, nil, "check", clean); code != 0 {
		t.Fatalf("the base plan must pass as it is: exit %d (%s)", code, stderr)
	}
	edit := func(old, repl string) string {
		if !strings.Contains(string(raw), old) {
			t.Fatalf("the base plan lacks %q", old)
		}
		return strings.Replace(string(raw), old, repl, 1)
	}
	glue := func(change string) string {
		return `{"format_version":"1.2","resource_changes":[{"address":"aws_glue_job.j","mode":"managed","type":"aws_glue_job","name":"j","change":` + change + `}]}`
	}
	cases := []struct {
		name, plan, stderr string
	}{
		{"two plans in one file", string(raw) + string(raw), "second JSON value"},
		{"duplicate key", edit(`"errored": false`, `"errored": false, "errored": false`), "duplicate key"},
		{"key in another case", edit(`"errored": false`, `"errored": false, "Resource_Changes": []`), "Resource_Changes"},
		{"errored", edit(`"errored": false`, `"errored": true`), "errored"},
		{"not complete", edit(`"complete": true`, `"complete": false`), "complete"},
		{"change null", glue(`null`), "change"},
		{"after a string", glue(`{"actions":["create"],"before":null,"after":"x"}`), "after"},
		{"after null on create", glue(`{"actions":["create"],"before":null,"after":null}`), "after"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := plangate(t, nil, "check", writeFile(t, "plan.json", c.plan))
			if code != exitBadPlan {
				t.Errorf("exit %d, want %d (stderr %q)", code, exitBadPlan, stderr)
			}
			if !strings.Contains(stderr, "plan.json") || !strings.Contains(stderr, c.stderr) {
				t.Errorf("stderr %q should name the file and mention %q", stderr, c.stderr)
			}
		})
	}
	// A Glue job without a security configuration whose values the plan hides as a whole is
	// still judged, and denied.
	hidden := glue(`{"actions":["create"],"before":null,"after":{"name":"clean-orders","security_configuration":null},"after_unknown":{},"after_sensitive":true}`)
	if code, _, stderr := plangate(t, nil, "check", writeFile(t, "plan.json", hidden)); code != exitDenied {
		t.Errorf("hidden Glue job without a security configuration: exit %d, want %d (%s)", code, exitDenied, stderr)
	}
}
