package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/cost"
	"github.com/nexabrands/supplychain/policy/plan"
	"github.com/nexabrands/supplychain/policy/report"
)

// costRun is the cost part of `plangate check`: what it needs is loaded before any plan is
// read, so a bad usage file or cost parameter is a tool error (13) before the rules run.
type costRun struct {
	sheet  *cost.Sheet
	usage  *cost.Usage
	region string
	gate   cost.GateParams
	// gateDir holds the Rego that replaces the built-in gate; "" for the built-in one.
	gateDir string
	// timeout and memory bound the gate as the rules are bounded (the configuration's limits).
	timeout time.Duration
	memory  int64
}

func loadCost(usagePath, region, gateDir string, cfg *policy.Config) (*costRun, error) {
	sheet, err := cost.Embedded()
	if err != nil {
		return nil, fail(exitInternal, err)
	}
	cr := &costRun{sheet: sheet, region: region, gateDir: gateDir, timeout: cfg.Timeout.Duration, memory: cfg.MemoryLimit.Bytes}
	if cr.gate, err = cost.GateParamsFrom(cfg.Params); err != nil {
		return nil, fail(exitPolicy, fmt.Errorf("reading the cost parameters of the configuration: %w", err))
	}
	if usagePath != "" {
		if cr.usage, err = cost.LoadUsage(usagePath); err != nil {
			return nil, fail(exitPolicy, err)
		}
	}
	return cr, nil
}

// judge prices the plan (before: the base plan's planned values when base is given, else the
// prior state) and runs the cost gate. A gate that cannot judge is a tool error, never a pass.
func (cr *costRun) judge(ctx context.Context, p, base *plan.Plan) (*report.CostSection, error) {
	res, err := cost.Compute(p, base, cost.Options{Region: cr.region, Usage: cr.usage, Sheet: cr.sheet})
	if err != nil {
		return nil, fail(exitInternal, fmt.Errorf("pricing %s: %w", p.Path, err))
	}
	var v *cost.Verdict
	if cr.gateDir != "" {
		// The user's gate: its failure to judge is the policy's fault (13), a limit reached 15.
		err = policy.Bounded(ctx, cr.timeout, cr.memory, "cost gate "+cr.gateDir, func(ctx context.Context) error {
			v, err = res.GateFrom(ctx, cr.gateDir, cr.gate)
			return err
		})
		var le *policy.LimitError
		if errors.As(err, &le) {
			return nil, fail(exitInternal, err)
		}
		if err != nil {
			return nil, fail(exitPolicy, fmt.Errorf("cost gate %s: %w", cr.gateDir, err))
		}
	} else if v, err = res.Gate(ctx, cr.gate); err != nil {
		return nil, fail(exitInternal, err)
	}
	return report.CostFrom(res, v, cr.gate), nil
}
