package policy

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/nexabrands/supplychain/policy/plan"
)

// CheckOptions say what to judge and how.
type CheckOptions struct {
	Config  *Config       // nil: DefaultConfig()
	User    *UserPolicies // nil: built-in rules only
	Waivers []*Waiver
	// NewOnly reports only findings on resources the plan creates or updates.
	NewOnly bool
	// Base is a plan of the base branch: findings it has too are not reported.
	Base *plan.Plan
	// Now is the clock for waiver expiry; nil: time.Now.
	Now func() time.Time
	// SourceDir is the root module's directory; when set, findings carry the .tf file and line.
	SourceDir string
	// NoBuiltin skips the built-in rules: only the user policies judge the plan.
	NoBuiltin bool
	// Timeout bounds the evaluation (both plans with Base); 0: the configuration's timeout.
	Timeout time.Duration
	// MemoryLimit bounds the memory the process uses while evaluating, in bytes; 0: the
	// configuration's memory_limit.
	MemoryLimit int64
}

// Check evaluates the built-in rules and the user policies against a plan.
func Check(ctx context.Context, p *plan.Plan, opts CheckOptions) (*Result, error) {
	cfg := opts.Config
	if cfg == nil {
		cfg = DefaultConfig()
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	if err := cfg.checkUserIDs(opts.User); err != nil {
		return nil, err
	}
	timeout, memory := cfg.Timeout.Duration, cfg.MemoryLimit.Bytes
	if opts.Timeout > 0 {
		timeout = opts.Timeout
	}
	if opts.MemoryLimit > 0 {
		memory = opts.MemoryLimit
	}
	ctx, stop := withLimits(ctx, timeout, memory)
	defer stop()
	findings, rules, notices, err := evaluate(ctx, p, cfg, opts.User, !opts.NoBuiltin)
	if err != nil {
		return nil, err
	}
	if opts.Base != nil {
		baseFindings, _, _, err := evaluate(ctx, opts.Base, cfg, opts.User, !opts.NoBuiltin)
		if err != nil {
			return nil, fmt.Errorf("judging the base plan: %w", err)
		}
		findings = withoutBase(findings, baseFindings)
	}
	if opts.NewOnly {
		kept := findings[:0]
		for _, f := range findings {
			// Findings on the plan as a whole (a provider's region) stay.
			r := p.Resource(f.Address)
			if r == nil || r.Changed() {
				kept = append(kept, f)
			}
		}
		findings = kept
	}
	res := &Result{
		Plan: PlanInfo{Path: p.Path, FormatVersion: p.FormatVersion, TerraformVersion: p.TerraformVersion,
			Resources: len(p.Resources)},
		Findings: findings,
		Rules:    rules,
		Notices:  notices,
	}
	if opts.SourceDir != "" {
		// Locations annotate findings and do not change the verdict: what cannot be read is
		// a notice in every report, not a tool error.
		locs, problems := p.Locate(opts.SourceDir)
		for _, err := range problems {
			res.Notices = append(res.Notices, fmt.Sprintf("--source %s: %v", opts.SourceDir, err))
		}
		for i := range res.Findings {
			f := &res.Findings[i]
			if r := p.Resource(f.Address); r != nil {
				if l, ok := locs[r.ConfigAddress]; ok {
					// Relative to the working directory, as code scanning and annotations expect.
					f.File, f.Line = filepath.ToSlash(filepath.Join(opts.SourceDir, l.File)), l.Line
				}
			}
		}
	}
	applyWaivers(res, opts.Waivers, now())
	res.finish()
	return res, nil
}

// PlanOptions says how to read the plans of a check with these options: without the values of
// planned_values and prior_state when only user policies judge and none of them reads those (nor
// the configuration when they do not read it), and of resource_changes' values only the
// attributes the user policies read (none without them: the built-in rules and the cost estimate
// read the planned values).
func PlanOptions(opts CheckOptions) plan.Options {
	o := plan.Options{NoStateValues: opts.NoBuiltin && opts.User != nil && !opts.User.readsStateValues()}
	switch {
	case o.NoStateValues:
		o.ChangeValues = opts.User.changeValues()
		keys := opts.User.demand.topKeys()
		o.NoConfiguration = keys != nil && !keys["configuration"]
	case opts.User != nil:
		o.ChangeValues = opts.User.changeValues()
	default: // the built-in rules read the planned values, not the changes' (nor does the estimate)
		none := map[string]bool{}
		o.ChangeValues = &plan.ChangeValues{Before: none, After: none, AfterUnknown: nil, BeforeSensitive: nil, AfterSensitive: nil}
	}
	return o
}

func evaluate(ctx context.Context, p *plan.Plan, cfg *Config, user *UserPolicies, withBuiltin bool) ([]Finding, []Rule, []string, error) {
	if p.NoStateValues && (withBuiltin || user != nil && user.readsStateValues()) {
		return nil, nil, nil, fmt.Errorf("%s was read without its planned and prior values, which these rules read", p.Path)
	}
	if p.NoConfiguration && (withBuiltin || user == nil || user.readsConfiguration()) {
		return nil, nil, nil, fmt.Errorf("%s was read without its configuration, which these rules read", p.Path)
	}
	if user != nil && !p.ChangeValues.Covers(user.changeValues()) {
		return nil, nil, nil, fmt.Errorf("%s was read without attributes of its resource changes that these rules read", p.Path)
	}
	var findings []Finding
	var rules []Rule
	var notices []string
	if withBuiltin {
		set, err := builtin()
		if err != nil {
			return nil, nil, nil, err
		}
		input, err := inputValue(p, cfg.Params)
		if err != nil {
			return nil, nil, nil, err
		}
		outs, err := evalBuiltin(ctx, set, cfg, p, input)
		if err != nil {
			return nil, nil, nil, err
		}
		for _, cr := range set.rules {
			o, ok := outs[cr]
			if !ok {
				continue
			}
			rules = append(rules, cfg.builtinRule(cr.Rule))
			findings = append(findings, o.findings...)
		}
	}
	if user != nil && len(user.queries) > 0 {
		dv, err := user.documentValue(p)
		if err != nil {
			return nil, nil, nil, err
		}
		uf, excepted, err := evalUser(ctx, user, dv)
		if err != nil {
			return nil, nil, nil, err
		}
		notices = append(notices, excepted...)
		seen := map[string]bool{}
		for _, f := range uf {
			// Per-rule overrides apply to user rules too (by rule id, e.g. main.deny).
			if rc, ok := cfg.Rules[f.RuleID]; ok {
				if rc.Action == "off" {
					continue
				}
				if rc.Severity != "" {
					f.Severity = rc.Severity
				}
				if rc.Action != "" {
					f.Decision = Decision(rc.Action)
				}
			}
			if r := p.Resource(f.Address); r != nil {
				f.ResourceType, f.Actions = r.Type, r.Actions
			}
			if !seen[f.RuleID] {
				seen[f.RuleID] = true
				rules = append(rules, Rule{ID: f.RuleID, Title: f.RuleID, Severity: f.Severity, Source: "user"})
			}
			findings = append(findings, f)
		}
	}
	return findings, rules, notices, nil
}

// builtinRule is a built-in rule as the configuration sets it (its severity).
func (c *Config) builtinRule(r Rule) Rule {
	r.Severity = c.severity(r.ID, r.Severity)
	return r
}

func toFindings(p *plan.Plan, cfg *Config, rule Rule, o ruleOutput) []Finding {
	failed := map[string][]string{}
	for _, v := range o.fail {
		failed[v.address] = append(failed[v.address], v.msg)
	}
	unknown := map[string][]string{}
	for _, v := range o.unknown {
		unknown[v.address] = append(unknown[v.address], v.msg)
	}
	addrs := map[string]bool{}
	for _, a := range o.applicable {
		addrs[a] = true
	}
	for a := range failed {
		addrs[a] = true
	}
	for a := range unknown {
		addrs[a] = true
	}
	var out []Finding
	for a := range addrs {
		base := Finding{RuleID: rule.ID, Title: rule.Title, Severity: rule.Severity, Address: a,
			Remediation: rule.Remediation, Source: "builtin"}
		if r := p.Resource(a); r != nil {
			base.ResourceType, base.Actions = r.Type, r.Actions
		}
		switch {
		case len(failed[a]) > 0:
			for _, m := range failed[a] {
				f := base
				f.Status, f.Message = Fail, m
				f.Decision = cfg.decide(rule.ID, rule.Severity, Fail)
				out = append(out, f)
			}
		case len(unknown[a]) > 0:
			for _, m := range unknown[a] {
				f := base
				f.Status, f.Message = Unknown, m
				f.Decision = cfg.decide(rule.ID, rule.Severity, Unknown)
				out = append(out, f)
			}
		case hidden(p, a):
			// Nothing wrong in values the plan hides is not a pass.
			f := base
			f.Status = Unknown
			f.Message = fmt.Sprintf("%s: the plan marks the whole resource (or one that configures it) sensitive, so its values cannot be judged", rule.Title)
			f.Decision = cfg.decide(rule.ID, rule.Severity, Unknown)
			out = append(out, f)
		default:
			f := base
			f.Status, f.Message, f.Decision = Pass, rule.Title, Passed
			out = append(out, f)
		}
	}
	return out
}

// hidden reports whether the plan hides every value of the resource at address, or of a split
// resource that configures it (a whole-resource sensitive mark): rules judge a bucket by those.
func hidden(p *plan.Plan, address string) bool {
	r := p.Resource(address)
	if r == nil {
		return false
	}
	if r.Sensitive {
		return true
	}
	for _, as := range r.Related {
		for _, a := range as {
			if x := p.Resource(a); x != nil && x.Sensitive {
				return true
			}
		}
	}
	return false
}

func withoutBase(findings, base []Finding) []Finding {
	key := func(f Finding) string {
		return f.RuleID + "\x00" + f.Address + "\x00" + string(f.Status) + "\x00" + f.Message
	}
	inBase := map[string]bool{}
	for _, f := range base {
		if f.Status != Pass {
			inBase[key(f)] = true
		}
	}
	kept := findings[:0]
	for _, f := range findings {
		if f.Status == Pass || !inBase[key(f)] {
			kept = append(kept, f)
		}
	}
	return kept
}

func applyWaivers(res *Result, waivers []*Waiver, now time.Time) {
	for _, w := range waivers {
		w.used = false
	}
	for _, w := range waivers {
		if w.expired(now) {
			res.Errors = append(res.Errors, fmt.Sprintf("waiver for %s on %s (owner %s) expired on %s", w.Rule, w.Address, w.Owner, w.Expires))
		}
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Status == Pass {
			continue
		}
		for _, w := range waivers {
			if w.expired(now) || !w.matches(f) {
				continue
			}
			w.used = true
			wc := *w
			f.Waiver = &wc
			f.Decision = Waived
			break
		}
	}
	for _, w := range waivers {
		if !w.used && !w.expired(now) {
			res.Notices = append(res.Notices, fmt.Sprintf("waiver for %s on %s (owner %s) matched no finding", w.Rule, w.Address, w.Owner))
		}
	}
}
