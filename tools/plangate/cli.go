package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/plan"
	"github.com/nexabrands/supplychain/policy/report"
)

// Exit codes (see DESIGN.md and README.md).
const (
	exitPass     = 0
	exitDenied   = 1
	exitUsage    = 10
	exitReadPlan = 11
	exitBadPlan  = 12
	exitPolicy   = 13
	exitOutput   = 14
	exitInternal = 15
)

const exitHelp = `Exit codes:
  0   pass (warnings allowed)
  1   policy denied (a denied finding, or an expired waiver)
  2   drift found              (plangate drift)
  3   cost gate failed         (plangate cost)
  10  bad flags or arguments
  11  the plan file cannot be read
  12  the input is not a valid plan (empty, truncated, not JSON, unknown format)
  13  a policy, configuration or waiver file is invalid
  14  an output file cannot be written
  15  internal error
A tool error is never a pass.`

// exitError carries an exit code through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func fail(code int, err error) error { return &exitError{code: code, err: err} }

// run is the whole program; main only passes the process's arguments, streams and environment.
func run(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	root := newRoot(stdout, stderr, getenv)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitPass
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.code != exitDenied {
			fmt.Fprintln(stderr, "plangate:", ee.err)
		}
		return ee.code
	}
	// Cobra's own errors: unknown command or flag, wrong number of arguments.
	fmt.Fprintln(stderr, "plangate:", err)
	fmt.Fprintln(stderr, "Run 'plangate --help' for usage.")
	return exitUsage
}

func newRoot(stdout, stderr io.Writer, getenv func(string) string) *cobra.Command {
	root := &cobra.Command{
		Use:   "plangate",
		Short: "Judge Terraform plans with embedded Rego rules",
		Long: "plangate reads the JSON of `terraform show -json PLANFILE` and judges it with built-in Rego\n" +
			"rules (S3, Glue, Redshift, IAM, DynamoDB, KMS, EC2/VPC, conventions, the supplychain provider)\n" +
			"and your own conftest-style policies. It works offline.\n\n" + exitHelp,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fail(exitUsage, fmt.Errorf("%w (see 'plangate %s --help')", err, c.Name()))
	})
	root.AddCommand(newCheck(stdout, getenv), newPolicy(stdout), newVersion(stdout))
	root.AddCommand(newDrift(stdout, stderr, getenv))
	return root
}

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
}

func newCheck(stdout io.Writer, getenv func(string) string) *cobra.Command {
	var fl checkFlags
	c := &cobra.Command{
		Use:   "check PLAN.json",
		Short: "Judge a plan; exit 1 when a finding is denied",
		Long: "Judge the JSON of `terraform show -json PLANFILE` (use - for standard input).\n\n" +
			"--format F[=PATH] may be repeated: text (default), json, sarif, junit, github, markdown.\n" +
			"Without =PATH a format goes to standard output. With GITHUB_ACTIONS=true, github\n" +
			"annotations are added to standard output.\n\n" + exitHelp,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd.Context(), args[0], fl, stdout, getenv)
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
	return c
}

type output struct {
	format string
	path   string // "" for standard output
}

