package report

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/nexabrands/supplychain/policy"
)

// hostile is a result whose every plan-controlled string tries to break out of a report.
func hostile(name string) *policy.Result {
	f := policy.Finding{RuleID: "SC-AWS-GLUE-001", Title: "Glue job has a security configuration", Severity: policy.High,
		Status: policy.Fail, Decision: policy.Deny,
		Address:      `aws_glue_job.etl["` + name + `"]`,
		ResourceType: "aws_glue_job",
		Message:      "Glue job " + name + " has no security configuration",
		File:         "main.tf", Line: 3, Source: "builtin"}
	w := f
	w.RuleID, w.Decision, w.Severity = "SC-AWS-S3-009", policy.Waived, policy.Low
	w.Waiver = &policy.Waiver{Rule: "SC-AWS-S3-009", Address: "*", Reason: name, Owner: name, Expires: "2027-01-01"}
	return &policy.Result{
		Plan:     policy.PlanInfo{Path: "plan.json", FormatVersion: "1.2", Resources: 1},
		Findings: []policy.Finding{f, w},
		Rules:    []policy.Rule{{ID: "SC-AWS-GLUE-001", Title: "Glue job has a security configuration", Severity: policy.High}},
		Notices:  []string{"waiver for x on " + name + " matched no finding"},
	}
}

// hostileCost is a cost section whose plan-controlled strings (addresses, components, a user
// gate's messages, the estimate's notes) try the same.
func hostileCost(name string) *CostSection {
	one, two := 1.0, 2.0
	return &CostSection{Currency: "USD", BeforeFrom: "base plan", MonthlyBefore: 1, MonthlyAfter: 2, Gate: "fail", Failed: true,
		GateFail: []string{"over budget for " + name}, GateNotes: []string{"note on " + name}, PricedOnly: true,
		Resources: []CostLine{{Address: `aws_instance.vm["` + name + `"]`, ResourceType: "aws_instance", Action: "update", MonthlyBefore: &one, MonthlyAfter: &two, MonthlyDiff: 1}},
		Unpriced:  []CostUnpriced{{Address: `aws_glue_job.etl["` + name + `"]`, ResourceType: "aws_glue_job", Component: "run " + name, Side: "after", Reason: "usage_not_given", Detail: "usage for " + name, Changed: true}},
		Notes:     []string{"usage file: resources." + name + " matches no resource"}}
}

const injection = "job\n::stop-commands::x\n::error::forged\r\x1b[2K\x1b[1AFAIL→PASS\u202e"

// TestPlainTextOutputsEscapePlanStrings: a name holding a newline and a workflow command, ESC and
// CR cannot start a line, stop GitHub's reading of plangate's own commands, or redraw a line, in
// text, junit and github. Before, the text report printed them raw.
func TestPlainTextOutputsEscapePlanStrings(t *testing.T) {
	d := FromCheck(hostile(injection), "test")
	d.Cost = hostileCost(injection)
	d.Finish()
	for _, f := range []string{"text", "junit", "github"} {
		out := renderDoc(t, f, d, Options{Verbose: true})
		if strings.ContainsAny(out, "\r\x1b\u202e") {
			t.Errorf("%s: a raw CR, ESC or bidi control reached the output:\n%q", f, out)
		}
		for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			l = strings.TrimLeft(l, " \t")
			if f == "github" {
				if !strings.HasPrefix(l, "::error ") && !strings.HasPrefix(l, "::warning ") && !strings.HasPrefix(l, "::notice ") {
					t.Errorf("github: a line that is not plangate's own command: %q", l)
				}
				continue
			}
			if strings.HasPrefix(l, "::") {
				t.Errorf("%s: a line starts a workflow command: %q", f, l)
			}
		}
		if !strings.Contains(out, `\n`) || !strings.Contains(out, `\x1b`) {
			t.Errorf("%s: the escapes should stay visible:\n%s", f, out)
		}
	}
	// The github format escapes its own way too: %, CR and LF in data and properties.
	if got := ghData("50%\nx"); got != `50%25\nx` {
		t.Errorf("ghData = %q", got)
	}
	if got := ghProperty("a:b,c%"); got != "a%3Ab%2Cc%25" {
		t.Errorf("ghProperty = %q", got)
	}
	if got := plain(":: x"); got != `\x3a: x` {
		t.Errorf("plain(:: x) = %q", got)
	}
	if got := plain("a\xffb"); got != `a\xffb` {
		t.Errorf("invalid UTF-8: %q", got)
	}
}

