package policy

import (
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/nexabrands/supplychain/policy/plan"
)

// Input builds the document the built-in rules read:
//
//	resources  address → {address, type, name, module, mode, index, actions, changed, values,
//	                      unknown, configured, related, split, bucket}
//	by_type    type → [address, …] of managed resources (sorted); "data.TYPE" for data sources
//	regions    AWS provider regions set in the configuration
//	params     rule parameters from the configuration
//
// An S3 bucket's split resources are under related (type → addresses) and, resolved, under
// split (type → the resources themselves), so that a rule reads them without a lookup per
// address. Resources the plan deletes are left out: rules judge the planned state.
func Input(p *plan.Plan, params map[string]any) (map[string]any, error) {
	doc, err := inputRest(p, params)
	if err != nil {
		return nil, err
	}
	res := make(map[string]any, len(p.Resources))
	for _, r := range p.Resources {
		if !r.Deleted {
			res[r.Address] = resourceDoc(r)
		}
	}
	for _, r := range p.Resources {
		if r.Deleted || r.Related == nil {
			continue
		}
		split := make(map[string]any, len(r.Related))
		for t, as := range r.Related {
			l := make([]any, 0, len(as))
			for _, a := range as {
				if x, ok := res[a]; ok {
					l = append(l, x)
				}
			}
			split[t] = l
		}
		if doc, ok := res[r.Address].(map[string]any); ok {
			doc["split"] = split
		}
	}
	doc["resources"] = res
	return doc, nil
}