func parseFormats(specs []string, github bool) ([]output, error) {
	var outs []output
	for _, s := range specs {
		name, path, _ := strings.Cut(s, "=")
		if !report.Known(name) {
			return nil, fmt.Errorf("--format %q: unknown format (one of %s)", s, strings.Join(report.Formats, ", "))
		}
		if strings.Contains(s, "=") && path == "" {
			return nil, fmt.Errorf("--format %q: empty path", s)
		}
		outs = append(outs, output{name, path})
	}
	if len(outs) == 0 {
		outs = append(outs, output{format: "text"})
	}
	if github {
		has := false
		for _, o := range outs {
			has = has || o.format == "github"
		}
		if !has {
			outs = append(outs, output{format: "github"})
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

func runCheck(ctx context.Context, path string, fl checkFlags, stdout io.Writer, getenv func(string) string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	outs, err := parseFormats(fl.formats, getenv("GITHUB_ACTIONS") == "true")
	if err != nil {
		return fail(exitUsage, err)
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
		if waivers, err = policy.LoadWaivers(fl.waivers); err != nil {
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
	opts := policy.CheckOptions{Config: cfg, User: user, Waivers: waivers, NewOnly: fl.newOnly, SourceDir: fl.source, NoBuiltin: fl.noBuilt}
	popts := policy.PlanOptions(opts) // only what the rules read
	p, err := readPlan(path, popts)
	if err != nil {
		return err
	}
	if fl.noBuilt && user == nil {
		return fail(exitUsage, errors.New("--no-builtin needs at least one --policy directory"))
	}
	if fl.base != "" {
		if opts.Base, err = readPlan(fl.base, popts); err != nil {
			return err
		}
	}
	res, err := policy.Check(ctx, p, opts)
	if err != nil {
		return fail(exitInternal, err)
	}
	color := !fl.noColor && getenv("NO_COLOR") == "" && isTerminal(stdout)
	ropts := report.Options{Color: color, Version: version, Verbose: fl.verbose}
	for _, o := range outs {
		if err := writeOutput(o, res, ropts, stdout); err != nil {
			return fail(exitOutput, err)
		}
	}
	if res.Denied() {
		return fail(exitDenied, errors.New("policy denied"))
	}
	return nil
}

func writeOutput(o output, res *policy.Result, ropts report.Options, stdout io.Writer) error {
	if o.path == "" {
		return report.Render(stdout, o.format, res, ropts)
	}
	if dir := filepath.Dir(o.path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("writing %s report: %w", o.format, err)
		}
	}
	f, err := os.Create(o.path)
	if err != nil {
		return fmt.Errorf("writing %s report: %w", o.format, err)
	}
	ropts.Color = false
	if err := report.Render(f, o.format, res, ropts); err != nil {
		f.Close()
		return fmt.Errorf("writing %s report to %s: %w", o.format, o.path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s report to %s: %w", o.format, o.path, err)
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func newPolicy(stdout io.Writer) *cobra.Command {
	c := &cobra.Command{Use: "policy", Short: "Test, list and show rules"}
	var coverage float64
	var noBuiltin, verbose bool
	test := &cobra.Command{
		Use:   "test [DIR]...",
		Short: "Run the Rego tests of the built-in rules and of user policy directories",
		RunE: func(cmd *cobra.Command, dirs []string) error {
			rep, err := policy.RunRegoTests(cmd.Context(), !noBuiltin, dirs, coverage > 0)
			if err != nil {
				return fail(exitPolicy, err)
			}
			for _, r := range rep.Results {
				if verbose || !r.Pass() {
					fmt.Fprintln(stdout, r.String())
				}
				if r.Error != nil {
					fmt.Fprintf(stdout, "  error: %v\n", r.Error)
				}
			}
			fmt.Fprintf(stdout, "%d passed, %d failed\n", rep.Passed, rep.Failed)
			if coverage > 0 {
				fmt.Fprintf(stdout, "coverage %.1f%% (threshold %.1f%%)\n", rep.Coverage, coverage)
			}
			switch {
			case rep.Passed+rep.Failed == 0:
				return fail(exitDenied, errors.New("no tests found"))
			case !rep.OK():
				return fail(exitDenied, errors.New("tests failed"))
			case coverage > 0 && rep.Coverage < coverage:
				return fail(exitDenied, fmt.Errorf("coverage %.1f%% is below %.1f%%", rep.Coverage, coverage))
			}
			return nil
		},
	}
	test.Flags().Float64Var(&coverage, "coverage", 0, "fail when line coverage (percent) is below this")
	test.Flags().BoolVar(&noBuiltin, "no-builtin", false, "test only the given directories")
	test.Flags().BoolVarP(&verbose, "verbose", "v", false, "print every test")

	var listFormat string
	list := &cobra.Command{
		Use:   "list",
		Short: "Print the catalogue of built-in rules",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rules, err := policy.BuiltinRules()
			if err != nil {
				return fail(exitInternal, err)
			}
			sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
			switch listFormat {
			case "json":
				return writeJSON(stdout, rules)
			case "text":
				for _, r := range rules {
					fmt.Fprintf(stdout, "%-15s %-9s %s\n", r.ID, r.Severity, r.Title)
				}
				return nil
			}
			return fail(exitUsage, fmt.Errorf("--format %q: use text or json", listFormat))
		},
	}
	list.Flags().StringVar(&listFormat, "format", "text", "text or json")

	show := &cobra.Command{
		Use:   "show RULE-ID",
		Short: "Print one rule's description, remediation and related checks",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rules, err := policy.BuiltinRules()
			if err != nil {
				return fail(exitInternal, err)
			}
			for _, r := range rules {
				if strings.EqualFold(r.ID, args[0]) {
					fmt.Fprintf(stdout, "%s  %s\nseverity:       %s\nresource types: %s\n", r.ID, r.Title, r.Severity, strings.Join(r.ResourceTypes, ", "))
					if r.Description != "" {
						fmt.Fprintf(stdout, "\n%s\n", r.Description)
					}
					fmt.Fprintf(stdout, "\nremediation: %s\n", r.Remediation)
					keys := make([]string, 0, len(r.Related))
					for k := range r.Related {
						keys = append(keys, k)
					}
					sort.Strings(keys)
					for _, k := range keys {
						fmt.Fprintf(stdout, "%s: %s\n", k, strings.Join(r.Related[k], ", "))
					}
					fmt.Fprintf(stdout, "source: %s (%s)\n", r.File, r.Package)
					return nil
				}
			}
			return fail(exitUsage, fmt.Errorf("no rule %q (see 'plangate policy list')", args[0]))
		},
	}
	c.AddCommand(test, list, show)
	return c
}

func newVersion(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print plangate's version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			v := version
			opa := ""
			if bi, ok := debug.ReadBuildInfo(); ok {
				for _, d := range bi.Deps {
					if d.Path == "github.com/open-policy-agent/opa" {
						opa = d.Version
					}
				}
			}
			fmt.Fprintf(stdout, "plangate %s", v)
			if opa != "" {
				fmt.Fprintf(stdout, " (OPA %s)", opa)
			}
			fmt.Fprintln(stdout)
		},
	}
}
