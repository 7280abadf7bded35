package notify

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

func sampleMetrics() Metrics {
	return Metrics{
		Command: "drift", Stack: "nexabrands-prod",
		Drift:    &DriftCounts{ByClass: map[string]int{"security": 1, "benign": 2, "cost": 0}, Total: 2, Known: 1},
		Findings: []FindingCount{{Decision: "deny", Severity: "critical", N: 1}, {Decision: "warn", Severity: "medium", N: 2}},
		Cost:     &CostFigures{Before: 100, After: 160.5, Diff: 60.5},
		Time:     time.Unix(1_800_000_000, 0),
		ExitCode: 2,
	}
}

func parse(t *testing.T, r io.Reader) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(r)
	if err != nil {
		t.Fatal(err)
	}
	return mfs
}

// value finds the gauge of a family whose labels include want.
func value(t *testing.T, mfs map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	t.Helper()
	mf := mfs[name]
	if mf == nil {
		t.Fatalf("no %s", name)
	}
next:
	for _, m := range mf.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if have[k] != v {
				continue next
			}
		}
		return m.GetGauge().GetValue()
	}
	t.Fatalf("no %s%v", name, want)
	return 0
}

func TestTextfileReadBack(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plangate_drift.prom")
	if err := os.WriteFile(path, []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteTextfile(path, sampleMetrics()); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mfs := parse(t, f)
	stack := map[string]string{"stack": "nexabrands-prod", "command": "drift"}
	with := func(k, v string) map[string]string {
		m := map[string]string{k: v}
		for a, b := range stack {
			m[a] = b
		}
		return m
	}
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"plangate_drift_resources", with("class", "security"), 1},
		{"plangate_drift_resources", with("class", "benign"), 2},
		{"plangate_drift_resources", with("class", "cost"), 0},
		{"plangate_drift_resources_total", stack, 2},
		{"plangate_drift_known_resources", stack, 1},
		{"plangate_findings", map[string]string{"decision": "deny", "severity": "critical", "stack": "nexabrands-prod"}, 1},
		{"plangate_findings", map[string]string{"decision": "warn", "severity": "medium"}, 2},
		{"plangate_cost_monthly_usd", with("state", "after"), 160.5},
		{"plangate_cost_diff_monthly_usd", stack, 60.5},
		{"plangate_last_run_timestamp_seconds", stack, 1_800_000_000},
		{"plangate_last_run_exit_code", stack, 2},
	} {
		if got := value(t, mfs, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	// Nothing but the file is left behind, and no cost metric when the run priced nothing.
	m := sampleMetrics()
	m.Cost = nil
	if err := WriteTextfile(path, m); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want the metrics file only", len(entries))
	}
	b, _ := os.ReadFile(path)
	if strings.Contains(string(b), "plangate_cost") {
		t.Error("cost metrics without a cost")
	}
}

func TestTextfileUnwritable(t *testing.T) {
	err := WriteTextfile(filepath.Join(t.TempDir(), "missing", "x.prom"), sampleMetrics())
	if err == nil || !strings.Contains(err.Error(), "writing metrics") {
		t.Errorf("err %v", err)
	}
}

// A local httptest receiver stands in for the Pushgateway: it checks the PUT to the group's path
// and parses the body.
func TestPushgateway(t *testing.T) {
	var method, path string
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method, path = r.Method, r.URL.Path
		body, _ = io.ReadAll(r.Body)
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	if err := Push(context.Background(), srv.URL, sampleMetrics(), srv.Client()); err != nil {
		t.Fatal(err)
	}
	if method != http.MethodPut || path != "/metrics/job/plangate/stack/nexabrands-prod/command/drift" && path != "/metrics/job/plangate/command/drift/stack/nexabrands-prod" { // map order
		t.Errorf("%s %s", method, path)
	}
	mfs := parse(t, strings.NewReader(string(body)))
	if got := value(t, mfs, "plangate_drift_resources", map[string]string{"class": "security"}); got != 1 {
		t.Errorf("security %v", got)
	}
	for _, m := range mfs["plangate_drift_resources"].GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == "stack" {
				t.Error("pushed metrics carry the grouping label stack themselves")
			}
		}
	}
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "boom", 500) })
	if err := Push(context.Background(), srv.URL, sampleMetrics(), srv.Client()); err == nil || !strings.Contains(err.Error(), "500") {
		t.Errorf("err %v", err)
	}
}
