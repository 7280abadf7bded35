package policy

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/nexabrands/supplychain/policy/plan"
)

// conftestRule matches the rule names conftest runs: deny, warn, violation and their _suffix forms.
var conftestRule = regexp.MustCompile(`^(deny|warn|violation)(_[A-Za-z0-9_]+)?$`)

type userQuery struct {
	name  string // e.g. main.deny_glue_workers
	ns    string // e.g. main
	kind  string // deny, warn or violation
	query rego.PreparedEvalQuery
}

// UserPolicies are user Rego policies loaded from directories.
type UserPolicies struct {
	Modules map[string]*ast.Module // every module, tests included
	queries []userQuery
	// exceptions are the conftest exception rules, by namespace.
	exceptions map[string]rego.PreparedEvalQuery
	// demand is what of the plan document the policies read; nil: all of it.
	demand *demand
}

// LoadUserModules parses every .rego file under the directories. Rego v1 is expected; a file
// that only parses as v0 (older conftest policies) is accepted as v0.
func LoadUserModules(dirs []string) (map[string]*ast.Module, error) {
	mods := map[string]*ast.Module{}
	for _, dir := range dirs {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("policy directory %s: %w", dir, err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("policy directory %s: not a directory", dir)
		}
		err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".rego") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			m, err := ast.ParseModuleWithOpts(path, string(src), parseOpts())
			if err != nil {
				m0, err0 := ast.ParseModuleWithOpts(path, string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV0})
				if err0 != nil {
					return fmt.Errorf("parsing %s: %w", path, err)
				}
				m = m0
			}
			mods[path] = m
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("loading policies from %s: %w", dir, err)
		}
	}
	return mods, nil
}

// LoadUserPolicies loads and compiles user policies and prepares one query per conftest-style
// rule (deny, warn, violation, deny_* …) in the given namespaces.
func LoadUserPolicies(ctx context.Context, dirs, namespaces []string) (*UserPolicies, error) {
	mods, err := LoadUserModules(dirs)
	if err != nil {
		return nil, err
	}
	prod := map[string]*ast.Module{}
	for f, m := range mods {
		if !strings.HasSuffix(f, "_test.rego") {
			prod[f] = m
		}
	}
	c := newCompiler()
	if c.Compile(prod); c.Failed() {
		return nil, fmt.Errorf("compiling user policies: %w", c.Errors)
	}
	up := &UserPolicies{Modules: mods, demand: inputDemand(c.Modules, reported), exceptions: map[string]rego.PreparedEvalQuery{}}
	names := map[string]bool{}
	exceptionNS := map[string]bool{}
	for _, m := range prod {
		ns := strings.TrimPrefix(m.Package.Path.String(), "data.")
		if !contains(namespaces, ns) {
			continue
		}
		for _, r := range m.Rules {
			n := r.Head.Name.String()
			if n == "" && len(r.Head.Reference) > 0 {
				n = r.Head.Reference[0].String()
			}
			if conftestRule.MatchString(n) {
				names[ns+"."+n] = true
			}
			if n == "exception" {
				exceptionNS[ns] = true
			}
		}
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		pq, err := rego.New(rego.Query("data."+n), rego.Compiler(c), rego.StrictBuiltinErrors(true)).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("preparing user rule %s: %w", n, err)
		}
		i := strings.LastIndex(n, ".")
		kind := conftestRule.FindStringSubmatch(n[i+1:])[1]
		up.queries = append(up.queries, userQuery{name: n, ns: n[:i], kind: kind, query: pq})
	}
	for ns := range exceptionNS {
		pq, err := rego.New(rego.Query("data."+ns+".exception"), rego.Compiler(c), rego.StrictBuiltinErrors(true)).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("preparing user rule %s.exception: %w", ns, err)
		}
		up.exceptions[ns] = pq
	}
	return up, nil
}

// readsStateValues reports whether the policies read planned_values or prior_state (or the
// document as a whole).
func (u *UserPolicies) readsStateValues() bool {
	keys := u.demand.topKeys()
	return keys == nil || keys["planned_values"] || keys["prior_state"]
}

// readsConfiguration reports whether the policies read the configuration (or may).
func (u *UserPolicies) readsConfiguration() bool {
	keys := u.demand.topKeys()
	return keys == nil || keys["configuration"]
}

// changeValues is what the policies read of resource_changes' before, after and after_unknown
// values: the top-level attributes of each (plan.Options.ChangeValues); nil when they may read
// any of them.
func (u *UserPolicies) changeValues() *plan.ChangeValues {
	if u.demand == nil {
		return nil
	}
	member := func(d *demand, k string) *demand {
		if d == nil {
			return nil
		}
		if c, ok := d.keys[k]; ok {
			return c
		}
		return d.every
	}
	// An element of resource_changes: what every element and any named one read, together.
	rcs := member(u.demand, "resource_changes")
	var elem *demand
	if rcs != nil {
		if rcs.whole {
			return nil
		}
		elem = rcs.every
		for _, c := range rcs.keys {
			elem = merge(elem, c)
		}
	}
	if elem != nil && elem.whole {
		return nil
	}
	change := member(elem, "change")
	if change != nil && change.whole {
		return nil
	}
	all := false
	attrs := func(part string) map[string]bool {
		d := member(change, part)
		switch {
		case d == nil:
			return map[string]bool{}
		case d.whole || d.every != nil:
			all = true
			return nil
		}
		out := make(map[string]bool, len(d.keys))
		for k := range d.keys {
			out[k] = true
		}
		return out
	}
	cv := &plan.ChangeValues{Before: attrs("before"), After: attrs("after"), AfterUnknown: attrs("after_unknown"),
		BeforeSensitive: attrs("before_sensitive"), AfterSensitive: attrs("after_sensitive")}
	if all && cv.Before == nil && cv.After == nil && cv.AfterUnknown == nil && cv.BeforeSensitive == nil && cv.AfterSensitive == nil {
		return nil
	}
	return cv
}

