package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const plans = "../../policy/plan/testdata/plans"

func plangate(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExitCodes(t *testing.T) {
	pipeline := filepath.Join(plans, "supplychain_pipeline.json")
	clean := filepath.Join(plans, "hashicorp__terraform__testing__equivalence-tests__outputs__drift_refresh_only__plan.json")
	kms := filepath.Join(plans, "fugue__regula__rego__tests__rules__tf__aws__kms__inputs__key_rotation_infra.json")
	raw, err := os.ReadFile(pipeline)
	if err != nil {
		t.Fatal(err)
	}
	truncated := writeFile(t, "cut.json", string(raw[:len(raw)/3]))
	empty := writeFile(t, "empty.json", "")
	state := writeFile(t, "state.json", `{"format_version":"1.0","values":{"root_module":{}}}`)
	badConfig := writeFile(t, "c.yaml", "severity_actions: {high: maybe}\n")
	expired := writeFile(t, "w.yaml", "waivers:\n  - {rule: X, address: a, reason: r, owner: o, expires: 2020-01-01}\n")
	emptyPolicies := t.TempDir()
	policyDir := func(src string) string {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "p.rego"), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	slow := policyDir("package main\n\ndeny contains \"never\" if {\n\txs := numbers.range(1, 2000)\n\tsome a in xs\n\tsome b in xs\n\tsome c in xs\n\ta + b + c < 0\n}\n")
	divide := policyDir("package main\n\ndeny contains \"x\" if {\n\tcount(input.resource_changes) / 0 > 0\n}\n")
	network := policyDir("package main\n\ndeny contains \"x\" if {\n\thttp.send({\"method\": \"GET\", \"url\": \"http://127.0.0.1:1\"}).status_code == 200\n}\n")
	slowGate := t.TempDir()
	if err := os.WriteFile(filepath.Join(slowGate, "gate.rego"), []byte("package supplychain.cost.gate\n\nfail := set()\n\nwarn := set()\n\nnotes := set()\n\nverdict := \"pass\" if {\n\txs := numbers.range(1, 2000)\n\tsome a in xs\n\tsome b in xs\n\tsome c in xs\n\ta + b + c < 0\n} else := \"pass\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	wideWaiver := writeFile(t, "wide.yaml", "waivers:\n  - {rule: \"*\", address: \"*\", reason: r, owner: o, expires: 2027-01-01}\n")
	badParam := writeFile(t, "param.yaml", "params: {allowed_regions: eu-west-1}\n")

	cases := []struct {
		name    string
		args    []string
		code    int
		stderr  string // must contain
		notPass bool
	}{
		{"clean plan passes", []string{"check", clean}, 0, "", false},
		{"warnings only pass", []string{"check", kms}, 0, "", false},
		{"denied", []string{"check", pipeline}, 1, "", true},
		{"expired waiver fails a clean plan", []string{"check", "--waivers", expired, clean}, 1, "", true},
		{"no arguments", []string{"check"}, 10, "accepts 1 arg", true},
		{"unknown flag", []string{"check", "--nope", clean}, 10, "unknown flag", true},
		{"unknown format", []string{"check", "--format", "yaml", clean}, 10, "unknown format", true},
		{"unknown command", []string{"chek", clean}, 10, "unknown command", true},
		{"missing plan", []string{"check", filepath.Join(t.TempDir(), "nope.json")}, 11, "nope.json", true},
		{"empty plan", []string{"check", empty}, 12, "empty", true},
		{"truncated plan", []string{"check", truncated}, 12, "truncated", true},
		{"state, not plan", []string{"check", state}, 12, "state", true},
		{"bad config", []string{"check", "--config", badConfig, clean}, 13, "c.yaml", true},
		{"policy dir without rules", []string{"check", "--policy", emptyPolicies, clean}, 13, "no deny, warn or violation", true},
		{"time limit", []string{"check", "--no-builtin", "--policy", slow, "--timeout", "200ms", clean}, 15, "time limit of 200ms", true},
		{"time limit of a cost gate", []string{"check", "--region", "us-east-1", "--cost-gate", slowGate, "--timeout", "300ms", clean}, 15, "cost gate " + slowGate, true},
		{"negative timeout", []string{"check", "--timeout", "-1s", clean}, 10, "--timeout", true},
		{"user rule fails", []string{"check", "--no-builtin", "--policy", divide, clean}, 13, "divide by zero", true},
		{"network builtin", []string{"check", "--no-builtin", "--policy", network, clean}, 13, "p.rego:4", true},
		{"waiver of every rule", []string{"check", "--waivers", wideWaiver, clean}, 13, "entry 1", true},
		{"parameter of the wrong type", []string{"check", "--config", badParam, clean}, 13, "params.allowed_regions", true},
		{"unwritable output", []string{"check", "--format", "json=" + filepath.Join(empty, "x", "r.json"), clean}, 14, "json", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := plangate(t, nil, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, c.code, stderr)
			}
			if !strings.Contains(stderr, c.stderr) {
				t.Errorf("stderr %q should contain %q", stderr, c.stderr)
			}
			if c.notPass && code == 0 {
				t.Error("a tool error or a denial must never exit 0")
			}
		})
	}
}

func TestSeveralFormatsInOneRun(t *testing.T) {
	dir := t.TempDir()
	pipeline := filepath.Join(plans, "supplychain_pipeline.json")
	args := []string{"check", "--no-color", pipeline}
	files := map[string]string{"json": "r.json", "sarif": "r.sarif", "junit": "r.xml", "markdown": "comment.md", "github": "gh.txt"}
	for f, name := range files {
		args = append(args, "--format", f+"="+filepath.Join(dir, name))
	}
	args = append(args, "--format", "text")
	code, stdout, _ := plangate(t, nil, args...)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(stdout, "FAIL  11 denied") {
		t.Errorf("text report on stdout:\n%s", stdout)
	}
	for f, name := range files {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || len(b) == 0 {
			t.Errorf("%s: %v (%d bytes)", f, err, len(b))
		}
	}
	var j struct {
		Verdict string `json:"verdict"`
		Summary struct {
			Deny int `json:"deny"`
		} `json:"summary"`
	}
	b, _ := os.ReadFile(filepath.Join(dir, "r.json"))
	if err := json.Unmarshal(b, &j); err != nil || j.Verdict != "FAIL" || j.Summary.Deny != 11 {
		t.Errorf("json report: %v %+v", err, j)
	}
}

func TestGitHubActionsAddsAnnotations(t *testing.T) {
	pipeline := filepath.Join(plans, "supplychain_pipeline.json")
	_, stdout, _ := plangate(t, map[string]string{"GITHUB_ACTIONS": "true"}, "check", pipeline)
	if !strings.Contains(stdout, "::error title=SC-AWS-RS-002") {
		t.Errorf("no annotations on stdout with GITHUB_ACTIONS=true:\n%s", stdout)
	}
	_, stdout, _ = plangate(t, nil, "check", pipeline)
	if strings.Contains(stdout, "::error") {
		t.Error("annotations without GITHUB_ACTIONS")
	}
}

func TestConftestPoliciesRunUnchanged(t *testing.T) {
	pipeline := filepath.Join(plans, "supplychain_pipeline.json")
	cfg := writeFile(t, "c.yaml", "severity_actions: {critical: warn, high: warn}\n")
	code, stdout, stderr := plangate(t, nil, "check", "--no-color", "--config", cfg, "--policy", "../../policy/testdata/conftest", pipeline)
	if code != 1 {
		t.Fatalf("exit %d (%s): the conftest deny rules must deny", code, stderr)
	}
	if !strings.Contains(stdout, "main.deny") || !strings.Contains(stdout, "at most 2") {
		t.Errorf("user findings missing:\n%s", stdout)
	}
}

func TestPolicyCommands(t *testing.T) {
	code, out, _ := plangate(t, nil, "policy", "list")
	if code != 0 || !strings.Contains(out, "SC-AWS-S3-001") || !strings.Contains(out, "SC-LAKE-002") {
		t.Errorf("list: %d\n%s", code, out)
	}
	code, out, _ = plangate(t, nil, "policy", "list", "--format", "json")
	var rules []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &rules) != nil || len(rules) < 40 {
		t.Errorf("list json: %d, %d rules", code, len(rules))
	}
	code, out, _ = plangate(t, nil, "policy", "show", "sc-aws-s3-004")
	if code != 0 || !strings.Contains(out, "CKV2_AWS_6") || !strings.Contains(out, "remediation:") {
		t.Errorf("show: %d\n%s", code, out)
	}
	if code, _, _ := plangate(t, nil, "policy", "show", "SC-NOPE-001"); code != 10 {
		t.Errorf("show unknown rule: exit %d", code)
	}
	code, out, _ = plangate(t, nil, "policy", "test", "--coverage", "50")
	if code != 0 || !strings.Contains(out, "0 failed") {
		t.Errorf("policy test: %d\n%s", code, out)
	}
	code, out, _ = plangate(t, nil, "policy", "test", "--no-builtin", "../../policy/testdata/conftest")
	if code != 0 || !strings.Contains(out, "2 passed") {
		t.Errorf("policy test of a user dir: %d\n%s", code, out)
	}
	failing := t.TempDir()
	if err := os.WriteFile(filepath.Join(failing, "x_test.rego"), []byte("package x_test\n\ntest_no if false\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := plangate(t, nil, "policy", "test", "--no-builtin", failing); code != 1 {
		t.Errorf("a failing user test must exit 1, got %d", code)
	}
	if code, _, _ := plangate(t, nil, "policy", "test", "--coverage", "100.1"); code != 1 {
		t.Errorf("an unreachable coverage threshold must exit 1, got %d", code)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := plangate(t, nil, "version")
	if code != 0 || !strings.HasPrefix(out, "plangate dev") {
		t.Errorf("version: %d %q", code, out)
	}
}
