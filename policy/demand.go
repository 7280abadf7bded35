package policy

import (
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/nexabrands/supplychain/policy/plan"
)

// This file finds which parts of the input document user policies read, so that only those are
// converted to an AST value for evaluation: the seed's rules read five attributes of a Glue job
// or a bucket out of a resource change, and converting every value of every change was most of
// their run. The analysis is conservative: whatever it cannot follow is read whole, and anything
// that could observe a part left out (the input as a whole, an unresolved reference into data,
// `with`) turns it off.

// step is one step of a path into the input: an object key, or every element or member.
type step struct {
	key   string
	every bool
}

type path []step

func (p path) String() string {
	var b strings.Builder
	for _, s := range p {
		if s.every {
			b.WriteString("[*]")
		} else {
			b.WriteString("." + s.key)
		}
	}
	return b.String()
}

// paths is a set of paths, keyed by their String.
type paths map[string]path

func (ps paths) addAll(o paths) bool {
	grew := false
	for k, p := range o {
		if _, ok := ps[k]; !ok {
			ps[k] = p
			grew = true
		}
	}
	return grew
}

func (ps paths) extend(rest []step) paths {
	out := make(paths, len(ps))
	for _, p := range ps {
		q := append(append(path{}, p...), rest...)
		out[q.String()] = q
	}
	return out
}

// demand is what is read of a value: all of it (whole), or the listed members (keys) and, of
// every member or element, what every says.
type demand struct {
	whole bool
	every *demand
	keys  map[string]*demand
}

func (d *demand) add(p path, whole bool) {
	n := d
	for _, s := range p {
		if n.whole {
			return
		}
		if s.every {
			if n.every == nil {
				n.every = &demand{}
			}
			n = n.every
			continue
		}
		if n.keys == nil {
			n.keys = map[string]*demand{}
		}
		c := n.keys[s.key]
		if c == nil {
			c = &demand{}
			n.keys[s.key] = c
		}
		n = c
	}
	if whole {
		n.whole = true
	}
}

// merge returns what a and b demand together.
func merge(a, b *demand) *demand {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case a.whole || b.whole:
		return &demand{whole: true}
	}
	out := &demand{every: merge(a.every, b.every), keys: map[string]*demand{}}
	for k, c := range a.keys {
		out.keys[k] = merge(c, b.keys[k])
	}
	for k, c := range b.keys {
		if _, ok := a.keys[k]; !ok {
			out.keys[k] = c
		}
	}
	return out
}

// settle folds every into the named members' demands (a member is also "every member").
func (d *demand) settle() {
	if d == nil || d.whole {
		return
	}
	d.every.settle()
	for k, c := range d.keys {
		c.settle()
		if d.every != nil {
			d.keys[k] = merge(c, d.every)
		}
	}
}

// element is what d demands of each element of an array: every's demand, or nothing below it.
func (d *demand) element() *demand {
	if d.every == nil {
		return &demand{}
	}
	return d.every
}

// prune returns x holding only what d demands. Untouched values are shared, not copied; a value
// the demand reaches keeps its kind (an object stays an object, possibly empty; an array keeps
// its length), so that what a rule finds defined or undefined is the same.
func (d *demand) prune(x any) any {
	if d.whole {
		return x
	}
	switch x := x.(type) {
	case map[string]any:
		if d.every != nil {
			out := make(map[string]any, len(x))
			for k, v := range x {
				c := d.keys[k]
				if c == nil {
					c = d.every
				}
				out[k] = c.prune(v)
			}
			return out
		}
		out := make(map[string]any, len(d.keys))
		for k, c := range d.keys {
			if v, ok := x[k]; ok {
				out[k] = c.prune(v)
			}
		}
		return out
	case []any:
		c := d.element()
		out := make([]any, len(x))
		for i, v := range x {
			out[i] = c.prune(v)
		}
		return out
	}
	return x
}

