package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const costData = "../../policy/cost/testdata"

// prPlan writes the Nexabrands plan with the instance's root volume at size GiB.
func prPlan(t *testing.T, size int) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(costData, "plans", "nexabrands_create.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	obj := func(v any) map[string]any {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("fixture: %T is not an object", v)
		}
		return m
	}
	list := func(v any) []any {
		l, ok := v.([]any)
		if !ok || len(l) == 0 {
			t.Fatalf("fixture: %T is not a list", v)
		}
		return l
	}
	set := func(values map[string]any) { obj(list(values["root_block_device"])[0])["volume_size"] = size }
	for _, r := range list(obj(obj(doc["planned_values"])["root_module"])["resources"]) {
		if m := obj(r); m["address"] == "aws_instance.airflow" {
			set(obj(m["values"]))
		}
	}
	for _, r := range list(doc["resource_changes"]) {
		if m := obj(r); m["address"] == "aws_instance.airflow" {
			set(obj(obj(m["change"])["after"]))
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, "pr.json", string(out))
}

// TestCostGateThresholds: base t3.large with 80 GiB gp3; the PR moves to t3.xlarge
// (730 h × (0.1664 − 0.0832) = 60.736 USD) and grows the volume by n GiB (n × 0.08 USD).
func TestCostGateThresholds(t *testing.T) {
	base := filepath.Join(costData, "plans", "nexabrands_base.json")
	usage := filepath.Join(costData, "nexabrands-usage.yml")
	for _, tc := range []struct {
		name    string
		size    int
		code    int
		diff    string
		verdict string
	}{
		{"just under the warning", 80 + 115, 0, "+69.94", "PASS"}, // 60.736 + 9.20
		{"just over the warning", 80 + 117, 0, "+70.10", "WARN"},  // 60.736 + 9.36
		{"just under the limit", 80 + 990, 0, "+139.94", "WARN"},  // 60.736 + 79.20
		{"just over the limit", 80 + 992, 3, "+140.10", "FAIL"},   // 60.736 + 79.36
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := plangate(t, nil, "cost", prPlan(t, tc.size), "--base", base, "--usage", usage)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tc.code, out, stderr)
			}
			if !strings.Contains(out, "TOTAL (priced)") || !strings.Contains(out, tc.diff) || !strings.Contains(out, "Cost gate: "+tc.verdict) {
				t.Errorf("want diff %s and verdict %s:\n%s", tc.diff, tc.verdict, out)
			}
		})
	}
}

func TestCostCommand(t *testing.T) {
	create := filepath.Join(costData, "plans", "nexabrands_create.json")
	update := filepath.Join(costData, "plans", "nexabrands_update.json")
	usage := filepath.Join(costData, "nexabrands-usage.yml")
	badUsage := writeFile(t, "u.yml", "version: 1\ndefaults:\n  aws_instance: {hours: 5}\n")
	cfg := writeFile(t, "c.yaml", "params:\n  cost_fail_increase: 2000\n  cost_warn_increase: 1000\n")
	badCfg := writeFile(t, "c2.yaml", "params:\n  cost_fail_increase: lots\n")
	gateDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(gateDir, "gate.rego"), []byte(`package supplychain.cost.gate

fail contains "no new NAT gateways" if {
	some r in input.resources
	r.type == "aws_nat_gateway"
	r.action == "create"
}

warn := set()

notes := set()

verdict := "fail" if count(fail) > 0
else := "pass"
`), 0o600); err != nil {
		t.Fatal(err)
	}
	badGate := t.TempDir()
	if err := os.WriteFile(filepath.Join(badGate, "gate.rego"), []byte("package supplychain.cost.gate\nverdict := \"maybe\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"explain", []string{"cost", update, "--usage", usage, "--explain"}, 0,
			"aws_instance.airflow instance_type t3.large → t3.xlarge: 730 h × (0.1664 − 0.0832) USD = +60.74 USD/month", ""},
		{"gate fails", []string{"cost", create, "--usage", usage}, 3, "Cost gate: FAIL", "cost gate failed"},
		{"thresholds from config", []string{"cost", create, "--usage", usage, "--config", cfg}, 0, "Cost gate: WARN", ""},
		{"own gate", []string{"cost", create, "--gate", gateDir}, 3, "fail: no new NAT gateways", ""},
		{"own gate passes", []string{"cost", update, "--gate", gateDir}, 0, "Cost gate: PASS", ""},
		{"gate that cannot judge", []string{"cost", update, "--gate", badGate}, 13, "", "not pass, warn or fail"},
		{"bad config", []string{"cost", create, "--config", badCfg}, 13, "", "cost_fail_increase"},
		{"json", []string{"cost", update, "--usage", usage, "--format", "json"}, 0, `"diff": 60.74`, ""},
		{"markdown", []string{"cost", update, "--usage", usage, "--format", "markdown"}, 0, "| `aws_instance.airflow` | 67.14 | 127.87 | +60.74 |", ""},
		{"sheet info", []string{"cost", "--sheet-info"}, 0, "sha256: ", ""},
		{"af-south-1", []string{"cost", filepath.Join(costData, "plans", "nexabrands_noregion.json"), "--region", "af-south-1", "--usage", usage}, 0,
			"af-south-1: the price sheet holds only 2 prices there", ""},
		{"bad usage file", []string{"cost", create, "--usage", badUsage}, 13, "", `unknown usage key "hours"`},
		{"bad region", []string{"cost", create, "--region", "Mars"}, 10, "", "--region"},
		{"bad format", []string{"cost", create, "--format", "sarif"}, 10, "", "--format"},
		{"no plan", []string{"cost"}, 10, "", "accepts 1 arg"},
		{"missing plan", []string{"cost", filepath.Join(t.TempDir(), "nope.json")}, 11, "", "nope.json"},
		{"not a plan", []string{"cost", writeFile(t, "x.json", "{}")}, 12, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := plangate(t, nil, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, stderr)
			}
			if !strings.Contains(out, tc.stdout) || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stdout want %q:\n%s\nstderr want %q:\n%s", tc.stdout, out, tc.stderr, stderr)
			}
		})
	}
}
