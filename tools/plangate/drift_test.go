package main

// Slack cannot be reached from here: the notifications go to local httptest receivers.

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

const driftPlans = "../../policy/drift/testdata/plans"

var (
	goof    = filepath.Join(driftPlans, "snyk-labs__terraform-goof__tf-plan.json")
	noDrift = filepath.Join(plans, "supplychain_pipeline.json")
)

const hookPath = "/services/T0SECRET/B0SECRET/xoxWebhookTokenForTests"

type hook struct {
	mu     sync.Mutex
	bodies []string
	status int
}

func startHook(t *testing.T, status int) (*hook, string) {
	h := &hook{status: status}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.bodies = append(h.bodies, string(b))
		h.mu.Unlock()
		if r.URL.Path != hookPath {
			http.Error(w, "no_service", 404)
			return
		}
		w.WriteHeader(h.status)
		_, _ = io.WriteString(w, "answer naming "+r.URL.Path)
	}))
	t.Cleanup(srv.Close)
	return h, srv.URL + hookPath
}

func TestDriftExitCodes(t *testing.T) {
	expired := writeFile(t, "expired.yaml", `known_drift:
  - {address: module.storage.*, attribute: "*", reason: r, owner: o, expires: 2020-01-01}
`)
	silenced := writeFile(t, "known.yaml", `known_drift:
  - {address: module.storage.*, attribute: "*", reason: storage migration, owner: ops@nexabrands.example, expires: 2999-12-31}
`)
	src, err := os.ReadFile(goof)
	if err != nil {
		t.Fatal(err)
	}
	planCopy := writeFile(t, "plan.json", string(src))
	target := writeFile(t, "target.txt", "keep")
	link := filepath.Join(t.TempDir(), "report.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if b, _ := os.ReadFile(target); string(b) != "keep" {
			t.Errorf("a drift report was written through a symbolic link: %q", b)
		}
		if b, _ := os.ReadFile(planCopy); string(b) != string(src) {
			t.Error("a drift report overwrote the plan")
		}
	})
	bare := writeFile(t, "bare.yaml", `known_drift:
  - {address: "*", attribute: "*", reason: r, owner: o, expires: 2999-12-31}
`)
	for name, c := range map[string]struct {
		args []string
		want int
	}{
		"drift":                 {[]string{"drift", goof}, 2},
		"no drift":              {[]string{"drift", noDrift}, 0},
		"all known":             {[]string{"drift", goof, "--known-drift", silenced}, 0},
		"expired entry":         {[]string{"drift", goof, "--known-drift", expired}, 2},
		"bare * refused":        {[]string{"drift", goof, "--known-drift", bare}, 13},
		"missing known file":    {[]string{"drift", goof, "--known-drift", "/nonexistent.yaml"}, 13},
		"missing plan":          {[]string{"drift", "/nonexistent.json"}, 11},
		"not a plan":            {[]string{"drift", writeFile(t, "x.json", "{}")}, 12},
		"bad format":            {[]string{"drift", goof, "--format", "yaml"}, 10},
		"bad region":            {[]string{"drift", goof, "--region", "mars"}, 10},
		"usage file not valid":  {[]string{"drift", goof, "--usage", writeFile(t, "u.yaml", "version: 9\n")}, 13},
		"bad channel":           {[]string{"drift", goof, "--notify", "teams"}, 10},
		"no argument":           {[]string{"drift"}, 10},
		"unwritable report":     {[]string{"drift", goof, "--format", "json=/proc/nope/x.json"}, 14},
		"config file not valid": {[]string{"drift", goof, "--config", writeFile(t, "c.yaml", "unknown_key: 1\n")}, 13},
		"report over the plan":  {[]string{"drift", planCopy, "--format", "json=" + planCopy}, 14},
		"report over a link":    {[]string{"drift", goof, "--format", "json=" + link}, 14},
		"metrics over the plan": {[]string{"drift", planCopy, "--metrics", planCopy}, 14},
		"two formats to stdout": {[]string{"drift", goof, "--format", "text", "--format", "json"}, 10},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := plangate(t, nil, c.args...)
			if code != c.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.want, out, errOut)
			}
		})
	}
}

