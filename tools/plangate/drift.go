package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/nexabrands/supplychain/internal/notify"
	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/cost"
	"github.com/nexabrands/supplychain/policy/drift"
	"github.com/nexabrands/supplychain/policy/report"
)

// notifyTimeout bounds the notifications of one run (Slack's retries included).
const notifyTimeout = 60 * time.Second

type driftFlags struct {
	known        string
	config       string
	formats      []string
	notify       []string
	notifyAlways bool
	metrics      string
	pushgateway  string
	stack        string
	usage        string
	region       string
}

func newDrift(stdout, stderr io.Writer, getenv func(string) string) *cobra.Command {
	var fl driftFlags
	c := &cobra.Command{
		Use:   "drift PLAN.json",
		Short: "Report drift (changes made outside Terraform); exit 2 when drift remains",
		Long: "Read the JSON of `terraform show -json PLANFILE` of a refresh-only plan\n" +
			"(`terraform plan -refresh-only -out PLANFILE`) or of a normal plan, and report what changed\n" +
			"outside Terraform (resource_drift), attribute by attribute (use - for standard input),\n" +
			"classed security (a built-in rule fails on the drifted values and passed, or failed\n" +
			"otherwise, on the recorded ones), cost, benign (tags, descriptions, timestamps), other,\n" +
			"or deleted. A normal plan's resource_changes are listed as not applied yet: they are\n" +
			"not drift. Terraform's -detailed-exitcode is not needed.\n\n" +
			"--known-drift FILE silences known drift until each entry expires; an expired entry\n" +
			"fails the run. --format F[=PATH] may be repeated: text (default), json, sarif, junit,\n" +
			"github, markdown (a PR comment with a drift section); reports are written all or none.\n" +
			"Cost drift is priced with plangate cost's estimator (embedded price sheet; --usage,\n" +
			"--region as for plangate cost): before and after a month in USD, or why it is unpriced.\n\n" +
			"--notify slack posts a Block Kit message to the webhook in $" + notify.WebhookEnv + "\n" +
			"when drift remains or the run fails (always with --notify-always). --metrics FILE writes\n" +
			"Prometheus metrics for node_exporter's textfile collector; --pushgateway URL pushes them.\n" +
			"A notification or metrics failure is a warning: the exit code stays the verdict's.\n\n" +
			"Exit codes: 0 no drift, 2 drift found (or an expired known-drift entry), 10+ tool error\n" +
			"(see 'plangate --help').",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) (err error) {
			// A Go panic exits 2, the drift code: an internal error must not read as drift.
			defer func() {
				if r := recover(); r != nil {
					err = fail(exitInternal, fmt.Errorf("internal error: %v", r))
				}
			}()
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			return runDrift(ctx, args[0], fl, stdout, stderr, getenv)
		},
	}
	f := c.Flags()
	f.StringVar(&fl.known, "known-drift", "", "known-drift file (YAML): address glob, attribute glob, reason, owner, expires")
	f.StringVar(&fl.config, "config", "", "configuration file of plangate check (rule parameters and overrides)")
	f.StringArrayVar(&fl.formats, "format", nil, "output format F or F=PATH; repeatable ("+strings.Join(report.Formats, ", ")+")")
	f.StringArrayVar(&fl.notify, "notify", nil, "notify a channel: slack (webhook URL in $"+notify.WebhookEnv+")")
	f.BoolVar(&fl.notifyAlways, "notify-always", false, "notify also when there is no drift")
	f.StringVar(&fl.metrics, "metrics", "", "write Prometheus metrics to FILE (textfile collector; written atomically)")
	f.StringVar(&fl.pushgateway, "pushgateway", "", "push Prometheus metrics to this Pushgateway URL")
	f.StringVar(&fl.stack, "stack", "default", "stack name, for messages and metric labels")
	f.StringVar(&fl.usage, "usage", "", "usage file of plangate cost (YAML), to price usage-based cost drift")
	f.StringVar(&fl.region, "region", "", "AWS region for resources whose provider region is not a literal in the plan (pricing)")
	return c
}

