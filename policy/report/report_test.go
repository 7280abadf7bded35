package report

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/cost"
	"github.com/nexabrands/supplychain/policy/plan"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const plans = "../plan/testdata/plans"

func pipelineResult(t testing.TB) *policy.Result {
	t.Helper()
	p, err := plan.ReadFile(filepath.Join(plans, "supplychain_pipeline.json"))
	if err != nil {
		t.Fatal(err)
	}
	ws, err := policy.ParseWaivers("waivers.yaml", []byte(`waivers:
  - rule: SC-AWS-S3-009
    address: module.lake.*
    reason: access logs come from CloudTrail data events
    owner: data-platform
    expires: 2027-03-31
  - rule: SC-AWS-KMS-001
    address: aws_kms_key.*
    reason: no keys in this stack
    owner: security
    expires: 2027-03-31
`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := policy.Check(context.Background(), p, policy.CheckOptions{
		Waivers:   ws,
		SourceDir: "../plan/testdata/src",
		Now:       func() time.Time { return time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func render(t testing.TB, format string, res *policy.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, format, FromCheck(res, "test"), Options{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestGolden compares every format with its golden file (go test ./policy/report -update
// rewrites them).
func TestGolden(t *testing.T) {
	res := pipelineResult(t)
	ext := map[string]string{"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "github": "txt", "markdown": "md"}
	for _, f := range Formats {
		t.Run(f, func(t *testing.T) {
			got := render(t, f, res)
			path := filepath.Join("testdata", "pipeline."+f+"."+ext[f]+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run with -update after checking the change):\n%s", f, path, firstDiff(got, want))
			}
		})
	}
	if err := Render(&bytes.Buffer{}, "yaml", FromCheck(res, "test"), Options{}); err == nil {
		t.Error("an unknown format must be an error")
	}
}

func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n  got:  " + x + "\n  want: " + y
		}
	}
	return ""
}

func TestSARIFShape(t *testing.T) {
	res := pipelineResult(t)
	var log struct {
		Version string `json:"version"`
		Schema  string `json:"$schema"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID   string `json:"id"`
						Help struct {
							Text string `json:"text"`
						} `json:"help"`
						Properties map[string]any `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string `json:"level"`
				Locations []struct {
					Physical struct {
						Artifact struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
					Logical []struct {
						FQN string `json:"fullyQualifiedName"`
					} `json:"logicalLocations"`
				} `json:"locations"`
				Suppressions []any `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, "sarif", res), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q runs %d", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	ids := map[string]bool{}
	for _, r := range run.Tool.Driver.Rules {
		if ids[r.ID] {
			t.Errorf("rule %s twice", r.ID)
		}
		ids[r.ID] = true
		if r.Help.Text == "" || r.Properties["security-severity"] == nil {
			t.Errorf("rule %s lacks help or security-severity", r.ID)
		}
	}
	suppressed := 0
	for _, r := range run.Results {
		if !ids[r.RuleID] {
			t.Errorf("result for rule %s not in the rule list", r.RuleID)
		}
		if len(r.Locations) != 1 || len(r.Locations[0].Logical) != 1 || r.Locations[0].Logical[0].FQN == "" {
			t.Errorf("result %s without a resource address", r.RuleID)
		}
		if r.RuleID == "SC-AWS-RS-002" {
			loc := r.Locations[0].Physical
			if loc.Artifact.URI != "../plan/testdata/src/main.tf" || loc.Region.StartLine != 23 || r.Level != "error" {
				t.Errorf("RS-002 at %s:%d level %s; want main.tf:23 error", loc.Artifact.URI, loc.Region.StartLine, r.Level)
			}
		}
		if len(r.Suppressions) > 0 {
			suppressed++
		}
	}
	if suppressed != res.Summary.Waived || suppressed == 0 {
		t.Errorf("%d suppressed results, %d waived findings", suppressed, res.Summary.Waived)
	}
}

func TestJUnitParses(t *testing.T) {
	res := pipelineResult(t)
	var doc junitSuites
	if err := xml.Unmarshal(render(t, "junit", res), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Failures != res.Summary.Deny+res.Summary.Warn || doc.Skipped != res.Summary.Waived+res.Summary.Unknown {
		t.Errorf("failures %d skipped %d; summary %+v", doc.Failures, doc.Skipped, res.Summary)
	}
}

func TestMarkdownMarkerAndGitHubEscapes(t *testing.T) {
	res := pipelineResult(t)
	md := string(render(t, "markdown", res))
	if !strings.HasPrefix(md, MarkdownMarker+"\n") || !strings.Contains(md, "<details>") {
		t.Errorf("markdown must start with the marker and have details:\n%s", md[:200])
	}
	gh := string(render(t, "github", res))
	if !strings.Contains(gh, "::error file=../plan/testdata/src/main.tf,line=23,title=SC-AWS-RS-002") {
		t.Errorf("no located error annotation for RS-002:\n%s", gh)
	}
	for _, l := range strings.Split(strings.TrimSpace(gh), "\n") {
		if !strings.HasPrefix(l, "::error ") && !strings.HasPrefix(l, "::warning ") && !strings.HasPrefix(l, "::notice ") {
			t.Errorf("not a workflow command: %q", l)
		}
	}
	if got := ghProperty("a:b,c%\r"); got != `a%3Ab%2Cc%25\r` {
		t.Errorf("ghProperty = %q", got)
	}
}

func TestEmptyResultRendersEverywhere(t *testing.T) {
	p, err := plan.ReadFile(filepath.Join(plans, "hashicorp__terraform__testing__equivalence-tests__outputs__drift_refresh_only__plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := policy.Check(context.Background(), p, policy.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(render(t, "json", res)), `"findings": []`) {
		t.Error("json: an empty finding list must be [], not null")
	}
	for _, f := range Formats {
		if len(render(t, f, res)) == 0 && f != "github" {
			t.Errorf("%s: empty output", f)
		}
	}
}

// costDocument is the check of the Nexabrands fixture created from nothing, with its cost
// section: the whole stack is new (over the gate's limit), and a usage file that gives only
// Redshift's hours leaves the other usage-based components unpriced.
func costDocument(t testing.TB) *Document {
	t.Helper()
	const data = "../cost/testdata"
	p, err := plan.ReadFile(filepath.Join(data, "plans", "nexabrands_create.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := policy.Check(context.Background(), p, policy.CheckOptions{
		Now: func() time.Time { return time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		t.Fatal(err)
	}
	usage, err := cost.ParseUsage("usage.yml", []byte("version: 1\nresources:\n  aws_redshiftserverless_workgroup.*:\n    monthly_active_hours: 120\n    managed_storage_gb: 100\n  aws_instance.*: {}\n"))
	if err != nil {
		t.Fatal(err)
	}
	cr, err := cost.Compute(p, nil, cost.Options{Usage: usage})
	if err != nil {
		t.Fatal(err)
	}
	g := cost.DefaultGateParams()
	v, err := cr.Gate(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	d := FromCheck(res, "test")
	d.Cost = CostFrom(cr, v, g)
	d.Finish()
	return d
}

// TestGoldenCost compares every format of a check with a cost section with its golden file
// (go test ./policy/report -update rewrites them).
func TestGoldenCost(t *testing.T) {
	d := costDocument(t)
	if !d.Failed() || !d.Cost.Failed || !d.Cost.PricedOnly || len(d.Cost.Unpriced) == 0 {
		t.Fatalf("the fixture should fail the gate and leave something unpriced: verdict %s, cost failed %v, priced only %v", d.Verdict, d.Cost.Failed, d.Cost.PricedOnly)
	}
	ext := map[string]string{"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "github": "txt", "markdown": "md"}
	for _, f := range Formats {
		t.Run(f, func(t *testing.T) {
			var b bytes.Buffer
			if err := Render(&b, f, d, Options{}); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "nexabrands-cost."+f+"."+ext[f]+".golden")
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from %s (go test ./policy/report -update):\n%s", f, path, b.String())
			}
		})
	}
}