// inputValue is toValue(Input(p, params)), with the resources built and converted on every core.
func inputValue(p *plan.Plan, params map[string]any) (ast.Value, error) {
	doc, err := inputRest(p, params)
	if err != nil {
		return nil, err
	}
	rest, err := toValue(doc)
	if err != nil {
		return nil, err
	}
	live := make([]*plan.Resource, 0, len(p.Resources))
	for _, r := range p.Resources {
		if !r.Deleted {
			live = append(live, r)
		}
	}
	kvs := make([][2]*ast.Term, len(live))
	err = chunks(len(live), func(lo, hi int) error {
		c := newConverter()
		for i := lo; i < hi; i++ {
			v, err := c.resource(live[i])
			if err != nil {
				return err
			}
			kvs[i] = [2]*ast.Term{ast.StringTerm(live[i].Address), ast.NewTerm(v)}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("converting the plan for evaluation: %w", err)
	}
	if err := insertSplit(live, kvs); err != nil {
		return nil, err
	}
	obj, ok := rest.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("converting the plan for evaluation: the input is a %T", rest)
	}
	obj.Insert(ast.StringTerm("resources"), ast.NewTerm(ast.NewObject(kvs...)))
	return obj, nil
}

// insertSplit adds to each converted resource that has related ones their values, resolved
// (split, as Input builds it): the same terms as under resources, not copies.
func insertSplit(live []*plan.Resource, kvs [][2]*ast.Term) error {
	at := make(map[string]*ast.Term, len(live))
	for i, r := range live {
		at[r.Address] = kvs[i][1]
	}
	for i, r := range live {
		if r.Related == nil {
			continue
		}
		obj, ok := kvs[i][1].Value.(ast.Object)
		if !ok {
			return fmt.Errorf("converting the plan for evaluation: resource %s is a %T", r.Address, kvs[i][1].Value)
		}
		split := make([][2]*ast.Term, 0, len(r.Related))
		for t, as := range r.Related {
			l := make([]*ast.Term, 0, len(as))
			for _, a := range as {
				if x, ok := at[a]; ok {
					l = append(l, x)
				}
			}
			split = append(split, [2]*ast.Term{ast.StringTerm(t), ast.ArrayTerm(l...)})
		}
		obj.Insert(ast.StringTerm("split"), ast.ObjectTerm(split...))
	}
	return nil
}

// resourceDoc is one resource as the rules read it.
func resourceDoc(r *plan.Resource) map[string]any {
	obj := map[string]any{
		"address": r.Address, "type": r.Type, "name": r.Name, "module": r.Module,
		"mode": r.Mode, "changed": r.Changed(), "values": r.Values,
	}
	if r.Index != nil {
		obj["index"] = r.Index
	}
	if r.Actions != nil {
		obj["actions"] = stringsToAny(r.Actions)
	}
	if r.Unknown != nil {
		obj["unknown"] = r.Unknown
	}
	if r.Configured != nil {
		obj["configured"] = stringsToAny(r.Configured)
	}
	if r.Related != nil {
		rel := make(map[string]any, len(r.Related))
		for t, as := range r.Related {
			rel[t] = stringsToAny(as)
		}
		obj["related"] = rel
	}
	if r.Bucket != "" {
		obj["bucket"] = r.Bucket
	}
	return obj
}

// resource is c.value(resourceDoc(r)), built without the map.
func (c *converter) resource(r *plan.Resource) (ast.Value, error) {
	kvs := make([][2]*ast.Term, 0, 13)
	add := func(k string, v ast.Value) { kvs = append(kvs, [2]*ast.Term{c.key(k), ast.NewTerm(v)}) }
	strs := func(s []string) ast.Value {
		ts := make([]*ast.Term, len(s))
		for i, x := range s {
			ts[i] = ast.StringTerm(x)
		}
		return ast.NewArray(ts...)
	}
	add("address", ast.String(r.Address))
	add("type", ast.String(r.Type))
	add("name", ast.String(r.Name))
	add("module", ast.String(r.Module))
	add("mode", ast.String(r.Mode))
	add("changed", ast.Boolean(r.Changed()))
	var err error
	convert := func(k string, x any) { // the first error is kept
		if err == nil {
			var v ast.Value
			if v, err = c.value(x); err == nil {
				add(k, v)
			}
		}
	}
	convert("values", r.Values)
	if r.Index != nil {
		convert("index", r.Index)
	}
	if r.Actions != nil {
		add("actions", strs(r.Actions))
	}
	if r.Unknown != nil {
		convert("unknown", r.Unknown)
	}
	if r.Configured != nil {
		add("configured", strs(r.Configured))
	}
	if r.Related != nil {
		rel := make([][2]*ast.Term, 0, len(r.Related))
		for t, as := range r.Related {
			rel = append(rel, [2]*ast.Term{c.key(t), ast.NewTerm(strs(as))})
		}
		add("related", ast.NewObject(rel...))
	}
	if r.Bucket != "" {
		add("bucket", ast.String(r.Bucket))
	}
	if err != nil {
		return nil, err
	}
	return ast.NewObject(kvs...), nil
}

// inputRest is the input without its resources.
func inputRest(p *plan.Plan, params map[string]any) (map[string]any, error) {
	byType := map[string][]any{}
	for _, r := range p.Resources {
		if r.Deleted {
			continue
		}
		key := r.Type
		if r.Mode == "data" {
			key = "data." + r.Type
		}
		byType[key] = append(byType[key], r.Address)
	}
	bt := make(map[string]any, len(byType))
	for t, as := range byType {
		bt[t] = as
	}
	// Parameters come from YAML; a JSON round trip gives them the plain types Rego expects.
	var pm any = map[string]any{}
	if params != nil {
		b, err := json.Marshal(params)
		if err != nil {
			return nil, fmt.Errorf("rule parameters: %w", err)
		}
		if err := json.Unmarshal(b, &pm); err != nil {
			return nil, fmt.Errorf("rule parameters: %w", err)
		}
	}
	return map[string]any{
		"by_type": bt,
		"regions": stringsToAny(p.Regions),
		"params":  pm,
	}, nil
}

func stringsToAny(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

// toValue converts an input document to an AST value, once per evaluation run. The large
// collections in it (the resources, resource_changes, planned_values' resource lists) are
// converted in chunks on every core; the result is the same value ast.InterfaceToValue gives.
func toValue(doc map[string]any) (ast.Value, error) {
	v, err := convert(doc)
	if err != nil {
		return nil, fmt.Errorf("converting the plan for evaluation: %w", err)
	}
	return v, nil
}

// parallelMin is the size from which a collection is split over the cores.
const parallelMin = 256

// convert walks down to the large collections and converts them in parallel; anything else goes
// through ast.InterfaceToValue as it is.
func convert(x any) (ast.Value, error) {
	switch x := x.(type) {
	case map[string]any:
		if len(x) >= parallelMin {
			return convertObject(x)
		}
		kvs := make([][2]*ast.Term, 0, len(x))
		for k, e := range x {
			v, err := convert(e)
			if err != nil {
				return nil, err
			}
			kvs = append(kvs, [2]*ast.Term{ast.StringTerm(k), ast.NewTerm(v)})
		}
		return ast.NewObject(kvs...), nil
	case plan.Elements:
		return convertEach(x.Len(), x.At, nil)
	case []any:
		if len(x) >= parallelMin {
			return convertArray(x)
		}
		ts := make([]*ast.Term, len(x))
		for i, e := range x {
			v, err := convert(e)
			if err != nil {
				return nil, err
			}
			ts[i] = ast.NewTerm(v)
		}
		return ast.NewArray(ts...), nil
	}
	return ast.InterfaceToValue(x)
}

// eachIndex runs f(i) for every i in [0, n) on every core, each goroutine taking the next i
// when it is done with one.
func eachIndex(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// chunks runs f over [0, n) in one contiguous range per core and returns the first error.
func chunks(n int, f func(lo, hi int) error) error {
	w := min(runtime.GOMAXPROCS(0), n)
	errs := make([]error, w)
	var wg sync.WaitGroup
	for i := range w {
		lo, hi := i*n/w, (i+1)*n/w
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = f(lo, hi)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func convertArray(x []any) (ast.Value, error) {
	return convertEach(len(x), func(i int) any { return x[i] }, nil)
}

// convertEach converts n elements, at(i) each, in one chunk per core, so that no chunk holds
// more than the element it converts (plan.Elements builds each when asked). With d, each is
// converted as d.prune would leave it (converter.pruned), without the pruned copy.
func convertEach(n int, at func(int) any, d *demand) (ast.Value, error) {
	ts := make([]*ast.Term, n)
	err := chunks(n, func(lo, hi int) error {
		c := newConverter()
		for i := lo; i < hi; i++ {
			var v ast.Value
			var err error
			if d != nil {
				v, err = c.pruned(at(i), d)
			} else {
				v, err = c.value(at(i))
			}
			if err != nil {
				return err
			}
			ts[i] = ast.NewTerm(v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ast.NewArray(ts...), nil
}

func convertObject(x map[string]any) (ast.Value, error) {
	keys := make([]string, 0, len(x))
	for k := range x {
		keys = append(keys, k)
	}
	kvs := make([][2]*ast.Term, len(keys))
	err := chunks(len(keys), func(lo, hi int) error {
		c := newConverter()
		for i := lo; i < hi; i++ {
			v, err := c.value(x[keys[i]])
			if err != nil {
				return err
			}
			kvs[i] = [2]*ast.Term{ast.StringTerm(keys[i]), ast.NewTerm(v)}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ast.NewObject(kvs...), nil
}

// converter is ast.InterfaceToValue for the JSON shapes of a plan (objects, arrays, scalars), with
// one term per distinct object key: a plan repeats a few hundred attribute names millions of
// times. Terms are immutable, so sharing them is safe; the values are the same as
// InterfaceToValue's.
type converter struct{ keys map[string]*ast.Term }

func newConverter() *converter { return &converter{keys: map[string]*ast.Term{}} }

func (c *converter) key(k string) *ast.Term {
	t, ok := c.keys[k]
	if !ok {
		t = ast.StringTerm(k)
		c.keys[k] = t
	}
	return t
}

func (c *converter) value(x any) (ast.Value, error) {
	switch x := x.(type) {
	case map[string]any:
		// A change that leaves a resource as it is (no-op, most of a large plan) has the same
		// before and after: one value serves both.
		var same ast.Value
		if b, ok := x["before"].(map[string]any); ok && b != nil && jsonEqual(b, x["after"]) {
			v, err := c.value(b)
			if err != nil {
				return nil, err
			}
			same = v
		}
		kvs := make([][2]*ast.Term, len(x))
		vs := make([]ast.Term, len(x))
		i := 0
		for k, e := range x {
			var v ast.Value
			if same != nil && (k == "before" || k == "after") {
				v = same
			} else {
				var err error
				if v, err = c.value(e); err != nil {
					return nil, err
				}
			}
			vs[i].Value = v
			kvs[i] = [2]*ast.Term{c.key(k), &vs[i]}
			i++
		}
		return ast.NewObject(kvs...), nil
	case []any:
		return arrayOf(len(x), func(i int) (ast.Value, error) { return c.value(x[i]) })
	}
	return ast.InterfaceToValue(x)
}

// arrayOf is the array of n values, f(i) the i-th, its terms allocated together.
func arrayOf(n int, f func(i int) (ast.Value, error)) (ast.Value, error) {
	ts := make([]*ast.Term, n)
	vs := make([]ast.Term, n)
	for i := range n {
		v, err := f(i)
		if err != nil {
			return nil, err
		}
		vs[i].Value = v
		ts[i] = &vs[i]
	}
	return ast.NewArray(ts...), nil
}

// jsonEqual reports whether two decoded JSON values are equal.
func jsonEqual(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, x := range a {
			y, ok := b[k]
			if !ok || !jsonEqual(x, y) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !jsonEqual(a[i], b[i]) {
				return false
			}
		}
		return true
	case string:
		b, ok := b.(string)
		return ok && a == b
	case float64:
		b, ok := b.(float64)
		return ok && a == b
	case bool:
		b, ok := b.(bool)
		return ok && a == b
	case nil:
		return b == nil
	}
	return reflect.DeepEqual(a, b)
}
