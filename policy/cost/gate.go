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

var gateQuery = sync.OnceValues(func() (*preparedGate, error) { return prepareGate(costrules.FS, "cost/") })

// preparedGate is a gate's query, and whether its modules read input.resources (the longest
// part of the input by far: one entry per priced resource).
type preparedGate struct {
	pq        rego.PreparedEvalQuery
	resources bool
}

// prepareGate compiles the gate's modules (every non-test .rego file of fsys) and prepares its query.
func prepareGate(fsys fs.FS, prefix string) (*preparedGate, error) {
	var opts []func(*rego.Rego)
	var mods []*ast.Module
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		opts = append(opts, rego.Module(prefix+p, string(src)))
		// Parsed again here only to see what it reads; a module that does not parse is
		// reported by PrepareForEval below, with its file and line.
		if m, err := ast.ParseModuleWithOpts(prefix+p, string(src), ast.ParserOptions{RegoVersion: ast.RegoV1}); err == nil {
			mods = append(mods, m)
		} else {
			mods = append(mods, nil)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("loading the cost gate: %w", err)
	}
	if len(opts) == 0 {
		return nil, fmt.Errorf("loading the cost gate: no .rego files in %s", prefix)
	}
	opts = append(opts, rego.Query("data.supplychain.cost.gate"), rego.SetRegoVersion(ast.RegoV1))
	pq, err := rego.New(opts...).PrepareForEval(context.Background())
	if err != nil {
		return nil, fmt.Errorf("preparing the cost gate: %w", err)
	}
	return &preparedGate{pq: pq, resources: readsResources(mods)}, nil
}

var (
	objectGet = ast.RefTerm(ast.VarTerm("object"), ast.StringTerm("get"))
	inputRef  = ast.RefTerm(ast.InputRootDocument)
)

// readsResources reports whether the modules may read input.resources: a reference to it, or
// to input as a whole or by a computed key (input, input[x], with input as …), or an import of
// input; object.get(input, "key", …) reads that key. Anything it cannot tell (a module it could not parse) counts as reading it.
func readsResources(mods []*ast.Module) bool {
	for _, m := range mods {
		if m == nil {
			return true
		}
		for _, imp := range m.Imports {
			if ref, ok := imp.Path.Value.(ast.Ref); ok && ref[0].Equal(ast.InputRootDocument) {
				return true
			}
		}
		reads, refs, vars := false, 0, 0
		keyed := map[*ast.Term]bool{} // the input of object.get(input, "key", …)
		ast.WalkTerms(m, func(t *ast.Term) bool {
			switch v := t.Value.(type) {
			case ast.Call:
				// object.get(input, "key", default) reads input.key alone.
				if len(v) >= 3 && v[0].Equal(objectGet) && v[1].Equal(inputRef) {
					if k, ok := v[2].Value.(ast.String); ok && k != "resources" {
						keyed[v[1]] = true
					}
				}
			case ast.Ref:
				if keyed[t] {
					return true
				}
				if !v[0].Equal(ast.InputRootDocument) {
					return false
				}
				refs++
				if len(v) == 1 {
					reads = true
				} else if k, ok := v[1].Value.(ast.String); !ok || k == "resources" {
					reads = true
				}
			case ast.Var:
				if v.Equal(ast.InputRootDocument.Value) {
					vars++
				}
			}
			return false
		})
		// Every reference's head is a var too: more vars than references is input on its own.
		if reads || vars > refs {
			return true
		}
	}
	return false
}

// Gate evaluates the built-in cost gate over the result, within a time limit.
func (r *Result) Gate(ctx context.Context, g GateParams) (*Verdict, error) {
	pq, err := gateQuery()
	if err != nil {
		return nil, err
	}
	return r.gate(ctx, pq, g)
}

// GateFrom evaluates a replacement gate: the .rego files of dir (tests aside), which define
// package supplychain.cost.gate over the same input (fail, warn and notes sets, and verdict).
func (r *Result) GateFrom(ctx context.Context, dir string, g GateParams) (*Verdict, error) {
	pq, err := prepareGate(os.DirFS(dir), dir+"/")
	if err != nil {
		return nil, err
	}
	return r.gate(ctx, pq, g)
}

// GateInput builds the gate's input (documented in policy/rules/cost/gate.rego).
func (r *Result) GateInput(g GateParams) map[string]any { return r.gateInput(g, true) }

// gateInput is GateInput, without the resources list unless withResources: a gate that does
// not read it gets the same value for everything else.
func (r *Result) gateInput(g GateParams, withResources bool) map[string]any {
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
	var resources []any
	if withResources {
		resources = make([]any, 0, len(r.Resources))
	}
	changedPriced := 0
	for _, d := range r.Resources {
		var cs []any
		if withResources {
			cs = make([]any, 0, len(d.Components))
		}
		pricedAny := false
		for _, c := range d.Components {
			if withResources {
				cs = append(cs, map[string]any{"name": c.Name, "before": comp(c.Before), "after": comp(c.After), "diff": orNull(c.Diff)})
			}
			if (c.After != nil && c.After.Monthly != nil) || (c.After == nil && c.Before != nil && c.Before.Monthly != nil) {
				pricedAny = true
			}
		}
		if d.Action != "no-op" && pricedAny {
			changedPriced++
		}
		if !withResources {
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
		"totals": totals, "unpriced": unpriced,
		"priced_only": r.PricedOnly(), "changed_priced": changedPriced,
		"params": map[string]any{
			"fail_increase": json.Number(num(g.FailIncrease)), "warn_increase": json.Number(num(g.WarnIncrease)),
			"fail_percent": json.Number(num(g.FailPercent)), "budget": json.Number(num(g.Budget)),
		},
	}
	if withResources {
		in["resources"] = resources
	}
	return in
}

func (r *Result) gate(ctx context.Context, pg *preparedGate, g GateParams) (*Verdict, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	in, err := gateValue(r.gateInput(g, pg.resources))
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
	switch x := x.(type) {
	case map[string]any:
		kvs := make([][2]*ast.Term, 0, len(x))
		for k, e := range x {
			v, err := gateValue(e)
			if err != nil {
				return nil, err
			}
			kvs = append(kvs, [2]*ast.Term{ast.StringTerm(k), ast.NewTerm(v)})
		}
		return ast.NewObject(kvs...), nil
	case []any:
		ts := make([]*ast.Term, len(x))
		for i, e := range x {
			v, err := gateValue(e)
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