func runDrift(ctx context.Context, path string, fl driftFlags, stdout, stderr io.Writer, getenv func(string) string) error {
	outs, err := report.ParseOutputs(fl.formats)
	if err != nil {
		return fail(exitUsage, err)
	}
	if fl.region != "" && !regionPattern.MatchString(fl.region) {
		return fail(exitUsage, fmt.Errorf("--region %q is not an AWS region name (like us-east-1)", fl.region))
	}
	for _, n := range fl.notify {
		if n != "slack" {
			return fail(exitUsage, fmt.Errorf("--notify %q: the only channel is slack", n))
		}
	}
	if fl.stack == "" {
		return fail(exitUsage, errors.New("--stack: empty name"))
	}
	inputs := []string{path, fl.known, fl.config, fl.usage, fl.metrics}
	if err := report.CheckPaths(outs, inputs); err != nil {
		return fail(exitOutput, err)
	}
	if fl.metrics != "" {
		if err := report.CheckPaths([]report.Output{{Format: "metrics", Path: fl.metrics}}, inputs[:4]); err != nil {
			return fail(exitOutput, err)
		}
	}
	rep, err := judgeDrift(ctx, path, fl)
	code := exitPass
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		code = ee.code
	case err != nil:
		code, err = exitInternal, fail(exitInternal, err)
	}
	if err == nil {
		doc := report.FromDrift(rep, version)
		ropts := report.Options{
			Color:      getenv("NO_COLOR") == "" && isTerminal(stdout),
			FullReport: fullReport(outs, getenv),
		}
		if werr := report.Write(outs, doc, ropts, stdout); werr != nil {
			code, err = exitOutput, fail(exitOutput, werr)
		}
	}
	if err == nil && rep.Failed() {
		code = exitDrift
		err = fail(exitDrift, errors.New(rep.Headline()))
	}
	tell(ctx, fl, rep, code, err, stderr, getenv)
	return err
}

// judgeDrift reads the inputs and analyses the drift; its errors carry their exit code.
func judgeDrift(ctx context.Context, path string, fl driftFlags) (*drift.Report, error) {
	policy.PrepareBuiltin() // compiles while the plan is read
	var known *drift.KnownFile
	var err error
	if fl.known != "" {
		if known, err = drift.LoadKnown(fl.known); err != nil {
			return nil, fail(exitPolicy, err)
		}
	}
	cfg := policy.DefaultConfig()
	if fl.config != "" {
		if cfg, err = policy.LoadConfig(fl.config); err != nil {
			return nil, fail(exitPolicy, err)
		}
	}
	var usage *cost.Usage
	if fl.usage != "" {
		if usage, err = cost.LoadUsage(fl.usage); err != nil {
			return nil, fail(exitPolicy, err)
		}
	}
	// An errored or incomplete plan is the reader's to refuse (exit 12): drift never judges a
	// partial refresh as whole.
	p, err := readPlan(path, policy.PlanOptions(policy.CheckOptions{}))
	if err != nil {
		return nil, err
	}
	pricer, err := cost.NewDriftPricer(p, cost.Options{Region: fl.region, Usage: usage})
	if err != nil {
		return nil, fail(exitInternal, err)
	}
	rep, err := drift.Analyze(ctx, p, drift.Options{Config: cfg, Known: known, Pricer: pricer})
	if err != nil {
		return nil, fail(exitInternal, err)
	}
	return rep, nil
}

// tell sends the notifications and metrics the flags ask for. Their failures are warnings.
func tell(ctx context.Context, fl driftFlags, rep *drift.Report, code int, runErr error, stderr io.Writer, getenv func(string) string) {
	ctx, cancel := context.WithTimeout(ctx, notifyTimeout)
	defer cancel()
	warn := func(err error) { fmt.Fprintln(stderr, "plangate: warning:", err) }
	if len(fl.notify) > 0 && (code != exitPass || fl.notifyAlways) {
		var m notify.Message
		if rep != nil && code < exitUsage {
			m = notify.DriftMessage(rep, fl.stack)
		} else {
			m = notify.ErrorMessage("drift", fl.stack, runErr)
		}
		m.RunURL = notify.RunURL(getenv)
		m.Context = append(m.Context, "plangate "+version)
		s := &notify.Slack{WebhookURL: getenv(notify.WebhookEnv)}
		if err := s.Send(ctx, m); err != nil {
			warn(err)
		}
	}
	if fl.metrics == "" && fl.pushgateway == "" {
		return
	}
	var r *drift.Report
	if code < exitUsage {
		r = rep
	}
	mt := notify.DriftMetrics(r, fl.stack, code)
	mt.Time = time.Now()
	if fl.metrics != "" {
		if err := notify.WriteTextfile(fl.metrics, mt); err != nil {
			warn(err)
		}
	}
	if fl.pushgateway != "" {
		if err := notify.Push(ctx, fl.pushgateway, mt, nil); err != nil {
			warn(err)
		}
	}
}
