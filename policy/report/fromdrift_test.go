package report

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/nexabrands/supplychain/policy/drift"
	"github.com/nexabrands/supplychain/policy/plan"
)

const driftPlans = "../drift/testdata/plans"

// goofDrift is terraform-goof's drift (real plan): the public access block of snyk_private
// switched off (security, SC-AWS-S3-004), versioning of snyk_public_storage turned on (other,
// silenced here by a known-drift entry), and 3 pending changes.
func goofDrift(t testing.TB) *Document {
	t.Helper()
	p, err := plan.ReadFile(filepath.Join(driftPlans, "snyk-labs__terraform-goof__tf-plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	kf, err := drift.ParseKnown("known.yaml", []byte(`known_drift:
  - {address: module.storage.aws_s3_bucket.snyk_public_storage, attribute: "versioning*", reason: versioning test, owner: ops@nexabrands.example, expires: 2999-12-31}
`))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := drift.Analyze(context.Background(), p, drift.Options{Known: kf,
		Now: func() time.Time { return time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return FromDrift(rep, "test")
}

// TestDriftGolden: the drift report in every format (go test ./policy/report -update rewrites
// the golden files).
func TestDriftGolden(t *testing.T) {
	d := goofDrift(t)
	if d.Verdict != VerdictFail || len(d.Drift.Resources) != 1 || len(d.Drift.Known) != 1 || len(d.Drift.Pending) != 3 {
		t.Fatalf("verdict %s, %d drifted, %d known, %d pending", d.Verdict, len(d.Drift.Resources), len(d.Drift.Known), len(d.Drift.Pending))
	}
	ext := map[string]string{"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "github": "txt", "markdown": "md"}
	for _, f := range Formats {
		t.Run(f, func(t *testing.T) {
			got := []byte(renderDoc(t, f, d, Options{}))
			path := filepath.Join("testdata", "goof-drift."+f+"."+ext[f]+".golden")
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
			for _, s := range []string{"module.storage.aws_s3_bucket_public_access_block.snyk_private", "SC-AWS-S3-004"} {
				if !strings.Contains(string(got), s) {
					t.Errorf("%s lacks %q", f, s)
				}
			}
		})
	}
}

// TestDriftFormatsAgree: every format says FAIL and counts the same drifted resources.
func TestDriftFormatsAgree(t *testing.T) {
	d := goofDrift(t)
	text := renderDoc(t, "text", d, Options{})
	if !strings.Contains(text, "\nFAIL  1 drifted (1 security, 0 cost, 0 deleted, 0 other, 0 benign), 1 known, 3 pending\n") {
		t.Errorf("text footer:\n%s", text)
	}
	if strings.Contains(text, "denied, ") {
		t.Errorf("a drift report prints the check's finding counts:\n%s", text)
	}
	var jr JSONReport
	if err := json.Unmarshal([]byte(renderDoc(t, "json", d, Options{})), &jr); err != nil {
		t.Fatal(err)
	}
	if jr.Command != "drift" || jr.Verdict != "FAIL" || jr.Drift == nil || jr.Drift.Summary.Drifted != 1 || len(jr.Drift.Known) != 1 || len(jr.Findings) != 0 {
		t.Errorf("json: %+v", jr)
	}
	var ju junitSuites
	if err := xml.Unmarshal([]byte(renderDoc(t, "junit", d, Options{})), &ju); err != nil {
		t.Fatal(err)
	}
	if ju.Failures != 1 || ju.Skipped != 1 {
		t.Errorf("junit: %d failures, %d skipped; want 1 drifted and 1 known", ju.Failures, ju.Skipped)
	}
	gh := renderDoc(t, "github", d, Options{})
	if n := strings.Count(gh, "::error title=plangate drift::"); n != 1 {
		t.Errorf("github: %d drift errors:\n%s", n, gh)
	}
	var sl struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
				Level  string `json:"level"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(renderDoc(t, "sarif", d, Options{})), &sl); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	for _, r := range sl.Runs[0].Results {
		ids[r.RuleID+" "+r.Level]++
	}
	if ids[DriftRuleID+" error"] != 1 || ids["SC-AWS-S3-004 error"] != 1 || len(sl.Runs[0].Results) != 2 {
		t.Errorf("sarif results %v", ids)
	}
	mdOut := renderDoc(t, "markdown", d, Options{})
	if !strings.HasPrefix(mdOut, "<!-- plangate:drift -->\n## ❌ plangate drift: FAIL") || !strings.Contains(mdOut, "### Drift: ") || strings.Contains(mdOut, "| Denied |") {
		t.Errorf("markdown:\n%s", mdOut)
	}

	// No drift: PASS everywhere, and the section says so.
	clean := FromDrift(&drift.Report{Plan: drift.PlanInfo{Path: "p.json", FormatVersion: "1.2"}}, "test")
	for _, f := range Formats {
		out := renderDoc(t, f, clean, Options{})
		if strings.Contains(out, "FAIL") || strings.Contains(out, "::error") || strings.Contains(out, `"error"`) {
			t.Errorf("%s: no drift, yet:\n%s", f, out)
		}
	}
}

// TestDriftSecretsInNoFormat: a password that changed is reported as changed in every format;
// neither value appears in any.
func TestDriftSecretsInNoFormat(t *testing.T) {
	const oldPw, newPw = "correct-horse-battery-staple", "Tr0ub4dor&3-hunter2"
	ch := func(pw string) map[string]any {
		return map[string]any{"identifier": "orders", "password": pw, "tags": map[string]any{"owner": "data"}}
	}
	sens := map[string]any{"password": true}
	entry := map[string]any{"address": "aws_db_instance.orders", "mode": "managed", "type": "aws_db_instance", "name": "orders",
		"provider_name": "registry.terraform.io/hashicorp/aws",
		"change": map[string]any{"actions": []any{"update"}, "before": ch(oldPw), "after": ch(newPw),
			"before_sensitive": sens, "after_sensitive": sens, "after_unknown": map[string]any{}}}
	res := map[string]any{"address": "aws_db_instance.orders", "mode": "managed", "type": "aws_db_instance", "name": "orders",
		"provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0, "values": ch(newPw), "sensitive_values": sens}
	doc := map[string]any{"format_version": "1.2", "terraform_version": "1.5.7",
		"planned_values": map[string]any{"root_module": map[string]any{"resources": []any{res}}},
		"resource_drift": []any{entry},
		"prior_state":    map[string]any{"format_version": "1.0", "values": map[string]any{"root_module": map[string]any{"resources": []any{res}}}}}
	data, _ := json.Marshal(doc)
	p, err := plan.Parse("secrets.json", data)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := drift.Analyze(context.Background(), p, drift.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := FromDrift(rep, "test")
	for _, f := range Formats {
		out := renderDoc(t, f, d, Options{})
		if strings.Contains(out, oldPw) || strings.Contains(out, newPw) || strings.Contains(out, "Tr0ub4dor") {
			t.Errorf("%s shows the password:\n%s", f, out)
		}
		if f != "json" && !strings.Contains(out, "password: changed (sensitive value, not shown)") {
			t.Errorf("%s does not say the password changed:\n%s", f, out)
		}
	}
}

// TestDriftMarkdownSafeAndBounded: hostile addresses and values in the drift section are text,
// and 20,000 drifted resources give a comment under GitHub's limit that counts those left out.
func TestDriftMarkdownSafeAndBounded(t *testing.T) {
	name := `x](https://evil.example/a) <img src=x onerror=alert(1)> @octocat #123 **bold**`
	d := FromDrift(&drift.Report{Plan: drift.PlanInfo{Path: "p.json"}}, "test")
	d.Drift.Headline = "1 resource drifted " + name
	d.Drift.Resources = []DriftItem{{Address: "aws_s3_bucket.b[\"" + name + "`|\"]", Classes: []string{"security"},
		Changes:  []DriftChange{{Path: "tags." + name, Before: name, After: "|`" + name, Classes: []string{"benign"}}},
		Findings: []DriftFinding{{RuleID: "SC-" + name, Severity: "high", Decision: "deny", Message: name}},
		Cost:     &DriftCost{Reason: "unpriced: " + name}}}
	d.Drift.Pending = []PendingChange{{Address: name, Actions: []string{"create"}}}
	d.Finish()
	out := renderDoc(t, "markdown", d, Options{})
	var html bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert([]byte(out), &html); err != nil {
		t.Fatal(err)
	}
	h := html.String()
	for _, bad := range []string{"<a ", "<img", "<strong>bold"} {
		if strings.Contains(h, bad) {
			t.Errorf("markdown: %q in the rendered comment:\n%s", bad, h)
		}
	}
	text := regexp.MustCompile(`(?s)<code>.*?</code>`).ReplaceAllString(h, "")
	if m := regexp.MustCompile(`[@#][A-Za-z0-9]`).FindString(text); m != "" {
		t.Errorf("a mention or issue reference %q outside code", m)
	}
	for _, row := range regexp.MustCompile(`(?s)<tr>.*?</tr>`).FindAllString(h, -1) {
		if n := strings.Count(row, "<td"); n != 0 && n != 3 {
			t.Errorf("a drift row with %d cells: %s", n, row)
		}
	}

	many := FromDrift(&drift.Report{Plan: drift.PlanInfo{Path: "p.json"}}, "test")
	for i := 0; i < 20000; i++ {
		var cs []DriftChange
		for j := 0; j < 30; j++ {
			cs = append(cs, DriftChange{Path: "tags.k" + itoa(j), Before: strings.Repeat("v", 200), After: "w", Classes: []string{"benign"}})
		}
		many.Drift.Resources = append(many.Drift.Resources, DriftItem{Address: "aws_s3_bucket.b[" + itoa(i) + "]", Classes: []string{"benign"}, Changes: cs})
	}
	many.Finish()
	out = renderDoc(t, "markdown", many, Options{FullReport: "https://github.com/nexabrands/supplychain/actions/runs/1"})
	if len(out) >= MarkdownLimit {
		t.Errorf("20,000 drifted resources give a %d-byte comment", len(out))
	}
	rows := strings.Count(out, "\n| `aws_s3_bucket.b[")
	if want := "… " + itoa(20000-rows) + " more drifted resources not shown here"; rows == 0 || !strings.Contains(out, want) {
		t.Errorf("%d rows; want %q in:\n%s", rows, want, out[len(out)-300:])
	}
	if !strings.Contains(out, "and 20 more changes") {
		t.Error("a row lists every one of 30 changes")
	}
}