// Drift posts one Block Kit message; no drift posts nothing unless --notify-always; the webhook
// URL is in no output, not even when Slack fails and echoes it, and a failed notification is a
// warning that keeps the verdict's exit code.
func TestDriftNotifySlack(t *testing.T) {
	h, url := startHook(t, 200)
	env := map[string]string{"PLANGATE_SLACK_WEBHOOK": url, "GITHUB_SERVER_URL": "https://github.com",
		"GITHUB_REPOSITORY": "nexabrands/supplychain", "GITHUB_RUN_ID": "77"}
	report := filepath.Join(t.TempDir(), "drift.json")
	code, out, errOut := plangate(t, env, "drift", goof, "--notify", "slack", "--stack", "prod", "--format", "text", "--format", "json="+report)
	if code != 2 || len(h.bodies) != 1 {
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
	for _, s := range []string{"Drift in prod: 2 resources", "SC-AWS-S3-004", "actions/runs/77|View the run"} {
		if !strings.Contains(h.bodies[0], s) {
			t.Errorf("message lacks %q: %s", s, h.bodies[0])
		}
	}
	b, _ := os.ReadFile(report)
	for _, s := range []string{out, errOut, string(b), h.bodies[0]} {
		if strings.Contains(s, "SECRET") || strings.Contains(s, "xoxWebhook") {
			t.Errorf("the webhook URL leaks: %s", s)
		}
	}

	code, _, _ = plangate(t, env, "drift", noDrift, "--notify", "slack")
	if code != 0 || len(h.bodies) != 1 {
		t.Errorf("no drift: exit %d, %d messages, want 0 and no new message", code, len(h.bodies))
	}
	code, _, _ = plangate(t, env, "drift", noDrift, "--notify", "slack", "--notify-always")
	if code != 0 || len(h.bodies) != 2 || !strings.Contains(h.bodies[1], "No drift in default") {
		t.Errorf("--notify-always: exit %d, %d messages", code, len(h.bodies))
	}

	// Slack answers 403 and echoes the URL's path: a warning, the webhook scrubbed, exit 2 kept.
	bad, badURL := startHook(t, 403)
	code, out, errOut = plangate(t, map[string]string{"PLANGATE_SLACK_WEBHOOK": badURL}, "drift", goof, "--notify", "slack")
	if code != 2 || len(bad.bodies) != 1 || !strings.Contains(errOut, "warning: posting to Slack: Slack answered 403") {
		t.Errorf("exit %d, %d requests, stderr %s", code, len(bad.bodies), errOut)
	}
	if strings.Contains(out+errOut, "SECRET") || strings.Contains(out+errOut, "xoxWebhook") {
		t.Errorf("the webhook URL leaks:\n%s%s", out, errOut)
	}
	// No webhook set: a warning, the verdict kept.
	code, _, errOut = plangate(t, nil, "drift", goof, "--notify", "slack")
	if code != 2 || !strings.Contains(errOut, "PLANGATE_SLACK_WEBHOOK is not set") {
		t.Errorf("exit %d, stderr %s", code, errOut)
	}
	// A tool error is told too: the gate could not judge.
	code, _, _ = plangate(t, env, "drift", "/nonexistent.json", "--notify", "slack")
	if code != 11 || len(h.bodies) != 3 || !strings.Contains(h.bodies[2], "could not judge") {
		t.Errorf("tool error: exit %d, %d messages", code, len(h.bodies))
	}
}

func TestDriftMetrics(t *testing.T) {
	gw, gwURL := startGateway(t)
	file := filepath.Join(t.TempDir(), "plangate_drift.prom")
	code, out, errOut := plangate(t, nil, "drift", goof, "--metrics", file, "--pushgateway", gwURL, "--stack", "prod")
	if code != 2 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	mfs := readMetrics(t, file)
	pushed := gw.pushes()
	got := map[string]float64{}
	for _, name := range []string{"plangate_drift_resources", "plangate_findings", "plangate_last_run_exit_code", "plangate_drift_resources_total"} {
		for _, m := range mfs[name].GetMetric() {
			key := name
			for _, l := range m.GetLabel() {
				if l.GetName() != "stack" && l.GetName() != "command" {
					key += "," + l.GetName() + "=" + l.GetValue()
				} else if l.GetName() == "stack" && l.GetValue() != "prod" {
					t.Errorf("%s: stack %q", name, l.GetValue())
				}
			}
			got[key] = m.GetGauge().GetValue()
		}
	}
	for k, want := range map[string]float64{
		"plangate_drift_resources,class=security":       1,
		"plangate_drift_resources,class=other":          1,
		"plangate_drift_resources,class=benign":         0,
		"plangate_drift_resources_total":                2,
		"plangate_findings,decision=deny,severity=high": 1,
		"plangate_last_run_exit_code":                   2,
	} {
		if v, ok := got[k]; !ok || v != want {
			t.Errorf("%s = %v (present %v), want %v", k, v, ok, want)
		}
	}
	if len(pushed) != 1 || !pushedTo(pushed[0], "prod", "drift") ||
		!strings.Contains(pushed[0], `plangate_drift_resources{class="security"} 1`) {
		t.Errorf("pushed %v", pushed)
	}
	// An unreachable gateway and an unwritable file are warnings; the verdict stays.
	code, _, errOut = plangate(t, nil, "drift", noDrift, "--metrics", "/proc/nope/x.prom", "--pushgateway", "http://127.0.0.1:1")
	if code != 0 || strings.Count(errOut, "warning:") != 2 {
		t.Errorf("exit %d, stderr %s", code, errOut)
	}
}

// A hand resize is cost drift priced from the embedded sheet: 730 h × 0.0832 → 730 h × 0.1664
// USD, +60.74 a month (the figure plangate cost gives for the same resize when planned); with
// the region given as one the sheet has no EC2 prices for, it is unpriced with the reason.
func TestDriftPricedResize(t *testing.T) {
	resized := filepath.Join("testdata", "drift-resized-instance.json")
	h, url := startHook(t, 200)
	code, out, errOut := plangate(t, map[string]string{"PLANGATE_SLACK_WEBHOOK": url}, "drift", resized, "--notify", "slack")
	if code != 2 || !strings.Contains(out, "aws_instance.airflow  [cost]") || !strings.Contains(out, "cost: 60.74 → 121.47 USD/month (+60.74)") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	if len(h.bodies) != 1 || !strings.Contains(h.bodies[0], "cost: 60.74 → 121.47 USD/month (+60.74)") || !strings.Contains(h.bodies[0], `*priced drift*\n+60.74 USD/month`) {
		t.Errorf("the Slack message lacks the priced drift: %v", h.bodies)
	}
	src, err := os.ReadFile(resized)
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := writeFile(t, "af.json", strings.Replace(string(src), `"constant_value": "us-east-1"`, `"constant_value": "af-south-1"`, 1))
	code, out, _ = plangate(t, nil, "drift", elsewhere, "--format", "json")
	if code != 2 || !strings.Contains(out, `"priced": false`) || !strings.Contains(out, "no price for ec2.instance.t3.large in af-south-1") {
		t.Errorf("af-south-1: exit %d\n%s", code, out)
	}
}

// An errored plan (a partial refresh, "errored": true) must never be judged as whole: the plan
// reader refuses it and plangate drift maps any
// refusal of the reader but an unreadable file to exit 12.
func TestDriftErroredPlanIsNotJudged(t *testing.T) {
	src, err := os.ReadFile(goof)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	doc["errored"] = true
	b, _ := json.Marshal(doc)
	errored := writeFile(t, "errored.json", string(b))
	if code, out, errOut := plangate(t, nil, "drift", errored); code != 12 {
		t.Errorf("errored plan: exit %d, want 12\n%s%s", code, out, errOut)
	}
}

// gateway is a local Pushgateway stand-in that records each push as "METHOD PATH\nBODY".
type gateway struct {
	mu     sync.Mutex
	pushed []string
}

func startGateway(t *testing.T) (*gateway, string) {
	g := &gateway{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		g.mu.Lock()
		g.pushed = append(g.pushed, r.Method+" "+r.URL.Path+"\n"+string(b))
		g.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	return g, srv.URL
}

func (g *gateway) pushes() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.pushed...)
}

// readMetrics reads a textfile-collector file back with expfmt.
func readMetrics(t *testing.T, file string) map[string]*dto.MetricFamily {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := parser.TextToMetricFamilies(f)
	if err != nil {
		t.Fatal(err)
	}
	return mfs
}
