package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/internal/githubapi/githubapitest"
)

const ghToken = "ghs_plangateTestToken42"

// commentEnv is a GitHub Actions environment pointing at the local API.
func commentEnv(api *githubapitest.Server, event string) map[string]string {
	return map[string]string{
		"GITHUB_TOKEN":      ghToken,
		"GITHUB_API_URL":    api.URL,
		"GITHUB_REPOSITORY": "nexabrands/supplychain",
		"GITHUB_EVENT_PATH": event,
		"GITHUB_ACTIONS":    "true",
	}
}

func TestCommentGitHubCheckReport(t *testing.T) {
	api := githubapitest.New(ghToken)
	defer api.Close()
	dir := t.TempDir()
	event := filepath.Join(dir, "event.json")
	if err := os.WriteFile(event, []byte(`{"number":12,"pull_request":{"number":12}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	env := commentEnv(api, event)
	plansDir, err := filepath.Abs(plans)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)

	// A denied plan: the gate fails, its comment is created.
	code, _, stderr := plangate(t, env, "check", "--format", "markdown=report.md", filepath.Join(plansDir, "supplychain_pipeline.json"))
	if code != exitDenied {
		t.Fatalf("check exit %d, want 1: %s", code, stderr)
	}
	code, out, stderr := plangate(t, env, "comment", "github", "report.md")
	if code != 0 || !strings.Contains(out, "comment created on nexabrands/supplychain#12") {
		t.Fatalf("comment exit %d: %s %s", code, out, stderr)
	}
	// The same PR, fixed: the one comment is updated in place.
	code, _, stderr = plangate(t, env, "check", "--format", "markdown=report.md", filepath.Join(plansDir, "hashicorp__terraform__testing__equivalence-tests__outputs__drift_refresh_only__plan.json"))
	if code != exitPass {
		t.Fatalf("check exit %d: %s", code, stderr)
	}
	code, out, _ = plangate(t, env, "comment", "github", "report.md")
	if code != 0 || !strings.Contains(out, "comment updated") {
		t.Fatalf("comment exit %d: %s", code, out)
	}
	cs := api.Comments(12)
	if len(cs) != 1 || !strings.HasPrefix(cs[0].Body, "<!-- plangate:check -->\n## ✅ plangate check: PASS") {
		t.Fatalf("comments: %+v", cs)
	}
	// A drift report has its own marker: a second comment, kept apart from the check's.
	if err := os.WriteFile("drift.md", []byte("<!-- plangate:drift -->\n## ❌ plangate drift: FAIL\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, _ = plangate(t, env, "comment", "github", "--pr", "12", "drift.md"); code != 0 || !strings.Contains(out, "created") {
		t.Fatalf("drift comment exit %d: %s", code, out)
	}
	if n := len(api.Comments(12)); n != 2 {
		t.Fatalf("%d comments, want 2", n)
	}
	for _, s := range []string{out, stderr} {
		if strings.Contains(s, ghToken) {
			t.Fatal("token printed")
		}
	}
}

func TestCommentGitHubForbidden(t *testing.T) {
	api := githubapitest.New(ghToken)
	defer api.Close()
	api.ReadOnly = true
	report := writeFile(t, "r.md", "<!-- plangate:check -->\n## ❌ plangate check: FAIL\n")
	env := commentEnv(api, "")
	code, out, stderr := plangate(t, env, "comment", "github", "--pr", "4", report)
	if code != 0 || !strings.Contains(stderr, "warning: the comment was not posted") || !strings.Contains(stderr, "HTTP 403: Resource not accessible by integration") ||
		!strings.HasPrefix(out, "::warning title=plangate comment::") {
		t.Fatalf("exit %d, out %q, stderr %q", code, out, stderr)
	}
	code, _, stderr = plangate(t, env, "comment", "github", "--pr", "4", "--fail-on-forbidden", report)
	if code != exitOutput || !strings.Contains(stderr, "HTTP 403") {
		t.Fatalf("--fail-on-forbidden: exit %d, %q", code, stderr)
	}
}

func TestCommentGitHubTokenNeverPrinted(t *testing.T) {
	api := githubapitest.New(ghToken + "-other")
	defer api.Close()
	api.Echo = true // the 401 quotes the Authorization header it got
	report := writeFile(t, "r.md", "<!-- plangate:check -->\nx\n")
	code, out, stderr := plangate(t, commentEnv(api, ""), "comment", "github", "--pr", "4", "--fail-on-forbidden", report)
	if code != exitOutput || !strings.Contains(stderr, "Bearer ***") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if strings.Contains(out+stderr, ghToken) {
		t.Fatalf("token printed: %q %q", out, stderr)
	}
}

func TestCommentGitHubUsage(t *testing.T) {
	api := githubapitest.New(ghToken)
	defer api.Close()
	report := writeFile(t, "r.md", "<!-- plangate:check -->\nx\n")
	notReport := writeFile(t, "n.md", "# hello\n")
	noPR := writeFile(t, "push.json", `{"ref":"refs/heads/main"}`)
	env := commentEnv(api, "")
	without := func(k string) map[string]string {
		e := commentEnv(api, "")
		delete(e, k)
		return e
	}
	cases := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"no token", without("GITHUB_TOKEN"), []string{"--pr", "1", report}, exitUsage, "GITHUB_TOKEN is not set"},
		{"no repository", without("GITHUB_REPOSITORY"), []string{"--pr", "1", report}, exitUsage, "no repository"},
		{"bad repository", env, []string{"--repo", "x", "--pr", "1", report}, exitUsage, "want owner/name"},
		{"no pull request", env, []string{report}, exitUsage, "no pull request"},
		{"event not a pull request", commentEnv(api, noPR), []string{report}, exitUsage, "not about a pull request"},
		{"missing report", env, []string{"--pr", "1", filepath.Join(t.TempDir(), "none.md")}, exitReadPlan, "none.md"},
		{"not a report", env, []string{"--pr", "1", notReport}, exitReadPlan, "not a plangate Markdown report"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := plangate(t, c.env, append([]string{"comment", "github"}, c.args...)...)
			if code != c.code || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)", code, c.code, stderr, c.want)
			}
		})
	}
	if n := len(api.Requests()); n != 0 {
		t.Fatalf("%d API requests on bad usage", n)
	}
}
