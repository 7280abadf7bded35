package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// costPair is the base plan and the usage file of the cost gate's threshold tests
// (TestCostGateThresholds): the PR moves t3.large to t3.xlarge (+60.736 USD) and grows the root
// volume.
func costPair() (base, usage string) {
	return filepath.Join(costData, "plans", "nexabrands_base.json"), filepath.Join(costData, "nexabrands-usage.yml")
}

// denyXLarge is a user policy that denies the PR's instance type.
func denyXLarge(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := `package main

deny contains msg if {
	some rc in input.resource_changes
	rc.type == "aws_instance"
	rc.change.after.instance_type == "t3.xlarge"
	msg := sprintf("%s: t3.xlarge is not an approved instance type", [rc.address])
}
`
	if err := os.WriteFile(filepath.Join(dir, "types.rego"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// ownGate is a replacement cost gate that fails any update of an instance's root volume.
func ownGate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := `package supplychain.cost.gate

fail contains "no bigger root volumes" if {
	some r in input.resources
	some c in r.components
	startswith(c.name, "Root volume")
	c.diff > 0
}

warn := set()

notes := set()

verdict := "fail" if count(fail) > 0
else := "pass"
`
	if err := os.WriteFile(filepath.Join(dir, "gate.rego"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestCheckCostExitCodes: plangate check judges the cost in the same run as the rules; exit 3
// when the gate fails and no policy denied, 1 when a policy denied too, 0 with a warning under
// the limit.
func TestCheckCostExitCodes(t *testing.T) {
	base, usage := costPair()
	over, under := prPlan(t, 80+992), prPlan(t, 80+990) // +140.10 and +139.94 USD/month
	for _, tc := range []struct {
		name  string
		args  []string
		code  int
		wants []string
	}{
		{"over the limit", []string{"check", "--no-color", over, "--base", base, "--usage", usage}, exitCost,
			[]string{"+140.10 USD", "cost gate SC-COST-001: FAIL", "gate fail: the monthly cost rises by 140.10 USD", "FAIL  0 denied"}},
		{"over the limit and denied", []string{"check", "--no-color", over, "--base", base, "--usage", usage, "--policy", denyXLarge(t)}, exitDenied,
			[]string{"+140.10 USD", "cost gate SC-COST-001: FAIL", "t3.xlarge is not an approved instance type", "FAIL  1 denied"}},
		{"under the limit", []string{"check", "--no-color", under, "--base", base, "--usage", usage}, exitPass,
			[]string{"+139.94 USD", "cost gate SC-COST-001: WARN", "gate warn: the monthly cost rises by 139.94 USD", "PASS  0 denied"}},
		{"under the limit and denied", []string{"check", "--no-color", under, "--base", base, "--usage", usage, "--policy", denyXLarge(t)}, exitDenied,
			[]string{"cost gate SC-COST-001: WARN", "FAIL  1 denied"}},
		{"over the limit, no cost", []string{"check", "--no-color", over, "--base", base, "--no-cost"}, exitPass,
			[]string{"PASS  0 denied"}},
		{"own gate", []string{"check", "--no-color", under, "--base", base, "--usage", usage, "--cost-gate", ownGate(t)}, exitCost,
			[]string{"cost gate SC-COST-001: FAIL", "gate fail: no bigger root volumes"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := plangate(t, nil, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tc.code, out, stderr)
			}
			for _, w := range tc.wants {
				if !strings.Contains(out, w) {
					t.Errorf("the report does not say %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestCheckCostCannotJudge: what keeps the gate from judging is a tool error, never a pass.
func TestCheckCostCannotJudge(t *testing.T) {
	base, _ := costPair()
	over := prPlan(t, 80+992)
	badUsage := writeFile(t, "usage.yml", "version: 1\ndefaults:\n  aws_instance:\n    monthly_hourz: 10\n")
	badParam := writeFile(t, "c.yaml", "params:\n  cost_fail_increase: lots\n")
	badGate := t.TempDir()
	if err := os.WriteFile(filepath.Join(badGate, "gate.rego"), []byte("package supplychain.cost.gate\nverdict := \"maybe\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad usage file", []string{"check", over, "--base", base, "--usage", badUsage}, exitPolicy, "monthly_hourz"},
		{"missing usage file", []string{"check", over, "--usage", filepath.Join(t.TempDir(), "nope.yml")}, exitPolicy, "nope.yml"},
		{"bad cost parameter", []string{"check", over, "--config", badParam}, exitPolicy, "cost_fail_increase"},
		{"own gate that cannot judge", []string{"check", over, "--base", base, "--cost-gate", badGate}, exitPolicy, "not pass, warn or fail"},
		{"bad region", []string{"check", over, "--region", "mars"}, exitUsage, "mars"},
		{"usage without cost", []string{"check", over, "--no-cost", "--usage", badUsage}, exitUsage, "--no-cost"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "r.json")
			code, _, stderr := plangate(t, nil, append(tc.args, "--format", "json="+out)...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)", code, tc.code, stderr, tc.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("a report was written by a run that could not judge")
			}
		})
	}
}

// TestCheckCostSectionOnlyWhenCostRan: every format carries the cost gate's verdict when cost
// ran, and none mentions it with --no-cost.
func TestCheckCostSectionOnlyWhenCostRan(t *testing.T) {
	base, usage := costPair()
	over := prPlan(t, 80+992)
	ext := map[string]string{"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "github": "txt", "markdown": "md"}
	run := func(t *testing.T, extra ...string) (int, map[string]string) {
		dir := t.TempDir()
		args := []string{"check", "--no-color", over, "--base", base}
		for f, e := range ext {
			args = append(args, "--format", f+"="+filepath.Join(dir, "r-"+f+"."+e))
		}
		code, _, stderr := plangate(t, nil, append(args, extra...)...)
		out := map[string]string{}
		for f, e := range ext {
			b, err := os.ReadFile(filepath.Join(dir, "r-"+f+"."+e))
			if err != nil {
				t.Fatalf("%s: %v (%s)", f, err, stderr)
			}
			out[f] = string(b)
		}
		return code, out
	}
	code, with := run(t, "--usage", usage)
	if code != exitCost {
		t.Fatalf("with cost: exit %d", code)
	}
	for f, s := range with {
		if !strings.Contains(s, "SC-COST-001") || !strings.Contains(s, "140.1") {
			t.Errorf("%s: no cost gate verdict or no difference:\n%s", f, s)
		}
	}
	var j struct {
		Verdict string `json:"verdict"`
		Cost    *struct {
			MonthlyDelta float64 `json:"monthly_delta"`
			Failed       bool    `json:"failed"`
			Gate         struct {
				Verdict string `json:"verdict"`
			} `json:"gate"`
			Resources []struct {
				Address     string  `json:"address"`
				MonthlyDiff float64 `json:"monthly_diff"`
			} `json:"resources"`
		} `json:"cost"`
	}
	if err := json.Unmarshal([]byte(with["json"]), &j); err != nil {
		t.Fatal(err)
	}
	if j.Verdict != "FAIL" || j.Cost == nil || !j.Cost.Failed || j.Cost.Gate.Verdict != "fail" || j.Cost.MonthlyDelta != 140.10 ||
		len(j.Cost.Resources) == 0 || j.Cost.Resources[0].Address != "aws_instance.airflow" || j.Cost.Resources[0].MonthlyDiff != 140.10 {
		t.Errorf("the JSON cost section: %+v", j)
	}
	code, without := run(t, "--no-cost")
	if code != exitPass {
		t.Fatalf("without cost: exit %d", code)
	}
	for f, s := range without {
		// (the temporary directory's name holds "Cost": look for what the section prints)
		if strings.Contains(s, "SC-COST-001") || strings.Contains(s, "monthly cost") || strings.Contains(s, "Cost (monthly") || strings.Contains(s, `"cost"`) {
			t.Errorf("%s: a cost section without a cost run:\n%s", f, s)
		}
	}
}

// TestCheckSaysPricedOnly: a plan that changes what cannot be priced says, in every format, that
// the gate judged only what was priced.
func TestCheckSaysPricedOnly(t *testing.T) {
	pipeline := filepath.Join(plans, "supplychain_pipeline.json")
	dir := t.TempDir()
	args := []string{"check", "--no-color", pipeline, "--region", "us-east-1"}
	for _, f := range []string{"text", "json", "sarif", "junit", "github", "markdown"} {
		args = append(args, "--format", f+"="+filepath.Join(dir, f))
	}
	if code, _, stderr := plangate(t, nil, args...); code != exitDenied {
		t.Fatalf("exit %d (%s)", code, stderr)
	}
	for _, f := range []string{"text", "json", "sarif", "junit", "github", "markdown"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "judged only what was priced") {
			t.Errorf("%s does not say the gate judged only what was priced:\n%s", f, b)
		}
	}
}
