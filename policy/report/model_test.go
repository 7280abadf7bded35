package report

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/plan"
)

// infoResult judges the pipeline with medium findings turned into info and unknowns denied, so
// every level is present.
func infoResult(t *testing.T) *policy.Result {
	t.Helper()
	p, err := plan.ReadFile(plans + "/supplychain_pipeline.json")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := policy.ParseConfig("c.yaml", []byte("severity_actions: {medium: info}\nunknown: deny\n"))
	if err != nil {
		t.Fatal(err)
	}
	ws, err := policy.ParseWaivers("w.yaml", []byte("waivers:\n  - {rule: SC-AWS-S3-009, address: module.lake.*, reason: r, owner: o, expires: 2027-03-31}\n"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := policy.Check(context.Background(), p, policy.CheckOptions{Config: cfg, Waivers: ws,
		Now: func() time.Time { return time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func renderDoc(t *testing.T, format string, d *Document, opts Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, format, d, opts); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestFormatsAgree: every format counts the same levels. Before the document model JUnit counted
// info findings as failures, the summary had no info count and the text footer said PASS under
// an "Info" group without counting it.
func TestFormatsAgree(t *testing.T) {
	d := FromCheck(infoResult(t), "test")
	s := d.Summary
	if s.Info == 0 || s.Deny == 0 || s.Warn == 0 || s.Waived == 0 || s.Pass == 0 {
		t.Fatalf("the fixture should have every level: %+v", s)
	}
	if s.Total() != len(d.Findings) {
		t.Fatalf("summary %+v counts %d of %d findings", s, s.Total(), len(d.Findings))
	}

	// Text: each group's header count is the summary's, the footer counts them all, and its
	// verdict is FAIL exactly when there is a Denied group or a run error.
	text := renderDoc(t, "text", d, Options{Verbose: true})
	groups := map[string]int{}
	for _, m := range regexp.MustCompile(`(?m)^(Denied|Warnings|Unknown until apply|Waived|Info|Passed) \((\d+)\)$`).FindAllStringSubmatch(text, -1) {
		groups[m[1]], _ = strconv.Atoi(m[2])
	}
	want := map[string]int{"Denied": s.Deny, "Warnings": s.Warn, "Unknown until apply": s.Unknown, "Waived": s.Waived, "Info": s.Info, "Passed": s.Pass}
	for g, n := range want {
		if groups[g] != n {
			t.Errorf("text: group %q has %d, summary %d", g, groups[g], n)
		}
	}
	footer := regexp.MustCompile(`(?m)^(PASS|FAIL)  (\d+) denied, (\d+) warnings, (\d+) unknown, (\d+) info, (\d+) waived, (\d+) passed`).FindStringSubmatch(text)
	if footer == nil {
		t.Fatalf("text: no footer:\n%s", text)
	}
	for i, n := range []int{s.Deny, s.Warn, s.Unknown, s.Info, s.Waived, s.Pass} {
		if footer[i+2] != strconv.Itoa(n) {
			t.Errorf("text footer %q disagrees with the summary %+v", footer[0], s)
		}
	}
	if (footer[1] == "FAIL") != (groups["Denied"] > 0 || len(d.Errors) > 0) {
		t.Errorf("text footer says %s with %d denied and %d errors", footer[1], groups["Denied"], len(d.Errors))
	}

	// JUnit: deny and warn fail, unknown and waived are skipped, info and pass pass.
	var ju junitSuites
	if err := xml.Unmarshal([]byte(renderDoc(t, "junit", d, Options{})), &ju); err != nil {
		t.Fatal(err)
	}
	if ju.Failures != s.Deny+s.Warn || ju.Skipped != s.Unknown+s.Waived || ju.Tests != s.Total() {
		t.Errorf("junit: %d tests, %d failures, %d skipped; summary %+v", ju.Tests, ju.Failures, ju.Skipped, s)
	}
	for _, su := range ju.Suites {
		for _, c := range su.Cases {
			if strings.HasPrefix(c.SystemOut, "info: ") && c.Failure != nil {
				t.Errorf("junit: info finding %s is a failure", c.Name)
			}
		}
	}

	// JSON: the same summary and one level per finding.
	var jr JSONReport
	if err := json.Unmarshal([]byte(renderDoc(t, "json", d, Options{})), &jr); err != nil {
		t.Fatal(err)
	}
	js := jr.Summary
	if js != (JSONSummary{s.Deny, s.Warn, s.Unknown, s.Info, s.Waived, s.Pass, s.Total()}) || jr.SchemaVersion != "1" {
		t.Errorf("json summary %+v (schema %q), document %+v", js, jr.SchemaVersion, s)
	}
	byLevel := map[string]int{}
	for _, f := range jr.Findings {
		byLevel[f.Level]++
	}
	if byLevel["info"] != s.Info || byLevel["deny"] != s.Deny {
		t.Errorf("json levels %v, summary %+v", byLevel, s)
	}

	// SARIF: error per deny, warning per warn, note per unknown, info and waived.
	var sl struct {
		Runs []struct {
			Results []struct {
				Level string `json:"level"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(renderDoc(t, "sarif", d, Options{})), &sl); err != nil {
		t.Fatal(err)
	}
	sarifLevels := map[string]int{}
	for _, r := range sl.Runs[0].Results {
		sarifLevels[r.Level]++
	}
	if sarifLevels["error"] != s.Deny || sarifLevels["warning"] != s.Warn || sarifLevels["note"] != s.Unknown+s.Info+s.Waived {
		t.Errorf("sarif levels %v, summary %+v", sarifLevels, s)
	}

	// GitHub: ::error per deny and run error, ::warning per warn, ::notice per unknown and info.
	gh := renderDoc(t, "github", d, Options{})
	if n := strings.Count(gh, "\n::error "); n+boolInt(strings.HasPrefix(gh, "::error ")) != s.Deny+len(d.Errors) {
		t.Errorf("github: %d errors, summary %+v", n, s)
	}
	if n := strings.Count("\n"+gh, "\n::warning "); n != s.Warn {
		t.Errorf("github: %d warnings, summary %+v", n, s)
	}
	if n := strings.Count("\n"+gh, "\n::notice "); n != s.Unknown+s.Info {
		t.Errorf("github: %d notices, summary %+v", n, s)
	}

	// Markdown: the summary table.
	mdOut := renderDoc(t, "markdown", d, Options{})
	row := "| " + strings.Join([]string{strconv.Itoa(s.Deny), strconv.Itoa(s.Warn), strconv.Itoa(s.Unknown), strconv.Itoa(s.Info), strconv.Itoa(s.Waived), strconv.Itoa(s.Pass)}, " | ") + " |"
	if !strings.Contains(mdOut, "| Denied | Warnings | Unknown | Info | Waived | Passed |") || !strings.Contains(mdOut, row) {
		t.Errorf("markdown summary should have the row %s:\n%s", row, mdOut[:400])
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestSectionsOnlyWhenPresent: the cost and drift sections are rendered only when a command
// filled them, and they decide the verdict with the findings.
func TestSectionsOnlyWhenPresent(t *testing.T) {
	res := &policy.Result{Plan: policy.PlanInfo{Path: "plan.json", FormatVersion: "1.2"}}
	d := FromCheck(res, "test")
	for _, f := range Formats {
		out := renderDoc(t, f, d, Options{})
		if strings.Contains(strings.ToLower(out), "cost") || strings.Contains(strings.ToLower(out), "drift") {
			t.Errorf("%s: a cost or drift section without a cost or drift run:\n%s", f, out)
		}
	}
	if d.Verdict != VerdictPass {
		t.Fatalf("an empty check: %s", d.Verdict)
	}
	limit := 140.0
	d.Cost = &CostSection{Currency: "USD", MonthlyBefore: 100, MonthlyAfter: 260, Threshold: &limit, Failed: true,
		Resources: []CostLine{{Address: "aws_redshift_cluster.dw", MonthlyAfter: 160}}}
	d.Drift = &DriftSection{Headline: "1 resource drifted", Summary: DriftSummary{Drifted: 1, Other: 1},
		Resources: []DriftItem{{Address: "supplychain_data_lake.main", Action: "update", Classes: []string{"other"},
			Changes: []DriftChange{{Path: "versioning", Before: true, After: false, Classes: []string{"other"}}}}}}
	d.Finish()
	if d.Verdict != VerdictFail {
		t.Errorf("a failed cost gate and drift: verdict %s", d.Verdict)
	}
	for _, f := range []string{"text", "json", "junit", "github", "markdown"} {
		out := renderDoc(t, f, d, Options{})
		if !strings.Contains(out, "160.00") && !strings.Contains(out, "160") || !strings.Contains(out, "supplychain_data_lake.main") {
			t.Errorf("%s: the cost or drift section is missing:\n%s", f, out)
		}
	}
}

// TestJSONGuideNamesEveryField: every key the JSON report writes is named in the guide.
func TestJSONGuideNamesEveryField(t *testing.T) {
	guide, err := os.ReadFile("../../templates/guides/plangate-json-report.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	d := FromCheck(pipelineResult(t), "test")
	limit := 1.0
	d.Cost = &CostSection{Currency: "USD", PriceSheet: "p", Threshold: &limit, Resources: []CostLine{{Address: "a", ResourceType: "t", Note: "n"}}, Notes: []string{"n"}}
	d.Drift = &DriftSection{Headline: "h", Resources: []DriftItem{{Address: "a", ResourceType: "t", Action: "update", Classes: []string{"cost"},
		Changes:  []DriftChange{{Path: "x", Before: 1, After: 2, Sensitive: false, Classes: []string{"cost"}, Known: &KnownDrift{Address: "a", Attribute: "x", Reason: "r", Owner: "o", Expires: "e"}}},
		Findings: []DriftFinding{{RuleID: "R", Title: "t", Severity: "high", Decision: "deny", Address: "a", Message: "m", Remediation: "r", Worsened: true}},
		Cost:     &DriftCost{Priced: false, Reason: "r"}}},
		Pending:      []PendingChange{{Address: "a", Actions: []string{"update"}, Reason: "r"}},
		Unattributed: []DriftFinding{{RuleID: "R", Severity: "high", Decision: "deny", Message: "m"}},
		Cost:         &DriftCost{Priced: true, Before: 1, After: 2, Delta: 1}}
	var doc any
	if err := json.Unmarshal([]byte(renderDoc(t, "json", d, Options{})), &doc); err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	var walk func(v any, inRelated bool)
	walk = func(v any, inRelated bool) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				if !inRelated {
					keys[k] = true
				}
				walk(c, k == "related")
			}
		case []any:
			for _, c := range x {
				walk(c, false)
			}
		}
	}
	walk(doc, false)
	for k := range keys {
		if !strings.Contains(string(guide), "`"+k+"`") {
			t.Errorf("the guide does not name the field %q", k)
		}
	}
	if len(keys) < 40 {
		t.Errorf("only %d keys: the walk is wrong", len(keys))
	}
}
