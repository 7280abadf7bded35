package cost

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/nexabrands/supplychain/policy/internal/offline"
	costrules "github.com/nexabrands/supplychain/policy/rules/cost"
)

// GateParams are the gate's thresholds, in USD per month (FailPercent in percent of the cost
// before). Zero turns FailPercent and Budget off. They are read from the configuration file's
// params cost_fail_increase, cost_warn_increase, cost_fail_percent and cost_budget.
type GateParams struct {
	FailIncrease *big.Rat
	WarnIncrease *big.Rat
	FailPercent  *big.Rat
	Budget       *big.Rat
}

// DefaultGateParams are the team's gate: fail at +140 USD/month, warn at +70.
func DefaultGateParams() GateParams {
	return GateParams{FailIncrease: ratInt(140), WarnIncrease: ratInt(70), FailPercent: new(big.Rat), Budget: new(big.Rat)}
}

// GateParamsFrom reads the cost parameters from a configuration's params; others are ignored.
func GateParamsFrom(params map[string]any) (GateParams, error) {
	g := DefaultGateParams()
	for key, dst := range map[string]**big.Rat{
		"cost_fail_increase": &g.FailIncrease, "cost_warn_increase": &g.WarnIncrease,
		"cost_fail_percent": &g.FailPercent, "cost_budget": &g.Budget,
	} {
		v, ok := params[key]
		if !ok || v == nil {
			continue
		}
		r, err := usageNumber(v)
		if err != nil {
			return g, fmt.Errorf("params.%s: %w", key, err)
		}
		*dst = r
	}
	return g, nil
}

// Verdict is the gate's judgement.
type Verdict struct {
	Verdict string   `json:"verdict"` // pass, warn or fail
	Fail    []string `json:"fail"`
	Warn    []string `json:"warn"`
	Notes   []string `json:"notes"`
}

// preparedGate is a gate's prepared query and the top-level keys of its input it reads (nil: it
// may read any).
type preparedGate struct {
	pq    rego.PreparedEvalQuery
	reads map[string]bool
}

var gateQuery = sync.OnceValues(func() (*preparedGate, error) { return prepareGate(costrules.FS, "cost/") })

// prepareGate compiles the gate's modules (every non-test .rego file of fsys) and prepares its
// query. Like every module plangate compiles, offline (a gate calling http.send does not
// compile) and with builtin errors as errors.
func prepareGate(fsys fs.FS, prefix string) (*preparedGate, error) {
	mods := map[string]*ast.Module{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts(prefix+p, string(src), ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			return err
		}
		mods[prefix+p] = m
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("loading the cost gate: %w", err)
	}
	if len(mods) == 0 {
		return nil, fmt.Errorf("loading the cost gate: no .rego files in %s", prefix)
	}
	reads := inputKeys(mods) // of the modules as written: compiling rewrites them
	c := ast.NewCompiler().WithCapabilities(offline.Capabilities()).WithEnablePrintStatements(false)
	if c.Compile(mods); c.Failed() {
		return nil, fmt.Errorf("compiling the cost gate: %w", c.Errors)
	}
	pq, err := rego.New(rego.Compiler(c), rego.Query("data.supplychain.cost.gate"), rego.SetRegoVersion(ast.RegoV1),
		rego.Capabilities(offline.Capabilities()), rego.StrictBuiltinErrors(true)).PrepareForEval(context.Background())
	if err != nil {
		return nil, fmt.Errorf("preparing the cost gate: %w", err)
	}
	return &preparedGate{pq: pq, reads: reads}, nil
}

// inputKeys returns the top-level keys of the input the modules refer to, or nil when they may
// read others: the input as a whole, a key that is not a constant string, or `with`.
func inputKeys(mods map[string]*ast.Module) map[string]bool {
	keys := map[string]bool{}
	all := false
	for _, m := range mods {
		ast.WalkRefs(m, func(r ast.Ref) bool {
			if !r.HasPrefix(ast.InputRootRef) {
				return false
			}
			if len(r) < 2 {
				all = true
			} else if k, ok := r[1].Value.(ast.String); ok {
				keys[string(k)] = true
			} else {
				all = true
			}
			return false
		})
		ast.WalkExprs(m, func(e *ast.Expr) bool {
			all = all || len(e.With) > 0
			return false
		})
	}
	if all {
		return nil
	}
	return keys
}

// Gate evaluates the built-in cost gate over the result, within a time limit.
func (r *Result) Gate(ctx context.Context, g GateParams) (*Verdict, error) {
	pg, err := gateQuery()
	if err != nil {
		return nil, err
	}
	return r.gate(ctx, pg, g)
}

// GateFrom evaluates a replacement gate: the .rego files of dir (tests aside), which define
// package supplychain.cost.gate over the same input (fail, warn and notes sets, and verdict).
func (r *Result) GateFrom(ctx context.Context, dir string, g GateParams) (*Verdict, error) {
	pg, err := prepareGate(os.DirFS(dir), dir+"/")
	if err != nil {
		return nil, err
	}
	return r.gate(ctx, pg, g)
}

// GateInput builds the gate's input (documented in policy/rules/cost/gate.rego).
func (r *Result) GateInput(g GateParams) map[string]any { return r.gateInput(g, nil) }