// convert is toValue(d.prune(x)) without the pruned copy held whole: the large collections are
// pruned and converted element by element, in chunks on every core, so that each pruned element
// is garbage as soon as it is converted.
func (d *demand) convert(x any) (ast.Value, error) {
	if d == nil || d.whole {
		return convert(x)
	}
	switch x := x.(type) {
	case map[string]any:
		kvs := make([][2]*ast.Term, 0, len(x))
		for k, e := range x {
			c := d.keys[k]
			if c == nil {
				c = d.every
			}
			if c == nil {
				continue
			}
			v, err := c.convert(e)
			if err != nil {
				return nil, err
			}
			kvs = append(kvs, [2]*ast.Term{ast.StringTerm(k), ast.NewTerm(v)})
		}
		return ast.NewObject(kvs...), nil
	case plan.Elements:
		c := d.element()
		return convertEach(x.Len(), x.At, c)
	case []any:
		c := d.element()
		if len(x) >= parallelMin {
			return convertEach(len(x), func(i int) any { return x[i] }, c)
		}
		return arrayOf(len(x), func(i int) (ast.Value, error) { return c.convert(x[i]) })
	}
	return convert(x)
}

// pruned converts d.prune(x) (the same value) without building the pruned copy.
func (c *converter) pruned(x any, d *demand) (ast.Value, error) {
	if d.whole {
		return c.value(x)
	}
	switch x := x.(type) {
	case map[string]any:
		n := len(d.keys)
		if d.every != nil {
			n = len(x)
		}
		kvs := make([][2]*ast.Term, 0, n)
		vs := make([]ast.Term, 0, n)
		add := func(k string, e any, cd *demand) error {
			v, err := c.pruned(e, cd)
			if err != nil {
				return err
			}
			vs = append(vs, ast.Term{Value: v})
			kvs = append(kvs, [2]*ast.Term{c.key(k), &vs[len(vs)-1]})
			return nil
		}
		if d.every != nil {
			for k, e := range x {
				cd := d.keys[k]
				if cd == nil {
					cd = d.every
				}
				if err := add(k, e, cd); err != nil {
					return nil, err
				}
			}
		} else {
			for k, cd := range d.keys {
				if e, ok := x[k]; ok {
					if err := add(k, e, cd); err != nil {
						return nil, err
					}
				}
			}
		}
		return ast.NewObject(kvs...), nil
	case []any:
		cd := d.element()
		return arrayOf(len(x), func(i int) (ast.Value, error) { return c.pruned(x[i], cd) })
	}
	return c.value(x)
}

// topKeys are the top-level keys of the input demanded, nil for all of them.
func (d *demand) topKeys() map[string]bool {
	if d == nil || d.whole || d.every != nil {
		return nil
	}
	out := map[string]bool{}
	for k := range d.keys {
		out[k] = true
	}
	return out
}

// inputDemand analyses compiled modules (local variables renamed apart, references to rules and
// functions made absolute) and returns what of the input they read; nil means all of it.
//
// A variable bound once by `v = REF` to a path into the input (or to an element of a helper
// set rule whose elements are such paths) is followed: `v.a.b` reads that path's a.b and all
// below. A variable passed to a user function is followed into the function's parameter. Any
// other use of such a variable, of a reference into the input, or of a helper rule (count, a
// comparison, a builtin, a composite value, a rule's output, a comprehension) reads the value
// whole. Leaving members out can make two elements of a helper set equal; iterating over that
// set then yields one binding for both, which gives the same results because nothing
// downstream reads what tells them apart (collections that would count them are read whole).
func inputDemand(mods map[string]*ast.Module, output func(*ast.Rule) bool) *demand {
	a := &analysis{
		rules:  map[string][]*ast.Rule{},
		vars:   map[varKey]paths{},
		elems:  map[string]paths{},
		output: output,
		facts:  map[*ast.Rule]*ruleFacts{},
		d:      &demand{},
	}
	for _, m := range mods {
		for _, r := range m.Rules {
			a.rules[ruleKey(r)] = append(a.rules[ruleKey(r)], r)
			for e := r; e != nil; e = e.Else {
				a.all = append(a.all, e)
			}
		}
	}
	for range 64 {
		a.grew = false
		for _, r := range a.all {
			a.bind(r)
		}
		if !a.grew {
			break
		}
	}
	if a.grew {
		return nil
	}
	for _, r := range a.all {
		a.mark(r)
		if a.bail {
			return nil
		}
	}
	if a.d.whole {
		return nil
	}
	a.d.settle()
	return a.d
}

