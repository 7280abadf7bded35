package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func copyFile(t *testing.T, from, dir string) string {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, filepath.Base(from))
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFlagsCheckedBeforeReading: wrong flag combinations are usage errors (exit 10) before any
// file is read: the plan here does not exist (exit 11 if it were read) and the configuration is
// invalid (exit 13 if it were read).
func TestFlagsCheckedBeforeReading(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.json")
	badConfig := writeFile(t, "c.yaml", "severity_actions: {high: maybe}\n")
	cases := map[string][]string{
		"two formats to stdout":     {"--format", "text", "--format", "json"},
		"unknown format":            {"--format", "yaml"},
		"empty path":                {"--format", "json="},
		"two formats to one file":   {"--format", "json=" + filepath.Join(dir, "r"), "--format", "sarif=" + filepath.Join(dir, "r")},
		"--base missing":            {"--base", filepath.Join(dir, "base.json")},
		"--no-builtin, no --policy": {"--no-builtin"},
	}
	for name, flags := range cases {
		t.Run(name, func(t *testing.T) {
			args := append([]string{"check", "--config", badConfig}, flags...)
			code, _, stderr := plangate(t, nil, append(args, missing)...)
			if code != exitUsage {
				t.Errorf("exit %d, want 10 (stderr %q)", code, stderr)
			}
		})
	}
}

// TestUnknownFlagNamesTheHelp: an unknown flag is a usage error that names the help of the
// command it was given to (before, the root's read "plangate plangate --help").
func TestUnknownFlagNamesTheHelp(t *testing.T) {
	for _, args := range [][]string{{"--bogus"}, {"check", "--bogus"}, {"policy", "test", "--bogus"}} {
		code, _, stderr := plangate(t, nil, args...)
		want := "(see '" + strings.Join(append([]string{"plangate"}, args[:len(args)-1]...), " ") + " --help')"
		if code != exitUsage || !strings.Contains(stderr, want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", args, code, stderr, exitUsage, want)
		}
	}
}

// TestOutputOverAnInputIsRefused: --format json=plan.json would overwrite the plan; a link
// planted at a report's path would redirect it. Both are exit 14, before anything is read,
// and nothing is written.
func TestOutputOverAnInputIsRefused(t *testing.T) {
	dir := t.TempDir()
	pl := copyFile(t, filepath.Join(plans, "supplychain_pipeline.json"), dir)
	before, _ := os.ReadFile(pl)
	waivers := writeFile(t, "w.yaml", "waivers: []\n")
	victim := writeFile(t, "victim", "keep")
	link := filepath.Join(dir, "comment.md")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"check", "--format", "json=" + pl, pl},
		{"check", "--format", "sarif=" + filepath.Join(dir, ".", "x", "..", filepath.Base(pl)), pl},
		{"check", "--waivers", waivers, "--format", "junit=" + waivers, pl},
		{"check", "--base", pl, "--format", "json=" + pl, pl},
		{"check", "--format", "markdown=" + link, pl},
	} {
		code, _, stderr := plangate(t, nil, args...)
		if code != exitOutput || !strings.Contains(stderr, "refusing") {
			t.Errorf("%v: exit %d (%s), want 14", args, code, stderr)
		}
	}
	if after, _ := os.ReadFile(pl); !bytes.Equal(before, after) {
		t.Error("the plan was overwritten")
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Error("the link's target was overwritten")
	}
	if b, _ := os.ReadFile(waivers); string(b) != "waivers: []\n" {
		t.Error("the waiver file was overwritten")
	}
}

// TestNoReportLeftWhenTheRunFails: when a later report cannot be written (exit 14), the
// comment that says PASS is not left behind.
func TestNoReportLeftWhenTheRunFails(t *testing.T) {
	clean := filepath.Join(plans, "hashicorp__terraform__testing__equivalence-tests__outputs__drift_refresh_only__plan.json")
	dir := t.TempDir()
	blocker := writeFile(t, "file", "x")
	comment := filepath.Join(dir, "comment.md")
	code, _, _ := plangate(t, nil, "check", "--format", "markdown="+comment, "--format", "json="+filepath.Join(blocker, "r.json"), clean)
	if code != exitOutput {
		t.Fatalf("exit %d, want 14", code)
	}
	if b, err := os.ReadFile(comment); err == nil {
		t.Errorf("a comment was left behind:\n%s", b)
	}
}

// TestHelpNamesOnlyExistingCommands: every `plangate X` that --help mentions is a command.
func TestHelpNamesOnlyExistingCommands(t *testing.T) {
	root := newRoot(&bytes.Buffer{}, &bytes.Buffer{}, func(string) string { return "" })
	have := map[string]bool{}
	for _, c := range root.Commands() {
		have[c.Name()] = true
	}
	for _, args := range [][]string{{"--help"}, {"check", "--help"}} {
		code, out, _ := plangate(t, nil, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d", args, code)
		}
		for _, m := range regexp.MustCompile(`[(']plangate ([a-z]+)`).FindAllStringSubmatch(out, -1) {
			if !have[m[1]] {
				t.Errorf("%v names 'plangate %s', which does not exist", args, m[1])
			}
		}
		if !strings.Contains(out, "14  an output file") {
			t.Errorf("%v: no exit codes:\n%s", args, out)
		}
	}
}