// TestMarkdownEscapesPlanStrings: links, images, HTML, emphasis, tables, autolinks, mentions and
// issue references in plan strings reach the comment as text. The comment is rendered by
// goldmark with GitHub's extensions (tables, autolinks, strikethrough) and the HTML is searched.
// Before, links, images, mentions and autolinks went through.
func TestMarkdownEscapesPlanStrings(t *testing.T) {
	name := `x](https://evil.example/a) ![i](https://evil.example/p.png) <img src=x onerror=alert(1)> ` +
		`<a href="https://evil.example">y</a> [ref] @nexabrands/security @octocat https://evil.example www.evil.example ` +
		`ops@evil.example #123 **bold** _em_ | cell | ~~s~~ &amp;`
	res := hostile(name)
	res.Errors = []string{"# heading " + name}
	res.Rules[0].Description = "- item " + name
	d := FromCheck(res, "test")
	d.Cost = hostileCost(name)
	d.Finish()
	out := renderDoc(t, "markdown", d, Options{})
	var html bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert([]byte(out), &html); err != nil {
		t.Fatal(err)
	}
	h := html.String()
	// plangate's own markup: the marker comment, <details>, <summary>, <code> and tables.
	for _, bad := range []string{"<a ", "<img", "<strong>bold", "<em>em", "<del>", "<h1", "<li>item"} {
		if strings.Contains(h, bad) {
			t.Errorf("markdown: %q in the rendered comment", bad)
		}
	}
	if !strings.Contains(h, "&amp;amp;") {
		t.Error("the text &amp; of a name should be shown as written")
	}
	// Outside code, no @name or #digit survives (GitHub links them after rendering).
	text := regexp.MustCompile(`(?s)<code>.*?</code>`).ReplaceAllString(h, "")
	if m := regexp.MustCompile(`[@#][A-Za-z0-9]`).FindString(text); m != "" {
		t.Errorf("a mention or issue reference %q outside code:\n%s", m, text)
	}
	// Table rows keep their five cells.
	if n := strings.Count(h, "<tr>"); n < 3 {
		t.Errorf("%d table rows", n)
	}
	for _, row := range regexp.MustCompile(`(?s)<tr>.*?</tr>`).FindAllString(h, -1) {
		if strings.Contains(row, "<td") {
			if n := strings.Count(row, "<td"); n != 4 && n != 5 && n != 6 { // cost, findings, summary
				t.Errorf("a row with %d cells: %s", n, row)
			}
		}
	}
}