type varKey struct {
	r *ast.Rule
	v ast.Var
}

type analysis struct {
	rules  map[string][]*ast.Rule // by ruleKey
	all    []*ast.Rule            // every rule and else branch
	vars   map[varKey]paths       // followed variables
	elems  map[string]paths       // helper set rules' elements, by ruleKey
	output func(*ast.Rule) bool   // rules whose values are reported
	facts  map[*ast.Rule]*ruleFacts
	d      *demand
	grew   bool
	bail   bool
}

// ruleKey names a rule by the ground part of its reference, e.g. data.main.glue_jobs.
func ruleKey(r *ast.Rule) string { return r.Ref().GroundPrefix().String() }

// ruleFacts are the counts that decide which bindings are followed.
type ruleFacts struct {
	eqOperand map[ast.Var]int // top-level v = … expressions
	indexUse  map[ast.Var]int // occurrences as a reference's index
	uses      map[ast.Var]int // occurrences anywhere
	params    map[ast.Var]int // occurrences among a function's parameters
	aliases   map[*ast.Expr]ast.Var
}

func (a *analysis) factsOf(r *ast.Rule) *ruleFacts {
	if f, ok := a.facts[r]; ok {
		return f
	}
	f := &ruleFacts{eqOperand: map[ast.Var]int{}, indexUse: map[ast.Var]int{}, uses: map[ast.Var]int{},
		params: map[ast.Var]int{}, aliases: map[*ast.Expr]ast.Var{}}
	for _, t := range r.Head.Args {
		if v, ok := t.Value.(ast.Var); ok {
			f.params[v]++
		}
	}
	ast.WalkTerms(r, func(t *ast.Term) bool {
		switch x := t.Value.(type) {
		case ast.Var:
			f.uses[x]++
		case ast.Ref:
			for _, s := range x[1:] {
				if v, ok := s.Value.(ast.Var); ok {
					f.indexUse[v]++
				}
			}
		}
		return false
	})
	for _, e := range r.Body {
		if v, _, ok := eqVar(e); ok {
			f.eqOperand[v]++
		}
	}
	for _, e := range r.Body {
		if v, t, ok := eqVar(e); ok && f.eqOperand[v] == 1 && f.indexUse[v] == 0 && f.params[v] == 0 && !v.IsWildcard() {
			if _, isRef := t.Value.(ast.Ref); isRef {
				f.aliases[e] = v
			}
		}
	}
	a.facts[r] = f
	return f
}

// eqVar matches a plain `v = t` (or `t = v`) expression with one variable side.
func eqVar(e *ast.Expr) (ast.Var, *ast.Term, bool) {
	if e.Negated || len(e.With) > 0 || !e.IsEquality() {
		return "", nil, false
	}
	l, r := e.Operand(0), e.Operand(1)
	lv, lok := l.Value.(ast.Var)
	rv, rok := r.Value.(ast.Var)
	switch {
	case lok && rok:
		return "", nil, false
	case lok:
		return lv, r, true
	case rok:
		return rv, l, true
	}
	return "", nil, false
}

// resolve finds the rule a data reference starts with and how many of its terms name it.
// found is false for a reference to no rule; a reference that names a package or a prefix of
// rules (data.main) sets bail.
func (a *analysis) resolve(ref ast.Ref) (string, int, bool) {
	for i := len(ref); i >= 2; i-- {
		if !ref[:i].IsGround() {
			continue
		}
		k := ref[:i].String()
		if _, ok := a.rules[k]; ok {
			return k, i, true
		}
	}
	// Not a rule: a package, a prefix of rules' names, or data outside the policies. Only the
	// last is safe to ignore.
	s := ref.GroundPrefix().String()
	for k := range a.rules {
		if k == s || strings.HasPrefix(k, s+".") || strings.HasPrefix(k, s+"[") {
			a.bail = true
		}
	}
	return "", 0, false
}