// document is the plan document the policies read: the top-level keys they refer to, and of
// those only the members they read (demand.go).
func (u *UserPolicies) document(p *plan.Plan) map[string]any {
	doc := p.DocumentParts(u.demand.topKeys())
	if u.demand == nil {
		return doc
	}
	out, _ := u.demand.prune(doc).(map[string]any)
	return out
}

// documentValue is document(p) as the AST value the policies are evaluated on.
func (u *UserPolicies) documentValue(p *plan.Plan) (ast.Value, error) {
	v, err := u.demand.convert(p.DocumentElements(u.demand.topKeys()))
	if err != nil {
		return nil, fmt.Errorf("converting the plan for evaluation: %w", err)
	}
	return v, nil
}

// reported tells the rules whose values are findings (deny, warn, violation …, exception):
// the analysis of what the policies read follows no input path through them.
func reported(r *ast.Rule) bool {
	n := r.Head.Name.String()
	if n == "" && len(r.Head.Reference) > 0 {
		n = r.Head.Reference[0].String()
	}
	return n == "exception" || conftestRule.MatchString(n)
}

// Rules returns how many conftest-style rules were found.
func (u *UserPolicies) Rules() int { return len(u.queries) }

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// evalUser evaluates the user rules against the plan document and returns findings, and a
// notice for each rule a conftest exception turned off.
func evalUser(ctx context.Context, u *UserPolicies, doc ast.Value) ([]Finding, []string, error) {
	// The queries are independent: they run on every core, and are read in order.
	nss := slices.Sorted(maps.Keys(u.exceptions))
	type result struct {
		v   any
		err error
	}
	res := make([]result, len(nss)+len(u.queries))
	eachIndex(len(res), func(i int) {
		if i < len(nss) {
			res[i].v, res[i].err = evalUserQuery(ctx, nss[i]+".exception", u.exceptions[nss[i]], doc)
			return
		}
		q := u.queries[i-len(nss)]
		res[i].v, res[i].err = evalUserQuery(ctx, q.name, q.query, doc)
	})
	excepted := map[string]map[string]bool{} // namespace → rule names the exceptions list
	for i, ns := range nss {
		v, err := res[i].v, res[i].err
		if err != nil {
			return nil, nil, err
		}
		excepted[ns] = map[string]bool{}
		for _, names := range anyList(v) {
			for _, n := range anyList(names) {
				if s, ok := n.(string); ok {
					excepted[ns][s] = true
				}
			}
		}
	}
	var out []Finding
	var notices []string
	for j, q := range u.queries {
		v, err := res[len(nss)+j].v, res[len(nss)+j].err
		if err != nil {
			return nil, nil, err
		}
		items := userItems(v)
		if short := exceptionName(q.name[len(q.ns)+1:]); excepted[q.ns][short] {
			notices = append(notices, fmt.Sprintf("user rule %s is excepted by %s.exception (%q): %d results not reported", q.name, q.ns, short, len(items)))
			continue
		}
		for _, item := range items {
			f := Finding{RuleID: q.name, Status: Fail, Source: "user", Severity: High, Decision: Deny}
			if q.kind == "warn" {
				f.Severity, f.Decision = Medium, Warn
			}
			switch v := item.(type) {
			case string:
				f.Message = v
			case map[string]any:
				f.Message, _ = v["msg"].(string)
				if id, ok := v["id"].(string); ok && id != "" {
					f.RuleID = id
				}
				for _, k := range []string{"address", "resource"} {
					if a, ok := v[k].(string); ok && a != "" {
						f.Address = a
						break
					}
				}
				if s, ok := v["severity"].(string); ok && Severity(s).Rank() > 0 {
					f.Severity = Severity(s)
				}
				if f.Message == "" {
					f.Message = fmt.Sprint(v)
				}
			default:
				f.Message = fmt.Sprint(v)
			}
			f.Title = f.Message
			out = append(out, f)
		}
	}
	return out, notices, nil
}

// evalUserQuery evaluates one user rule and returns its value (nil when undefined).
func evalUserQuery(ctx context.Context, name string, q rego.PreparedEvalQuery, doc ast.Value) (any, error) {
	rs, err := q.Eval(ctx, rego.EvalParsedInput(doc))
	if err != nil {
		if lerr := limitReached(ctx, []string{name}); lerr != nil {
			return nil, lerr
		}
		return nil, invalid(fmt.Errorf("evaluating %s: %w", name, err))
	}
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, nil
	}
	return rs[0].Expressions[0].Value, nil
}

// exceptionName is the name by which a conftest exception names a rule: deny_x and
// violation_x are "x"; deny, violation, warn and warn_x keep their names (conftest's
// removeFailurePrefix).
func exceptionName(rule string) string {
	for _, p := range []string{"deny_", "violation_"} {
		if s, ok := strings.CutPrefix(rule, p); ok {
			return s
		}
	}
	return rule
}

// userItems flattens a conftest rule's value: a set (list), a single string, or true.
func userItems(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case bool:
		if x {
			return []any{"policy denied"}
		}
		return nil
	case nil:
		return nil
	}
	return []any{v}
}

func (u *UserPolicies) hasRule(name string) bool {
	for _, q := range u.queries {
		if q.name == name {
			return true
		}
	}
	return false
}

func (u *UserPolicies) ruleNames() []string {
	out := make([]string, len(u.queries))
	for i, q := range u.queries {
		out[i] = q.name
	}
	return out
}
