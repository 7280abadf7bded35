package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/spf13/cobra"

	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/cost"
	"github.com/nexabrands/supplychain/policy/plan"
)

var regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

type costFlags struct {
	base      string
	usage     string
	region    string
	config    string
	gate      string
	format    string
	explain   bool
	sheetInfo bool
}

func newCost(stdout io.Writer) *cobra.Command {
	var fl costFlags
	c := &cobra.Command{
		Use:   "cost PLAN.json",
		Short: "Monthly cost of a plan, before and after, with the cost gate; exit 3 when it fails",
		Long: "Price the JSON of `terraform show -json PLANFILE` (use - for standard input) offline, from the\n" +
			"embedded, dated price sheet (USD, on-demand, 730 h/month) and a usage file, per resource and\n" +
			"cost component; before = the plan's prior state, or with --base the base plan's planned values.\n" +
			"What cannot be priced is listed with the reason (no price for the type or the region, value\n" +
			"unknown until apply, usage not given), never counted as 0 USD. The region is the provider's\n" +
			"region where the plan gives it as a literal (per alias), else --region.\n\n" +
			"The cost gate (Rego, package supplychain.cost.gate) fails at a monthly increase of 140 USD or\n" +
			"more and warns from 70 USD; --config params cost_fail_increase, cost_warn_increase,\n" +
			"cost_fail_percent and cost_budget change it; --gate DIR replaces it with your own Rego over the\n" +
			"same input (documented in policy/rules/cost/gate.rego).",
		Args: func(cmd *cobra.Command, args []string) error {
			if fl.sheetInfo && len(args) == 0 {
				return nil
			}
			return cobra.ExactArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCost(cmd, args, fl, stdout)
		},
	}
	f := c.Flags()
	f.StringVar(&fl.base, "base", "", "plan of the base branch: its planned values are the cost before")
	f.StringVar(&fl.usage, "usage", "", "usage file (YAML): defaults per resource type, overrides per address glob")
	f.StringVar(&fl.region, "region", "", "AWS region for resources whose provider region is not a literal in the plan")
	f.StringVar(&fl.config, "config", "", "configuration file (YAML); params cost_fail_increase, cost_warn_increase, cost_fail_percent, cost_budget")
	f.StringVar(&fl.gate, "gate", "", "directory of Rego that replaces the built-in gate (package supplychain.cost.gate)")
	f.StringVar(&fl.format, "format", "text", "output format: text, json or markdown")
	f.BoolVar(&fl.explain, "explain", false, "print each figure's arithmetic and the sheet row it used")
	f.BoolVar(&fl.sheetInfo, "sheet-info", false, "print the price sheet's dates, sources and sha256 (and exit, without a plan)")
	return c
}

func runCost(cmd *cobra.Command, args []string, fl costFlags, stdout io.Writer) error {
	switch fl.format {
	case "text", "json", "markdown":
	default:
		return fail(exitUsage, fmt.Errorf("--format %q: use text, json or markdown", fl.format))
	}
	if fl.region != "" && !regionPattern.MatchString(fl.region) {
		return fail(exitUsage, fmt.Errorf("--region %q is not an AWS region name (like us-east-1)", fl.region))
	}
	sheet, err := cost.Embedded()
	if err != nil {
		return fail(exitInternal, err)
	}
	if fl.sheetInfo {
		if err := sheet.WriteInfo(stdout); err != nil {
			return fail(exitOutput, err)
		}
		if len(args) == 0 {
			return nil
		}
		fmt.Fprintln(stdout)
	}
	gp := cost.DefaultGateParams()
	lim := policy.DefaultConfig() // the limits a replacement gate runs under
	if fl.config != "" {
		cfg, err := policy.LoadConfig(fl.config)
		if err != nil {
			return fail(exitPolicy, err)
		}
		lim = cfg
		if gp, err = cost.GateParamsFrom(cfg.Params); err != nil {
			return fail(exitPolicy, fmt.Errorf("reading config %s: %w", fl.config, err))
		}
	}
	var usage *cost.Usage
	if fl.usage != "" {
		if usage, err = cost.LoadUsage(fl.usage); err != nil {
			return fail(exitPolicy, err)
		}
	}
	p, err := readPlan(args[0], plan.Options{})
	if err != nil {
		return err
	}
	var base *plan.Plan
	if fl.base != "" {
		if base, err = readPlan(fl.base, plan.Options{}); err != nil {
			return err
		}
	}
	res, err := cost.Compute(p, base, cost.Options{Region: fl.region, Usage: usage, Sheet: sheet})
	if err != nil {
		return fail(exitInternal, err)
	}
	var v *cost.Verdict
	if fl.gate != "" {
		// A replacement gate runs under the limits of a check (the configuration's, or the defaults).
		err = policy.Bounded(cmd.Context(), lim.Timeout.Duration, lim.MemoryLimit.Bytes, "cost gate "+fl.gate, func(ctx context.Context) error {
			v, err = res.GateFrom(ctx, fl.gate, gp)
			return err
		})
		var le *policy.LimitError
		if errors.As(err, &le) {
			return fail(exitInternal, err)
		}
	} else {
		v, err = res.Gate(cmd.Context(), gp)
	}
	if err != nil {
		return fail(exitPolicy, err)
	}
	switch fl.format {
	case "json":
		err = res.WriteJSON(stdout, v)
	case "markdown":
		_, err = io.WriteString(stdout, res.Markdown(v))
	default:
		err = res.WriteText(stdout, v, fl.explain)
	}
	if err != nil {
		return fail(exitOutput, err)
	}
	if v.Verdict == "fail" {
		return fail(exitCost, errors.New("cost gate failed"))
	}
	return nil
}
