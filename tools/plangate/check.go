package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/plan"
	"github.com/nexabrands/supplychain/policy/report"
)

type checkFlags struct {
	config  string
	policy  []string
	waivers string
	formats []string
	newOnly bool
	base    string
	source  string
	noColor bool
	verbose bool
	noBuilt bool
	timeout time.Duration
	tell    checkTell // --notify, --metrics … (checknotify.go)
	usage   string
	region  string
	noCost  bool
	gate    string
}

// newCheck is `plangate check PLAN.json`.
func newCheck(stdout, stderr io.Writer, getenv func(string) string) *cobra.Command {
	var fl checkFlags
	c := &cobra.Command{
		Use:   "check PLAN.json",
		Short: "Judge a plan and its monthly cost; exit 1 when a finding is denied, 3 when the cost gate fails",
		Long: "Judge the JSON of `terraform show -json PLANFILE` (use - for standard input).\n\n" +
			"--format F[=PATH] may be repeated: text (default), json, sarif, junit, github, markdown.\n" +
			"Without =PATH a format goes to standard output (one format at most). With\n" +
			"GITHUB_ACTIONS=true, github annotations are added to standard output. Reports are\n" +
			"written when the verdict is final, all or none; a report path that is an input, a\n" +
			"symbolic link, or leads out of the working directory through one is refused (exit 14).\n\n" +
			"In the same run, on the same read plan, the plan is priced offline as `plangate cost` prices\n" +
			"it (before = the prior state, or with --base the base plan's planned values; --usage and\n" +
			"--region as there) and judged by the cost gate (rule SC-COST-001; config params\n" +
			"cost_fail_increase, cost_warn_increase, cost_fail_percent, cost_budget; --cost-gate DIR\n" +
			"replaces it with your own Rego, as `plangate cost --gate` does). Every format carries\n" +
			"the cost section and the gate's verdict. Exit 1 when a policy denied (1 wins over 3), else 3\n" +
			"when the cost gate failed; a warning from the gate passes. What cannot be priced is listed\n" +
			"with the reason, and the gate says it judged only what was priced. --no-cost skips it all.\n\n" +
			checkTellHelp,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := fl.tell.check(append([]string{args[0], fl.base, fl.config, fl.waivers}, fl.policy...)); err != nil {
				return err
			}
			var doc *report.Document
			err := runCheck(cmd.Context(), args[0], fl, stdout, getenv, &doc)
			fl.tell.tell(cmd.Context(), doc, err, stderr, getenv)
			return err
		},
	}
	f := c.Flags()
	f.StringVar(&fl.config, "config", "", "configuration file (YAML): rule parameters, severity actions, per-rule overrides")
	f.StringArrayVar(&fl.policy, "policy", nil, "directory of user Rego policies (conftest-style deny/warn/violation); repeatable")
	f.StringVar(&fl.waivers, "waivers", "", "waiver file (YAML): rule, address glob, reason, owner, expires")
	f.StringArrayVar(&fl.formats, "format", nil, "output format F or F=PATH; repeatable ("+strings.Join(report.Formats, ", ")+")")
	f.BoolVar(&fl.newOnly, "new-only", false, "report only findings on resources the plan creates or updates")
	f.StringVar(&fl.base, "base", "", "plan of the base branch: findings it has too are not reported")
	f.StringVar(&fl.source, "source", "", "root module directory, to locate findings in .tf files")
	f.BoolVar(&fl.noColor, "no-color", false, "no colour in text output")
	f.BoolVar(&fl.noBuilt, "no-builtin", false, "skip the built-in rules (only --policy rules judge the plan)")
	f.BoolVar(&fl.verbose, "verbose", false, "list passing findings in text output")
	fl.tell.register(f)
	f.StringVar(&fl.usage, "usage", "", "usage file (YAML) for the cost estimate: defaults per resource type, overrides per address glob")
	f.StringVar(&fl.region, "region", "", "AWS region for the cost estimate where the provider's region is not a literal in the plan")
	f.BoolVar(&fl.noCost, "no-cost", false, "do not price the plan: no cost section, no cost gate")
	f.StringVar(&fl.gate, "cost-gate", "", "directory of Rego that replaces the built-in cost gate (package supplychain.cost.gate, as plangate cost --gate)")
	f.DurationVar(&fl.timeout, "timeout", 0, "stop evaluating after this long, a tool error (default timeout in the configuration, else "+policy.DefaultTimeout.String()+")")
	return c
}

