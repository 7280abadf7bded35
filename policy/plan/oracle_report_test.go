package plan_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/plan"
	"github.com/nexabrands/supplychain/policy/report"
)

// TestRedactionOracleReports: the oracle's plan, judged by a user policy that prints its whole
// input (every part of the document user policies see) in a denial, rendered in every format:
// no marker in any of them.
func TestRedactionOracleReports(t *testing.T) {
	dir := t.TempDir()
	rule := "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tmsg := sprintf(\"%v\", [input])\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "dump.rego"), []byte(rule), 0o600); err != nil {
		t.Fatal(err)
	}
	up, err := policy.LoadUserPolicies(context.Background(), []string{dir}, []string{"main"})
	if err != nil {
		t.Fatal(err)
	}
	for _, whole := range []bool{false, true} {
		t.Run(fmt.Sprintf("whole=%v", whole), func(t *testing.T) {
			p, err := plan.Parse("oracle.json", plan.OraclePlan(t, whole))
			if err != nil {
				t.Fatal(err)
			}
			res, err := policy.Check(context.Background(), p, policy.CheckOptions{User: up})
			if err != nil {
				t.Fatal(err)
			}
			dumped := false
			for _, f := range res.Findings {
				dumped = dumped || strings.Contains(f.Message, "resource_changes") && strings.Contains(f.Message, "configuration")
			}
			if !dumped {
				t.Fatal("the user policy did not print the input; the test proves nothing")
			}
			for _, format := range report.Formats {
				var b bytes.Buffer
				if err := report.Render(&b, format, report.FromCheck(res, "test"), report.Options{Verbose: true}); err != nil {
					t.Fatal(err)
				}
				if strings.Contains(b.String(), plan.OracleMarker) {
					t.Errorf("%s report holds the marker", format)
				}
			}
		})
	}
}
