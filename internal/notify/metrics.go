package notify

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/push"
	"github.com/prometheus/common/expfmt"
)

// Metrics are one run's figures. Every metric carries the labels stack and command: in the
// textfile as labels, on the Pushgateway as the grouping key (job "plangate").
//
//	plangate_drift_resources{class}            drifted resources left after known drift, by class
//	plangate_drift_resources_total             drifted resources left after known drift
//	plangate_drift_known_resources             drifted resources silenced by known drift
//	plangate_findings{decision,severity}       findings by decision and severity
//	plangate_cost_monthly_usd{state}           monthly cost, state before or after
//	plangate_cost_diff_monthly_usd             monthly cost difference
//	plangate_last_run_timestamp_seconds        when the run ended
//	plangate_last_run_exit_code                the run's exit code
type Metrics struct {
	Command string
	Stack   string
	// Drift is set for a drift run: counts by class ("security", "cost" …), Total and Known.
	Drift *DriftCounts
	// Findings counts findings by decision and severity.
	Findings []FindingCount
	// Cost is set when the run priced anything.
	Cost     *CostFigures
	Time     time.Time
	ExitCode int
}

// DriftCounts are a drift run's resource counts.
type DriftCounts struct {
	ByClass map[string]int
	Total   int
	Known   int
}

// FindingCount is the number of findings of one decision and severity.
type FindingCount struct {
	Decision, Severity string
	N                  int
}

// CostFigures are monthly costs in USD.
type CostFigures struct{ Before, After, Diff float64 }

// Registry returns the metrics in a registry, labelled (textfile) or not (the Pushgateway adds
// its grouping key).
func (m Metrics) Registry(labelled bool) (*prometheus.Registry, error) {
	reg := prometheus.NewRegistry()
	var r prometheus.Registerer = reg
	if labelled {
		r = prometheus.WrapRegistererWith(prometheus.Labels{"stack": m.Stack, "command": m.Command}, reg)
	}
	gauge := func(name, help string, v float64) error {
		g := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
		g.Set(v)
		return r.Register(g)
	}
	vec := func(name, help string, labels ...string) (*prometheus.GaugeVec, error) {
		g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, labels)
		return g, r.Register(g)
	}
	if d := m.Drift; d != nil {
		g, err := vec("plangate_drift_resources", "Drifted resources left after the known-drift file, by class (a resource can have several).", "class")
		if err != nil {
			return nil, err
		}
		classes := make([]string, 0, len(d.ByClass))
		for c := range d.ByClass {
			classes = append(classes, c)
		}
		sort.Strings(classes)
		for _, c := range classes {
			g.WithLabelValues(c).Set(float64(d.ByClass[c]))
		}
		if err := gauge("plangate_drift_resources_total", "Drifted resources left after the known-drift file.", float64(d.Total)); err != nil {
			return nil, err
		}
		if err := gauge("plangate_drift_known_resources", "Drifted resources silenced by the known-drift file.", float64(d.Known)); err != nil {
			return nil, err
		}
	}
	g, err := vec("plangate_findings", "Findings by decision and severity.", "decision", "severity")
	if err != nil {
		return nil, err
	}
	for _, f := range m.Findings {
		g.WithLabelValues(f.Decision, f.Severity).Add(float64(f.N))
	}
	if c := m.Cost; c != nil {
		cg, err := vec("plangate_cost_monthly_usd", "Monthly cost in USD, before and after.", "state")
		if err != nil {
			return nil, err
		}
		cg.WithLabelValues("before").Set(c.Before)
		cg.WithLabelValues("after").Set(c.After)
		if err := gauge("plangate_cost_diff_monthly_usd", "Monthly cost difference in USD (after - before).", c.Diff); err != nil {
			return nil, err
		}
	}
	t := m.Time
	if t.IsZero() {
		t = time.Now()
	}
	if err := gauge("plangate_last_run_timestamp_seconds", "When the last run ended (Unix time).", float64(t.UnixNano())/1e9); err != nil {
		return nil, err
	}
	if err := gauge("plangate_last_run_exit_code", "The last run's exit code (0 pass, 1 denied, 2 drift, 3 cost, 10+ tool error).", float64(m.ExitCode)); err != nil {
		return nil, err
	}
	return reg, nil
}

// WriteTextfile writes the metrics in the Prometheus text format for node_exporter's textfile
// collector, atomically: a temporary file in the same directory (whose name node_exporter
// ignores: it does not end in .prom), synced, then renamed over path.
func WriteTextfile(path string, m Metrics) (err error) {
	reg, err := m.Registry(true)
	if err != nil {
		return fmt.Errorf("writing metrics %s: %w", path, err)
	}
	mfs, err := reg.Gather()
	if err != nil {
		return fmt.Errorf("writing metrics %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing metrics %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	enc := expfmt.NewEncoder(tmp, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			return fmt.Errorf("writing metrics %s: %w", path, err)
		}
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("writing metrics %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("writing metrics %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing metrics %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing metrics %s: %w", path, err)
	}
	return nil
}

// Push replaces the metrics of the group job="plangate", stack, command on a Pushgateway (HTTP
// PUT), in the text format.
func Push(ctx context.Context, gateway string, m Metrics, client *http.Client) error {
	reg, err := m.Registry(false)
	if err != nil {
		return fmt.Errorf("pushing metrics to %s: %w", gateway, err)
	}
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	p := push.New(gateway, "plangate").Gatherer(reg).Client(client).
		Grouping("stack", m.Stack).Grouping("command", m.Command).
		Format(expfmt.NewFormat(expfmt.TypeTextPlain))
	if err := p.PushContext(ctx); err != nil {
		return fmt.Errorf("pushing metrics: %w", err)
	}
	return nil
}