// checkOutputs checks the flags alone, before any file is read: a wrong combination is a usage
// error (exit 10).
func checkOutputs(path string, fl checkFlags, getenv func(string) string) ([]report.Output, error) {
	outs, err := report.ParseOutputs(fl.formats)
	if err != nil {
		return nil, err
	}
	if getenv("GITHUB_ACTIONS") == "true" {
		has := false
		for _, o := range outs {
			has = has || o.Format == "github"
		}
		if !has {
			outs = append(outs, report.Output{Format: "github"})
		}
	}
	if fl.timeout < 0 {
		return nil, fmt.Errorf("--timeout %v: want a positive duration", fl.timeout)
	}
	if fl.noBuilt && len(fl.policy) == 0 {
		return nil, errors.New("--no-builtin needs at least one --policy directory")
	}
	if fl.noCost && (fl.usage != "" || fl.region != "" || fl.gate != "") {
		return nil, errors.New("--usage, --region and --cost-gate price the plan: they cannot go with --no-cost")
	}
	if fl.region != "" && !regionPattern.MatchString(fl.region) {
		return nil, fmt.Errorf("--region %q is not an AWS region name (like us-east-1)", fl.region)
	}
	if path == "-" && fl.base == "-" {
		return nil, errors.New("the plan and --base cannot both be standard input")
	}
	if fl.base != "" && fl.base != "-" {
		if _, err := os.Stat(fl.base); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("--base %s: no such file", fl.base)
		}
	}
	return outs, nil
}

func readPlan(path string, opts plan.Options) (*plan.Plan, error) {
	var p *plan.Plan
	var err error
	if path == "-" {
		p, err = plan.ReadWith("<stdin>", os.Stdin, opts)
	} else {
		p, err = plan.ReadFileWith(path, opts)
	}
	if err != nil {
		if plan.KindOf(err) == plan.Unreadable {
			return nil, fail(exitReadPlan, err)
		}
		return nil, fail(exitBadPlan, err)
	}
	return p, nil
}

