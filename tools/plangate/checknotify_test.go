package main

// Slack cannot be reached from here: the notifications go to local httptest receivers.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A denied check posts one Block Kit message with the top findings; a passing check posts
// nothing unless --notify-always; a tool error is told as "could not judge"; the webhook URL is
// in no output, even when Slack fails and echoes it, and a failed notification is a warning that
// keeps the verdict's exit code.
func TestCheckNotifySlack(t *testing.T) {
	h, url := startHook(t, 200)
	env := map[string]string{"PLANGATE_SLACK_WEBHOOK": url, "GITHUB_SERVER_URL": "https://github.com",
		"GITHUB_REPOSITORY": "nexabrands/supplychain", "GITHUB_RUN_ID": "78"}
	rep := filepath.Join(t.TempDir(), "check.json")
	code, out, errOut := plangate(t, env, "check", goof, "--notify", "slack", "--stack", "prod", "--format", "text", "--format", "json="+rep)
	if code != 1 || len(h.bodies) != 1 {
		t.Fatalf("exit %d, %d messages\n%s%s", code, len(h.bodies), out, errOut)
	}
	var msg struct {
		Blocks []struct {
			Type string `json:"type"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(h.bodies[0]), &msg); err != nil || len(msg.Blocks) < 4 || msg.Blocks[0].Type != "header" {
		t.Errorf("message %s (%v)", h.bodies[0], err)
	}
	for _, s := range []string{"Policy denied in prod", "SC-AWS-S3-004", "actions/runs/78|View the run", "deny"} {
		if !strings.Contains(h.bodies[0], s) {
			t.Errorf("message lacks %q: %s", s, h.bodies[0])
		}
	}
	b, _ := os.ReadFile(rep)
	for _, s := range []string{out, errOut, string(b), h.bodies[0]} {
		if strings.Contains(s, "SECRET") || strings.Contains(s, "xoxWebhook") {
			t.Errorf("the webhook URL leaks: %s", s)
		}
	}

	clean := writeFile(t, "clean.json", `{"format_version":"1.2","terraform_version":"1.5.7","planned_values":{"root_module":{}}}`)
	if code, out, errOut = plangate(t, env, "check", clean, "--notify", "slack"); code != 0 || len(h.bodies) != 1 {
		t.Errorf("a pass: exit %d, %d messages, want 0 and no new message\n%s%s", code, len(h.bodies), out, errOut)
	}
	if code, _, _ = plangate(t, env, "check", clean, "--notify", "slack", "--notify-always"); code != 0 || len(h.bodies) != 2 || !strings.Contains(h.bodies[1], "Policy passed in default") {
		t.Errorf("--notify-always: exit %d, %d messages", code, len(h.bodies))
	}
	if code, _, _ = plangate(t, env, "check", "/nonexistent.json", "--notify", "slack"); code != 11 || len(h.bodies) != 3 || !strings.Contains(h.bodies[2], "could not judge") {
		t.Errorf("tool error: exit %d, %d messages", code, len(h.bodies))
	}

	// Slack answers 403 and echoes the URL's path: a warning, the webhook scrubbed, exit 1 kept.
	bad, badURL := startHook(t, 403)
	code, out, errOut = plangate(t, map[string]string{"PLANGATE_SLACK_WEBHOOK": badURL}, "check", goof, "--notify", "slack")
	if code != 1 || len(bad.bodies) != 1 || !strings.Contains(errOut, "warning: posting to Slack: Slack answered 403") {
		t.Errorf("exit %d, %d requests, stderr %s", code, len(bad.bodies), errOut)
	}
	if strings.Contains(out+errOut, "SECRET") || strings.Contains(out+errOut, "xoxWebhook") {
		t.Errorf("the webhook URL leaks:\n%s%s", out, errOut)
	}
	// No webhook set: a warning; a pass stays a pass.
	if code, _, errOut = plangate(t, nil, "check", clean, "--notify", "slack", "--notify-always"); code != 0 || !strings.Contains(errOut, "PLANGATE_SLACK_WEBHOOK is not set") {
		t.Errorf("exit %d, stderr %s", code, errOut)
	}
	// Flags are checked before anything is read.
	for name, c := range map[string]struct {
		args []string
		want int
	}{
		"bad channel":          {[]string{"check", goof, "--notify", "teams"}, 10},
		"empty stack":          {[]string{"check", goof, "--stack", ""}, 10},
		"metrics over a plan":  {[]string{"check", clean, "--metrics", clean}, 14},
		"metrics, no such dir": {[]string{"check", "/nonexistent.json", "--metrics", filepath.Join(t.TempDir(), "m.prom")}, 11},
	} {
		if code, out, errOut := plangate(t, nil, c.args...); code != c.want {
			t.Errorf("%s: exit %d, want %d\n%s%s", name, code, c.want, out, errOut)
		}
	}
}

func TestCheckMetrics(t *testing.T) {
	gw, gwURL := startGateway(t)
	file := filepath.Join(t.TempDir(), "plangate_check.prom")
	code, out, errOut := plangate(t, nil, "check", goof, "--metrics", file, "--pushgateway", gwURL, "--stack", "prod")
	if code != 1 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	mfs := readMetrics(t, file)
	pushed := gw.pushes()
	if v := mfs["plangate_last_run_exit_code"].GetMetric()[0].GetGauge().GetValue(); v != 1 {
		t.Errorf("exit code metric %v", v)
	}
	denied := 0.0
	for _, m := range mfs["plangate_findings"].GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == "decision" && l.GetValue() == "deny" {
				denied += m.GetGauge().GetValue()
			}
			if l.GetName() == "command" && l.GetValue() != "check" || l.GetName() == "stack" && l.GetValue() != "prod" {
				t.Errorf("label %s=%s", l.GetName(), l.GetValue())
			}
		}
	}
	if denied == 0 {
		t.Error("no denied findings counted")
	}
	if _, ok := mfs["plangate_drift_resources"]; ok {
		t.Error("a check writes drift metrics")
	}
	if len(pushed) != 1 || !pushedTo(pushed[0], "prod", "check") {
		t.Errorf("pushed %v", pushed)
	}
	// An unreachable gateway and an unwritable file are warnings; the verdict stays.
	code, _, errOut = plangate(t, nil, "check", goof, "--metrics", "/proc/nope/x.prom", "--pushgateway", "http://127.0.0.1:1")
	if code != 1 || strings.Count(errOut, "warning:") != 2 {
		t.Errorf("exit %d, stderr %s", code, errOut)
	}
}

// pushedTo reports whether a push went to job plangate grouped by stack and command: client_golang
// writes the grouping labels in map order, so either order is right.
func pushedTo(push, stack, command string) bool {
	first, _, _ := strings.Cut(push, "\n")
	return first == "PUT /metrics/job/plangate/stack/"+stack+"/command/"+command ||
		first == "PUT /metrics/job/plangate/command/"+command+"/stack/"+stack
}
