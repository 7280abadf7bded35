package policy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// userPolicy writes one Rego file into a new policy directory and loads it.
func userPolicy(t *testing.T, src string) (*UserPolicies, error) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p.rego"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return LoadUserPolicies(context.Background(), []string{dir}, []string{"main"})
}

// TestStrictBuiltinErrors: a user rule whose body fails (division by zero) is a policy error,
// not an undefined rule that lets the plan pass.
func TestStrictBuiltinErrors(t *testing.T) {
	up, err := userPolicy(t, `package main

deny contains "the plan changes something" if {
	n := count(input.resource_changes)
	n / 0 > 0
}
`)
	if err != nil {
		t.Fatal(err)
	}
	p := readPlan(t, "supplychain_pipeline.json")
	res, err := Check(context.Background(), p, CheckOptions{User: up, NoBuiltin: true})
	if err == nil {
		t.Fatalf("division by zero passed: %d findings, denied %v", len(res.Findings), res.Denied())
	}
	if !IsInvalid(err) || !strings.Contains(err.Error(), "main.deny") || !strings.Contains(err.Error(), "p.rego:5") {
		t.Errorf("got %v, want a policy error naming main.deny and p.rego:5", err)
	}
}

// TestStrictBuiltinErrorsBuiltin: the built-in rules are evaluated strictly too.
func TestStrictBuiltinErrorsBuiltin(t *testing.T) {
	fsys := fstest.MapFS{"r.rego": {Data: []byte(`# METADATA
# title: t
# description: d
# custom:
#   id: SC-TEST-001
#   severity: high
#   resource_types: [aws_s3_bucket]
#   remediation: r
package supplychain.rules.test.r

applicable contains "a" if true

fail contains {"address": "a", "msg": "m"} if {
	count(input.resources) / 0 > 0
}
`)}}
	set, err := compileBuiltin(fsys)
	if err != nil {
		t.Fatal(err)
	}
	p := readPlan(t, "supplychain_pipeline.json")
	input, err := inputValue(p, DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	_, err = evalBuiltin(context.Background(), set, DefaultConfig(), p, input)
	if err == nil || !strings.Contains(err.Error(), "SC-TEST-001") || !strings.Contains(err.Error(), "divide by zero") {
		t.Errorf("got %v, want the rule's division by zero", err)
	}
}