// pathsOf returns the input paths a term stands for. exact is false when the term is followed
// only up to ps and reads those whole (a helper set used other than by iteration).
func (a *analysis) pathsOf(r *ast.Rule, t *ast.Term) (ps paths, exact bool) {
	switch x := t.Value.(type) {
	case ast.Var:
		if x.Equal(ast.InputRootDocument.Value) {
			return paths{"": path{}}, true
		}
		return a.vars[varKey{r, x}], true
	case ast.Ref:
		var base paths
		rest := x[1:]
		head, ok := x[0].Value.(ast.Var)
		switch {
		case !ok:
			return nil, true
		case head.Equal(ast.InputRootDocument.Value):
			base = paths{"": path{}}
		case head.Equal(ast.DefaultRootDocument.Value):
			k, n, found := a.resolve(x)
			if !found || len(a.elems[k]) == 0 {
				return nil, true
			}
			base = a.elems[k]
			if n == len(x) {
				return base, false
			}
			iv, isVar := x[n].Value.(ast.Var)
			if !isVar || a.factsOf(r).uses[iv] != 1 {
				return base, false
			}
			rest = x[n+1:]
		default:
			base = a.vars[varKey{r, head}]
			if len(base) == 0 {
				return nil, true
			}
		}
		steps := make([]step, len(rest))
		for i, s := range rest {
			if str, ok := s.Value.(ast.String); ok {
				steps[i] = step{key: string(str)}
			} else {
				steps[i] = step{every: true}
			}
		}
		return base.extend(steps), true
	}
	return nil, true
}

func (a *analysis) addVar(k varKey, ps paths) {
	if len(ps) == 0 {
		return
	}
	if a.vars[k] == nil {
		a.vars[k] = paths{}
	}
	if a.vars[k].addAll(ps) {
		a.grew = true
	}
}

// userCall returns the definitions of the user function an expression calls, or nil.
func (a *analysis) userCall(e *ast.Expr) []*ast.Rule {
	if !e.IsCall() || len(e.With) > 0 {
		return nil
	}
	op := e.Operator()
	if len(op) < 2 || !op[0].Equal(ast.DefaultRootDocument) || !op.IsGround() {
		return nil
	}
	defs := a.rules[op.String()]
	if len(defs) == 0 || len(defs[0].Head.Args) == 0 {
		return nil
	}
	return defs
}

// param returns the parameter variable at position i of a function definition, when it is a
// variable that appears once among the parameters (f(x, x) compares its arguments).
func (a *analysis) param(def *ast.Rule, i int) (ast.Var, bool) {
	if i >= len(def.Head.Args) {
		return "", false
	}
	v, ok := def.Head.Args[i].Value.(ast.Var)
	if !ok || v.IsWildcard() || a.factsOf(def).params[v] != 1 {
		return "", false
	}
	return v, true
}

func (a *analysis) followedArg(defs []*ast.Rule, i int) bool {
	for _, d := range defs {
		for e := d; e != nil; e = e.Else {
			if _, ok := a.param(e, i); !ok {
				return false
			}
		}
	}
	return true
}

// helperSet reports whether r is a set rule whose elements may be followed (not reported).
func (a *analysis) helperSet(r *ast.Rule) (ast.Var, bool) {
	if a.output(r) || r.Head.RuleKind() != ast.MultiValue || r.Head.Key == nil || len(r.Head.Args) > 0 {
		return "", false
	}
	if !r.Head.Ref().IsGround() {
		return "", false
	}
	v, ok := r.Head.Key.Value.(ast.Var)
	return v, ok
}