// TestHostileNamesInTheLog: a plan whose Glue job name holds a newline, a workflow command, ESC
// and CR gives a log (text and annotations, as on GitHub Actions) where no line but plangate's
// own annotations starts a command, and no raw ESC or CR.
func TestHostileNamesInTheLog(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(plans, "supplychain_pipeline.json"))
	if err != nil {
		t.Fatal(err)
	}
	hostile := strings.ReplaceAll(string(raw), `"clean-orders"`, `"clean\n::stop-commands::x\n\u001b[1A\r PASS"`)
	if hostile == string(raw) {
		t.Fatal("the fixture has no Glue job named clean-orders")
	}
	pl := writeFile(t, "plan.json", hostile)
	code, stdout, stderr := plangate(t, map[string]string{"GITHUB_ACTIONS": "true"}, "check", "--no-color", pl)
	if code != exitDenied {
		t.Fatalf("exit %d (%s)", code, stderr)
	}
	if !strings.Contains(stdout, "stop-commands") {
		t.Fatalf("the name should be in the report, escaped:\n%s", stdout)
	}
	if strings.ContainsAny(stdout, "\x1b\r") {
		t.Error("a raw ESC or CR reached the log")
	}
	for _, l := range strings.Split(stdout, "\n") {
		l = strings.TrimLeft(l, " \t")
		if strings.HasPrefix(l, "::") && !regexp.MustCompile(`^::(error|warning|notice) [a-z]+=`).MatchString(l) {
			t.Errorf("a line starts a workflow command: %q", l)
		}
	}
}

// TestReportsAgreeOnInfo: with medium findings turned into info, the JSON summary counts them,
// JUnit does not fail them, and the text footer counts them.
func TestReportsAgreeOnInfo(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, "c.yaml", "severity_actions: {medium: info}\n")
	pipeline := filepath.Join(plans, "supplychain_pipeline.json")
	code, stdout, stderr := plangate(t, nil, "check", "--no-color", "--config", cfg,
		"--format", "json="+filepath.Join(dir, "r.json"), "--format", "junit="+filepath.Join(dir, "r.xml"), "--format", "text", pipeline)
	if code != exitDenied {
		t.Fatalf("exit %d (%s)", code, stderr)
	}
	var j struct {
		Summary map[string]int `json:"summary"`
		Cost    struct {
			Gate struct {
				Verdict string `json:"verdict"`
			} `json:"gate"`
		} `json:"cost"`
	}
	b, _ := os.ReadFile(filepath.Join(dir, "r.json"))
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	if j.Summary["info"] == 0 {
		t.Fatalf("the JSON summary does not count info: %v", j.Summary)
	}
	x, _ := os.ReadFile(filepath.Join(dir, "r.xml"))
	m := regexp.MustCompile(`<testsuites [^>]*failures="(\d+)"`).FindSubmatch(x)
	gate := 0 // the cost gate's case fails when the gate fails or warns
	switch j.Cost.Gate.Verdict {
	case "fail", "warn":
		gate = 1
	case "pass":
	default:
		t.Fatalf("the JSON report has no cost gate verdict: %q", j.Cost.Gate.Verdict)
	}
	if m == nil || string(m[1]) != strconv.Itoa(j.Summary["deny"]+j.Summary["warn"]+gate) {
		t.Errorf("junit failures %s, summary %v", m, j.Summary)
	}
	if !strings.Contains(stdout, strconv.Itoa(j.Summary["info"])+" info") {
		t.Errorf("the text footer does not count info:\n%s", stdout)
	}
}

// TestMarkdownCommentIsSafeAndBounded: a plan whose Glue job name is a megabyte of links,
// images, HTML and mentions gives a comment under GitHub's 65,536 characters with none of them.
func TestMarkdownCommentIsSafeAndBounded(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(plans, "supplychain_pipeline.json"))
	if err != nil {
		t.Fatal(err)
	}
	evil := `[x](https://evil.example) ![i](https://evil.example/i.png) <img src=x> @nexabrands/security `
	name := strings.Repeat(evil, (1<<20)/len(evil))
	js, _ := json.Marshal(name)
	pl := writeFile(t, "plan.json", strings.ReplaceAll(string(raw), `"clean-orders"`, string(js)))
	comment := filepath.Join(t.TempDir(), "comment.md")
	code, _, stderr := plangate(t, nil, "check", "--format", "markdown="+comment, pl)
	if code != exitDenied {
		t.Fatalf("exit %d (%s)", code, stderr)
	}
	b, err := os.ReadFile(comment)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) >= 65536 {
		t.Errorf("a %d-byte comment", len(b))
	}
	for _, bad := range []string{"](https://", "<img", "@nexabrands/"} {
		if strings.Contains(string(b), bad) {
			t.Errorf("%q reached the comment", bad)
		}
	}
}