// runCheck wires the flags to the packages, in the order that keeps a gate honest: flags, output
// paths, policy files, plans, the check, then the reports, written only when the verdict is final.
// The document is handed back through done once the verdict is final (for notifications).
func runCheck(ctx context.Context, path string, fl checkFlags, stdout io.Writer, getenv func(string) string, done **report.Document) error {
	if ctx == nil {
		ctx = context.Background()
	}
	outs, err := checkOutputs(path, fl, getenv)
	if err != nil {
		return fail(exitUsage, err)
	}
	inputs := append([]string{path, fl.base, fl.config, fl.waivers, fl.usage}, fl.policy...)
	if err := report.CheckPaths(outs, inputs); err != nil {
		return fail(exitOutput, err)
	}
	if !fl.noBuilt {
		policy.PrepareBuiltin() // compiles while the plan is read
	}
	cfg := policy.DefaultConfig()
	if fl.config != "" {
		if cfg, err = policy.LoadConfig(fl.config); err != nil {
			return fail(exitPolicy, err)
		}
	}
	var waivers []*policy.Waiver
	if fl.waivers != "" {
		if waivers, err = policy.LoadWaivers(fl.waivers, cfg.WaiverOptions()); err != nil {
			return fail(exitPolicy, err)
		}
	}
	var user *policy.UserPolicies
	if len(fl.policy) > 0 {
		if user, err = policy.LoadUserPolicies(ctx, fl.policy, cfg.PolicyNamespaces); err != nil {
			return fail(exitPolicy, err)
		}
		if user.Rules() == 0 {
			return fail(exitPolicy, fmt.Errorf("no deny, warn or violation rules in packages %s under %s (set policy_namespaces in the configuration)",
				strings.Join(cfg.PolicyNamespaces, ", "), strings.Join(fl.policy, ", ")))
		}
	}
	var pricing *costRun
	if !fl.noCost {
		if pricing, err = loadCost(fl.usage, fl.region, fl.gate, cfg); err != nil {
			return err
		}
		if fl.timeout > 0 {
			pricing.timeout = fl.timeout
		}
	}
	opts := policy.CheckOptions{Config: cfg, User: user, Waivers: waivers, NewOnly: fl.newOnly, SourceDir: fl.source, NoBuiltin: fl.noBuilt, Timeout: fl.timeout}
	popts := policy.PlanOptions(opts) // only what the rules read
	if pricing != nil {
		// The estimate reads the planned values, the prior state and the configuration (not the
		// changes' values).
		popts.NoStateValues, popts.NoConfiguration = false, false
	}
	defer withMemoryTarget(memoryTarget([]string{path, fl.base}, popts, cfg.MemoryLimit.Bytes, getenv))()
	p, err := readPlan(path, popts)
	if err != nil {
		return err
	}
	if fl.base != "" {
		if opts.Base, err = readPlan(fl.base, popts); err != nil {
			return err
		}
	}
	// The plan is priced while the rules judge it: both only read the same read plans (nothing
	// is read twice), and the rules leave cores idle at the end of their run.
	var (
		priced  chan struct{}
		costSec *report.CostSection
		costErr error
	)
	if pricing != nil {
		priced = make(chan struct{})
		go func() {
			defer close(priced)
			defer func() {
				if r := recover(); r != nil { // a panic here would escape run's recover
					costErr = fail(exitInternal, fmt.Errorf("pricing %s: internal error: %v", p.Path, r))
				}
			}()
			costSec, costErr = pricing.judge(ctx, p, opts.Base)
		}()
	}
	res, err := policy.Check(ctx, p, opts)
	if priced != nil {
		<-priced
	}
	if err != nil {
		return fail(checkExit(err), err)
	}
	doc := report.FromCheck(res, version)
	if pricing != nil {
		if costErr != nil {
			return costErr
		}
		doc.Cost = costSec
		doc.Finish()
	}
	*done = doc
	ropts := report.Options{
		Color:      !fl.noColor && getenv("NO_COLOR") == "" && isTerminal(stdout),
		Verbose:    fl.verbose,
		FullReport: fullReport(outs, getenv),
	}
	if err := report.Write(outs, doc, ropts, stdout); err != nil {
		return fail(exitOutput, err)
	}
	switch {
	case doc.Summary.Deny > 0 || len(doc.Errors) > 0:
		return fail(exitDenied, errors.New("policy denied"))
	case doc.Cost != nil && doc.Cost.Failed:
		return fail(exitCost, errors.New("cost gate failed"))
	case doc.Failed():
		return fail(exitInternal, fmt.Errorf("the report's verdict is %s for no reason plangate knows", doc.Verdict))
	}
	return nil
}

// fullReport is where the Markdown comment sends its reader when it leaves findings out: the
// workflow run on GitHub Actions, else the first other report file.
func fullReport(outs []report.Output, getenv func(string) string) string {
	if s, r, id := getenv("GITHUB_SERVER_URL"), getenv("GITHUB_REPOSITORY"), getenv("GITHUB_RUN_ID"); s != "" && r != "" && id != "" {
		return strings.TrimSuffix(s, "/") + "/" + r + "/actions/runs/" + id
	}
	for _, o := range outs {
		if o.Path != "" && o.Format != "markdown" && o.Format != "github" {
			return o.Path
		}
	}
	return ""
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// checkExit is the exit code of a check that could not judge: a failing user rule is the
// policy's fault (13); a built-in rule's error or a time or memory limit is 15.
func checkExit(err error) int {
	if policy.IsInvalid(err) {
		return exitPolicy
	}
	return exitInternal
}
