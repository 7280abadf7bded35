package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"

	"github.com/nexabrands/supplychain/internal/notify"
	"github.com/nexabrands/supplychain/policy/report"
)

// checkTell holds plangate check's notification and metrics flags; their semantics are those of
// plangate drift: a failed notification or metrics write is a warning on stderr and never
// changes the exit code, and the webhook URL ($PLANGATE_SLACK_WEBHOOK) appears in no output.
type checkTell struct {
	notify       []string
	notifyAlways bool
	metrics      string
	pushgateway  string
	stack        string
}

const checkTellHelp = "--notify slack posts a Block Kit message to the webhook in $" + notify.WebhookEnv + " when the\n" +
	"gate fails (a denied finding, a failed cost gate, or a run that could not judge), with the top\n" +
	"findings; --notify-always posts on every run. --metrics FILE writes Prometheus metrics for\n" +
	"node_exporter's textfile collector; --pushgateway URL pushes them. A notification or metrics\n" +
	"failure is a warning: the exit code stays the verdict's."

func (t *checkTell) register(f *pflag.FlagSet) {
	f.StringArrayVar(&t.notify, "notify", nil, "notify a channel when the gate fails: slack (webhook URL in $"+notify.WebhookEnv+")")
	f.BoolVar(&t.notifyAlways, "notify-always", false, "notify also when the gate passes")
	f.StringVar(&t.metrics, "metrics", "", "write Prometheus metrics to FILE (textfile collector; written atomically)")
	f.StringVar(&t.pushgateway, "pushgateway", "", "push Prometheus metrics to this Pushgateway URL")
	f.StringVar(&t.stack, "stack", "default", "stack name, for messages and metric labels")
}

// check refuses bad flags (exit 10) and a metrics file that is an input (exit 14), before
// anything is read.
func (t *checkTell) check(inputs []string) error {
	for _, n := range t.notify {
		if n != "slack" {
			return fail(exitUsage, fmt.Errorf("--notify %q: the only channel is slack", n))
		}
	}
	if t.stack == "" {
		return fail(exitUsage, errors.New("--stack: empty name"))
	}
	if t.metrics != "" {
		if err := report.CheckPaths([]report.Output{{Format: "metrics", Path: t.metrics}}, inputs); err != nil {
			return fail(exitOutput, err)
		}
	}
	return nil
}

// tell sends what the flags ask for about a finished check: doc is nil when the run could not
// judge (runErr says why).
func (t *checkTell) tell(ctx context.Context, doc *report.Document, runErr error, stderr io.Writer, getenv func(string) string) {
	if len(t.notify) == 0 && t.metrics == "" && t.pushgateway == "" {
		return
	}
	code := exitPass
	var ee *exitError
	if errors.As(runErr, &ee) {
		code = ee.code
	} else if runErr != nil {
		code = exitInternal
	}
	if code >= exitUsage {
		doc = nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, notifyTimeout)
	defer cancel()
	warn := func(err error) { fmt.Fprintln(stderr, "plangate: warning:", err) }
	if len(t.notify) > 0 && (code != exitPass || t.notifyAlways) {
		var m notify.Message
		if doc != nil {
			m = notify.CheckMessage(doc, t.stack)
		} else {
			m = notify.ErrorMessage("check", t.stack, runErr)
		}
		m.RunURL = notify.RunURL(getenv)
		m.Context = append(m.Context, "plangate "+version)
		s := &notify.Slack{WebhookURL: getenv(notify.WebhookEnv)}
		if err := s.Send(ctx, m); err != nil {
			warn(err)
		}
	}
	if t.metrics == "" && t.pushgateway == "" {
		return
	}
	mt := notify.CheckMetrics(doc, t.stack, code)
	mt.Time = time.Now()
	if t.metrics != "" {
		if err := notify.WriteTextfile(t.metrics, mt); err != nil {
			warn(err)
		}
	}
	if t.pushgateway != "" {
		if err := notify.Push(ctx, t.pushgateway, mt, nil); err != nil {
			warn(err)
		}
	}
}