// bind grows the followed variables and helper elements from one rule.
func (a *analysis) bind(r *ast.Rule) {
	f := a.factsOf(r)
	for _, e := range r.Body {
		if v, ok := f.aliases[e]; ok {
			_, t, _ := eqVar(e)
			if ps, exact := a.pathsOf(r, t); exact {
				a.addVar(varKey{r, v}, ps)
			}
			continue
		}
		if defs := a.userCall(e); defs != nil {
			args := e.Operands()
			for i, arg := range args {
				if i >= len(defs[0].Head.Args) || !a.followedArg(defs, i) {
					continue
				}
				ps, exact := a.pathsOf(r, arg)
				if !exact || len(ps) == 0 {
					continue
				}
				for _, d := range defs {
					for el := d; el != nil; el = el.Else {
						pv, _ := a.param(el, i)
						a.addVar(varKey{el, pv}, ps)
					}
				}
			}
		}
	}
	if v, ok := a.helperSet(r); ok {
		if ps := a.vars[varKey{r, v}]; len(ps) > 0 {
			k := ruleKey(r)
			if a.elems[k] == nil {
				a.elems[k] = paths{}
			}
			if a.elems[k].addAll(ps) {
				a.grew = true
			}
		}
	}
}

// mark adds what one rule reads to the demand.
func (a *analysis) mark(r *ast.Rule) {
	f := a.factsOf(r)
	for _, e := range r.Body {
		if len(e.With) > 0 {
			a.bail = true
			return
		}
		if _, ok := f.aliases[e]; ok {
			_, t, _ := eqVar(e)
			if ps, exact := a.pathsOf(r, t); exact && len(ps) > 0 {
				for _, p := range ps {
					a.d.add(p, false) // read: it must be there as it is
				}
				a.indexes(r, t)
				continue
			}
		}
		if defs := a.userCall(e); defs != nil {
			for i, arg := range e.Operands() {
				if i < len(defs[0].Head.Args) && a.followedArg(defs, i) {
					if ps, exact := a.pathsOf(r, arg); exact && len(ps) > 0 {
						for _, p := range ps {
							a.d.add(p, false)
						}
						if _, isRef := arg.Value.(ast.Ref); isRef {
							a.indexes(r, arg)
						}
						continue
					}
				}
				a.whole(r, arg)
			}
			continue
		}
		a.whole(r, e)
	}
	if v, ok := a.helperSet(r); ok && len(a.vars[varKey{r, v}]) > 0 {
		if r.Head.Value != nil && r.Head.Value != r.Head.Key {
			a.whole(r, r.Head.Value)
		}
		return
	}
	if r.Head.Key != nil {
		a.whole(r, r.Head.Key)
	}
	if r.Head.Value != nil {
		a.whole(r, r.Head.Value)
	}
	if len(r.Head.Reference) > 1 {
		for _, t := range r.Head.Reference[1:] {
			a.whole(r, t)
		}
	}
}

// indexes reads whole what the non-constant indexes of a reference stand for.
func (a *analysis) indexes(r *ast.Rule, t *ast.Term) {
	ref, ok := t.Value.(ast.Ref)
	if !ok {
		return
	}
	for _, s := range ref[1:] {
		if !s.IsGround() {
			a.whole(r, s)
		}
	}
}

// whole reads whole every path x (an expression or a term) stands for.
func (a *analysis) whole(r *ast.Rule, x any) {
	ast.NewGenericVisitor(func(x any) bool {
		if a.bail {
			return true
		}
		switch x := x.(type) {
		case *ast.Expr:
			if len(x.With) > 0 {
				a.bail = true
				return true
			}
			if x.IsCall() {
				for _, t := range x.Operands() {
					a.whole(r, t)
				}
				return true
			}
		case *ast.Term:
			switch v := x.Value.(type) {
			case ast.Var, ast.Ref:
				ps, _ := a.pathsOf(r, x)
				for _, p := range ps {
					a.d.add(p, true)
				}
				if ref, ok := v.(ast.Ref); ok {
					if _, isVar := ref[0].Value.(ast.Var); !isVar {
						a.whole(r, ref[0])
					}
					a.indexes(r, x)
				}
				return true
			case ast.Call:
				for _, t := range v[1:] {
					a.whole(r, t)
				}
				return true
			}
		}
		return false
	}).Walk(x)
}