// gateInput is GateInput holding only the top-level keys in reads (all when reads is nil): the
// built-in gate reads the totals, not each resource's line.
func (r *Result) gateInput(g GateParams, reads map[string]bool) map[string]any {
	totals := map[string]any{"before": cents(r.Before), "after": cents(r.After), "diff": cents(r.Diff), "diff_percent": nil}
	if r.Before.Sign() > 0 {
		pct := new(big.Rat).Quo(mul(r.Diff, ratInt(100)), r.Before)
		totals["diff_percent"] = json.Number(pct.FloatString(4))
	}
	orNull := func(x *big.Rat) any {
		if x == nil {
			return nil
		}
		return cents(x)
	}
	side := func(rc *ResourceCost) any {
		if rc == nil {
			return nil
		}
		return orNull(rc.Monthly)
	}
	comp := func(c *Component) any {
		if c == nil {
			return nil
		}
		return orNull(c.Monthly)
	}
	resources := make([]any, 0, len(r.Resources))
	changedPriced := 0
	lines := reads == nil || reads["resources"]
	for _, d := range r.Resources {
		cs := make([]any, 0, len(d.Components))
		pricedAny := false
		for _, c := range d.Components {
			cs = append(cs, map[string]any{"name": c.Name, "before": comp(c.Before), "after": comp(c.After), "diff": orNull(c.Diff)})
			if (c.After != nil && c.After.Monthly != nil) || (c.After == nil && c.Before != nil && c.Before.Monthly != nil) {
				pricedAny = true
			}
		}
		if d.Action != "no-op" && pricedAny {
			changedPriced++
		}
		if !lines {
			continue
		}
		resources = append(resources, map[string]any{
			"address": d.Address, "type": d.Type, "action": d.Action,
			"before": side(d.Before), "after": side(d.After), "diff": cents(d.Diff), "components": cs,
		})
	}
	unpriced := make([]any, 0, len(r.Unpriced))
	for _, u := range r.Unpriced {
		unpriced = append(unpriced, map[string]any{
			"address": u.Address, "type": u.Type, "component": u.Component, "side": u.Side,
			"reason": u.Code, "detail": u.Detail, "changed": u.Changed,
		})
	}
	in := map[string]any{
		"totals": totals, "resources": resources, "unpriced": unpriced,
		"priced_only": r.PricedOnly(), "changed_priced": changedPriced,
		"params": map[string]any{
			"fail_increase": json.Number(num(g.FailIncrease)), "warn_increase": json.Number(num(g.WarnIncrease)),
			"fail_percent": json.Number(num(g.FailPercent)), "budget": json.Number(num(g.Budget)),
		},
	}
	if reads != nil {
		for k := range in {
			if !reads[k] {
				delete(in, k)
			}
		}
	}
	return in
}

func (r *Result) gate(ctx context.Context, pg *preparedGate, g GateParams) (*Verdict, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	in, err := gateValue(r.gateInput(g, pg.reads))
	if err != nil {
		return nil, fmt.Errorf("evaluating the cost gate: %w", err)
	}
	rs, err := pg.pq.Eval(ctx, rego.EvalParsedInput(in))
	if err != nil {
		return nil, fmt.Errorf("evaluating the cost gate: %w", err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return nil, fmt.Errorf("evaluating the cost gate: no result")
	}
	doc, ok := rs[0].Expressions[0].Value.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("evaluating the cost gate: the result is not a document")
	}
	v := &Verdict{Fail: strs(doc["fail"]), Warn: strs(doc["warn"]), Notes: strs(doc["notes"])}
	v.Verdict, _ = doc["verdict"].(string)
	switch v.Verdict {
	case "pass", "warn", "fail":
	default:
		// A gate that cannot judge never passes.
		return nil, fmt.Errorf("evaluating the cost gate: verdict %q is not pass, warn or fail", v.Verdict)
	}
	if v.Verdict == "fail" && len(v.Fail) == 0 {
		return nil, fmt.Errorf("evaluating the cost gate: verdict fail without a reason")
	}
	return v, nil
}

// gateValue converts the gate's input to an AST value directly. rego.EvalInput would take it
// through a JSON round trip first (json.Marshal, then decoding), most of the gate's cost on a
// large plan; the value is the same: an empty json.Number (cents of nothing) is 0, as
// encoding/json writes it.
func gateValue(x any) (ast.Value, error) {
	return gateConverter{keys: map[string]*ast.Term{}}.value(x)
}

// gateConverter converts the gate's input, each key's term made once (the input repeats a few
// keys in every line of the estimate).
type gateConverter struct{ keys map[string]*ast.Term }

func (c gateConverter) value(x any) (ast.Value, error) {
	switch x := x.(type) {
	case map[string]any:
		kvs := make([][2]*ast.Term, 0, len(x))
		for k, e := range x {
			v, err := c.value(e)
			if err != nil {
				return nil, err
			}
			kt, ok := c.keys[k]
			if !ok {
				kt = ast.StringTerm(k)
				c.keys[k] = kt
			}
			kvs = append(kvs, [2]*ast.Term{kt, ast.NewTerm(v)})
		}
		return ast.NewObject(kvs...), nil
	case []any:
		ts := make([]*ast.Term, len(x))
		for i, e := range x {
			v, err := c.value(e)
			if err != nil {
				return nil, err
			}
			ts[i] = ast.NewTerm(v)
		}
		return ast.NewArray(ts...), nil
	case json.Number:
		if x == "" {
			return ast.Number("0"), nil
		}
		if _, err := json.Marshal(x); err != nil { // what the round trip would refuse
			return nil, err
		}
		return ast.Number(x), nil
	case string, bool, nil, int:
		return ast.InterfaceToValue(x)
	}
	return nil, fmt.Errorf("gate input: unexpected %T", x)
}

func strs(v any) []string {
	l, _ := v.([]any)
	out := []string{}
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