// TestMarkdownStaysUnderGitHubLimit: a 20 MB name and 100,000 findings give a comment under
// 65,536 characters that says how many findings it left out and where the full report is.
func TestMarkdownStaysUnderGitHubLimit(t *testing.T) {
	huge := strings.Repeat("&@<", 20<<20/3)
	d := FromCheck(hostile(huge), "test")
	d.Cost = hostileCost(huge)
	d.Finish()
	out := renderDoc(t, "markdown", d, Options{})
	if len(out) >= MarkdownLimit {
		t.Errorf("a 20 MB name gives a %d-byte comment", len(out))
	}
	many := &policy.Result{Plan: policy.PlanInfo{Path: "plan.json", FormatVersion: "1.2"}}
	for i := 0; i < 100000; i++ {
		many.Findings = append(many.Findings, policy.Finding{RuleID: "SC-X", Severity: policy.High, Status: policy.Fail,
			Decision: policy.Deny, Address: "aws_s3_bucket.b[" + strings.Repeat("k", i%50) + "]", Message: "bucket has no policy"})
	}
	d = FromCheck(many, "test")
	d.Cost = &CostSection{Currency: "USD", Gate: "pass"}
	for i := 99999; i >= 0; i-- { // sorted by difference, as CostFrom sorts
		b, a := 0.0, float64(i)
		d.Cost.Resources = append(d.Cost.Resources, CostLine{Address: "aws_instance.vm[" + itoa(i) + "]", Action: "create", MonthlyBefore: &b, MonthlyAfter: &a, MonthlyDiff: a})
		d.Cost.Unpriced = append(d.Cost.Unpriced, CostUnpriced{Address: "aws_glue_job.j[" + itoa(i) + "]", Reason: "usage_not_given", Side: "after"})
	}
	out = renderDoc(t, "markdown", d, Options{FullReport: "https://github.com/nexabrands/supplychain/actions/runs/1"})
	if len(out) >= MarkdownLimit || utf8.RuneCountInString(out) >= MarkdownLimit {
		t.Errorf("100,000 findings give a %d-byte comment", len(out))
	}
	rows := strings.Count(out, "\n| ❌ deny |")
	costRows := strings.Count(out, "\n| `aws_instance.vm[")
	unpriced := strings.Count(out, "\n- `aws_glue_job.j[")
	if costRows > markdownCostRows || unpriced > markdownCostRows || rows < 400 {
		t.Errorf("the cost section should leave the findings room: %d cost rows, %d unpriced, %d findings", costRows, unpriced, rows)
	}
	want := "… " + itoa(100000-rows) + " more findings, " + itoa(100000-costRows) + " more resources of the cost table, " + itoa(100000-unpriced) + " more unpriced items not shown here"
	if costRows == 0 || !strings.Contains(out, "| `aws_instance.vm[99999]` | 0.00 | 99999.00 | +99999.00 |") {
		t.Errorf("the cost table does not start with the largest difference:\n%s", out[:2000])
	}
	if !strings.Contains(out, want) {
		t.Errorf("%d rows shown; want the line %q:\n%s", rows, want, out[len(out)-400:])
	}
	if !strings.Contains(out, "](https://github.com/nexabrands/supplychain/actions/runs/1)") {
		t.Errorf("no pointer to the full report:\n%s", out[len(out)-400:])
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestEveryFormatClipsPlanStrings: a 20 MB name is cut to MaxText characters in every format.
func TestEveryFormatClipsPlanStrings(t *testing.T) {
	d := FromCheck(hostile(strings.Repeat("n", 20<<20)), "test")
	d.Cost = hostileCost(strings.Repeat("n", 20<<20))
	for _, f := range Formats {
		out := renderDoc(t, f, d, Options{Verbose: true})
		if len(out) > 200<<10 {
			t.Errorf("%s: %d bytes for two findings and a cost section of a 20 MB name", f, len(out))
		}
		if !strings.Contains(out, "more characters)") {
			t.Errorf("%s: the cut is not said", f)
		}
	}
	if got := clip(strings.Repeat("é", MaxText+5)); got != strings.Repeat("é", MaxText)+"… (5 more characters)" {
		t.Errorf("clip: %q", got)
	}
}

func TestSafeLines(t *testing.T) {
	got := SafeLines("policy error:\n\tx.rego:3: bad \x1b[2K\r\n::stop-commands::t\n  ::error::x")
	want := "policy error:\n\tx.rego:3: bad \\x1b[2K\\r\n\\x3a:stop-commands::t\n  \\x3a:error::x"
	if got != want {
		t.Errorf("SafeLines = %q, want %q", got, want)
	}
}
