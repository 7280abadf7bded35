package policy

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/nexabrands/supplychain/policy/plan"
	"github.com/nexabrands/supplychain/policy/rules"
)

// ruleIDPattern is the form of a built-in rule id: SC-AWS-S3-001, SC-CONV-002, SC-LAKE-001.
var ruleIDPattern = regexp.MustCompile(`^SC(-[A-Z0-9]+)+-[0-9]{3}$`)

type compiledRule struct {
	Rule
	query rego.PreparedEvalQuery
	names map[string]bool // which of applicable, fail and unknown the rule defines
}

// ruleGroup is rules of one directory (at most groupMax) evaluated by one query: the helpers
// they share (IAM policy documents, a lake's attributes, a bucket's parsed policies) are then
// computed once for all of them, as OPA caches a rule's value within one evaluation.
type ruleGroup struct {
	rules []*compiledRule
	query rego.PreparedEvalQuery
}

// groupMax bounds a group, so that one directory's rules (the S3 ones) do not all wait on one
// core.
const groupMax = 5

type builtinSet struct {
	rules    []*compiledRule
	groups   []*ruleGroup
	modules  func() (map[string]*ast.Module, error) // every module, tests included, for `policy test`
	compiler *ast.Compiler
}

// builtin compiles the embedded rules and prepares one query per rule, once per process.
var builtin = sync.OnceValues(func() (*builtinSet, error) { return compileBuiltin(rules.FS) })

// PrepareBuiltin starts compiling the built-in rules in the background, so that a caller can
// overlap the compilation (tens of milliseconds) with reading the plan; Check waits for it.
func PrepareBuiltin() {
	go func() { _, _ = builtin() }()
}

// BuiltinRules returns the catalogue of the embedded rules.
func BuiltinRules() ([]Rule, error) {
	b, err := builtin()
	if err != nil {
		return nil, err
	}
	out := make([]Rule, len(b.rules))
	for i, r := range b.rules {
		out[i] = r.Rule
	}
	return out, nil
}

// BuiltinModules returns every embedded module, tests included, keyed by file name.
func BuiltinModules() (map[string]*ast.Module, error) {
	b, err := builtin()
	if err != nil {
		return nil, err
	}
	return b.modules()
}

// parseBuiltin parses an embedded module and checks its package.
func parseBuiltin(fsys fs.FS, path string) (*ast.Module, error) {
	src, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, err
	}
	m, err := ast.ParseModuleWithOpts(path, string(src), parseOpts())
	if err != nil {
		return nil, err
	}
	return m, checkBuiltinPackage(path, m)
}

func parseOpts() ast.ParserOptions {
	return ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1}
}

// costGateDir holds the cost gate (package supplychain.cost.gate, its own embed in
// policy/rules/cost): policy/cost evaluates it over the priced plan, so the rule set leaves it out.
const costGateDir = "cost"

func compileBuiltin(fsys fs.FS) (*builtinSet, error) {
	prod := map[string]*ast.Module{}
	var tests []string
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && path == costGateDir {
			return fs.SkipDir // the cost gate judges policy/cost's input, not the plan's
		}
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".rego") {
			return err
		}
		if strings.HasSuffix(path, "_test.rego") {
			tests = append(tests, path) // parsed when asked for (BuiltinModules): a check never reads them
			return nil
		}
		m, err := parseBuiltin(fsys, path)
		prod[path] = m
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("loading built-in rules: %w", err)
	}
	c := newCompiler()
	if c.Compile(prod); c.Failed() {
		return nil, fmt.Errorf("compiling built-in rules: %w", c.Errors)
	}
	set := &builtinSet{compiler: c}
	set.modules = sync.OnceValues(func() (map[string]*ast.Module, error) {
		all := maps.Clone(prod)
		for _, path := range tests {
			m, err := parseBuiltin(fsys, path)
			if err != nil {
				return nil, fmt.Errorf("loading built-in rules: %w", err)
			}
			all[path] = m
		}
		return all, nil
	})
	seen := map[string]string{}
	files := make([]string, 0, len(prod))
	for f := range prod {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		m := prod[f]
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		if !strings.HasPrefix(pkg, "supplychain.rules.") {
			continue // a library: checkBuiltinPackage allowed it
		}
		meta, err := ruleMeta(f, m)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[meta.ID]; dup {
			return nil, fmt.Errorf("built-in rules: id %s is used by %s and %s", meta.ID, prev, f)
		}
		seen[meta.ID] = f
		// Query only the three documents of the verdict: the package document would also carry
		// every helper rule's value (lists of whole resources) back out of the evaluator.
		names := map[string]bool{}
		for _, r := range m.Rules {
			names[r.Head.Name.String()] = true
			if len(r.Head.Reference) > 0 {
				names[r.Head.Reference[0].String()] = true
			}
		}
		if !names["applicable"] || !names["fail"] {
			return nil, fmt.Errorf("%s: rule %s must define applicable and fail", f, meta.ID)
		}
		cr := &compiledRule{Rule: meta, names: names}
		if cr.query, err = prepareRules(c, []*compiledRule{cr}); err != nil {
			return nil, fmt.Errorf("preparing rule %s: %w", meta.ID, err)
		}
		set.rules = append(set.rules, cr)
	}
	// Group the rules by directory, in file order, at most groupMax to a group.
	var group []*compiledRule
	flush := func() error {
		if len(group) > 1 {
			pq, err := prepareRules(c, group)
			if err != nil {
				return fmt.Errorf("preparing rules %s: %w", ruleIDs(group), err)
			}
			set.groups = append(set.groups, &ruleGroup{rules: group, query: pq})
		}
		group = nil
		return nil
	}
	for _, r := range set.rules {
		if len(group) > 0 && (ruleDir(group[0].File) != ruleDir(r.File) || len(group) == groupMax) {
			if err := flush(); err != nil {
				return nil, err
			}
		}
		group = append(group, r)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return set, nil
}

// prepareRules prepares the query of the verdict documents of rules: for the i-th rule,
// r<i>_applicable, r<i>_fail and (when it defines it) r<i>_unknown.
func prepareRules(c *ast.Compiler, rules []*compiledRule) (rego.PreparedEvalQuery, error) {
	var q []string
	for i, r := range rules {
		q = append(q, fmt.Sprintf("r%[1]d_applicable = %[2]s.applicable; r%[1]d_fail = %[2]s.fail", i, r.Package))
		if r.names["unknown"] {
			q = append(q, fmt.Sprintf("r%d_unknown = %s.unknown", i, r.Package))
		}
	}
	return rego.New(rego.Query(strings.Join(q, "; ")), rego.Compiler(c), rego.StrictBuiltinErrors(true)).PrepareForEval(context.Background())
}

// ruleDir is the directory of an embedded rule file ("aws/s3" for "aws/s3/tls_only.rego").
func ruleDir(file string) string {
	if i := strings.LastIndex(file, "/"); i >= 0 {
		return file[:i]
	}
	return ""
}

func ruleIDs(rules []*compiledRule) string {
	ids := make([]string, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
	}
	return strings.Join(ids, ", ")
}

// checkBuiltinPackage refuses an embedded module whose package is none of those the engine
// knows: a rule (supplychain.rules.…), a library (supplychain.lib, supplychain.lib.…), the test
// helpers (supplychain.testing) or, in a _test.rego file, a test package under supplychain.
func checkBuiltinPackage(file string, m *ast.Module) error {
	pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
	ok := strings.HasPrefix(pkg, "supplychain.rules.") || pkg == "supplychain.lib" ||
		strings.HasPrefix(pkg, "supplychain.lib.") || pkg == "supplychain.testing"
	if strings.HasSuffix(file, "_test.rego") {
		ok = strings.HasPrefix(pkg, "supplychain.") && strings.HasSuffix(pkg, "_test")
	}
	if !ok {
		return fmt.Errorf("%s: package %s is outside supplychain.rules, supplychain.lib and supplychain.testing (tests: supplychain.…_test)", file, pkg)
	}
	return nil
}

// ruleMeta reads a rule's package-scoped `# METADATA`.
func ruleMeta(file string, m *ast.Module) (Rule, error) {
	var ann *ast.Annotations
	for _, a := range m.Annotations {
		if a.Scope == "package" {
			ann = a
		}
	}
	if ann == nil {
		return Rule{}, fmt.Errorf("%s: a rule package needs a package-scoped # METADATA block", file)
	}
	r := Rule{Title: ann.Title, Description: ann.Description, Package: m.Package.Path.String(), File: file, Source: "builtin"}
	r.ID, _ = ann.Custom["id"].(string)
	sev, _ := ann.Custom["severity"].(string)
	r.Severity = Severity(sev)
	r.Remediation, _ = ann.Custom["remediation"].(string)
	r.ResourceTypes = stringList(ann.Custom["resource_types"])
	if rel, ok := ann.Custom["related"].(map[string]any); ok {
		r.Related = map[string][]string{}
		for k, v := range rel {
			if l := stringList(v); len(l) > 0 {
				r.Related[k] = l
			}
		}
	}
	switch {
	case !ruleIDPattern.MatchString(r.ID):
		return r, fmt.Errorf("%s: custom.id %q is not of the form SC-AWS-S3-001", file, r.ID)
	case r.Title == "":
		return r, fmt.Errorf("%s: rule %s has no title", file, r.ID)
	case r.Severity.Rank() == 0:
		return r, fmt.Errorf("%s: rule %s: severity %q is not critical, high, medium or low", file, r.ID, sev)
	case r.Remediation == "":
		return r, fmt.Errorf("%s: rule %s has no remediation", file, r.ID)
	case len(r.ResourceTypes) == 0:
		return r, fmt.Errorf("%s: rule %s names no resource_types", file, r.ID)
	}
	return r, nil
}

func stringList(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

type ruleOutput struct {
	applicable []string
	fail       []verdict
	unknown    []verdict
	findings   []Finding // made by the worker that evaluated the rule (toFindings)
}

type verdict struct{ address, msg string }

// evalBuiltin evaluates every enabled built-in rule against one input, in parallel: a group
// whose rules are all enabled by one query, other rules alone. The work that reads the most
// resources starts first, so that no long evaluation is left running alone at the end (the
// order does not change the result).
func evalBuiltin(ctx context.Context, set *builtinSet, cfg *Config, p *plan.Plan, input ast.Value) (map[*compiledRule]ruleOutput, error) {
	var todo []*ruleGroup
	grouped := map[*compiledRule]bool{}
	for _, g := range set.groups {
		all := true
		for _, r := range g.rules {
			all = all && cfg.enabled(r.ID)
		}
		if all {
			todo = append(todo, g)
			for _, r := range g.rules {
				grouped[r] = true
			}
		}
	}
	for _, r := range set.rules {
		if cfg.enabled(r.ID) && !grouped[r] {
			todo = append(todo, &ruleGroup{rules: []*compiledRule{r}, query: r.query})
		}
	}
	weight := map[*ruleGroup]int{}
	for _, g := range todo {
		for _, r := range g.rules {
			for _, t := range r.ResourceTypes {
				weight[g] += len(p.OfType(t))
			}
		}
	}
	sort.SliceStable(todo, func(i, j int) bool { return weight[todo[i]] > weight[todo[j]] })
	out := make(map[*compiledRule]ruleOutput, len(set.rules))
	var mu sync.Mutex
	var firstErr error
	var stopped []string // rules a limit stopped
	work := make(chan *ruleGroup)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range work {
				if ctx.Err() != nil {
					continue // not started: not "being evaluated"
				}
				o, err := evalGroup(ctx, g, input)
				for r, ro := range o {
					ro.findings = toFindings(p, cfg, cfg.builtinRule(r.Rule), ro)
					o[r] = ro
				}
				mu.Lock()
				switch {
				case err != nil && limitCause(ctx) != nil:
					for _, r := range g.rules {
						stopped = append(stopped, r.ID)
					}
				case err != nil && firstErr == nil:
					firstErr = err
				}
				for r, ro := range o {
					out[r] = ro
				}
				mu.Unlock()
			}
		}()
	}
	for _, g := range todo {
		work <- g
	}
	close(work)
	wg.Wait()
	if err := limitReached(ctx, stopped); err != nil {
		return nil, err
	}
	return out, firstErr
}

// evalGroup evaluates a group's query and splits its result by rule. Should the query have no
// result (a rule's verdict document undefined), each rule is evaluated alone, as it would be
// ungrouped.
func evalGroup(ctx context.Context, g *ruleGroup, input ast.Value) (map[*compiledRule]ruleOutput, error) {
	out := make(map[*compiledRule]ruleOutput, len(g.rules))
	rs, err := g.query.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		if len(g.rules) == 1 {
			return out, fmt.Errorf("evaluating rule %s: %w", g.rules[0].ID, err)
		}
		return out, fmt.Errorf("evaluating rules %s: %w", ruleIDs(g.rules), err)
	}
	if len(rs) == 0 && len(g.rules) > 1 {
		for _, r := range g.rules {
			o, err := evalRule(ctx, r, input)
			out[r] = o
			if err != nil {
				return out, err
			}
		}
		return out, nil
	}
	for i, r := range g.rules {
		if len(rs) == 0 {
			out[r] = ruleOutput{}
			continue
		}
		out[r] = outputOf(rs[0].Bindings, i)
	}
	return out, nil
}

func evalRule(ctx context.Context, r *compiledRule, input ast.Value) (ruleOutput, error) {
	rs, err := r.query.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return ruleOutput{}, fmt.Errorf("evaluating rule %s: %w", r.ID, err)
	}
	if len(rs) == 0 {
		return ruleOutput{}, nil
	}
	return outputOf(rs[0].Bindings, 0), nil
}

// outputOf reads the i-th rule's verdict documents from a query's bindings.
func outputOf(doc rego.Vars, i int) ruleOutput {
	var o ruleOutput
	for _, a := range anyList(doc[fmt.Sprintf("r%d_applicable", i)]) {
		if s, ok := a.(string); ok {
			o.applicable = append(o.applicable, s)
		}
	}
	o.fail = verdicts(doc[fmt.Sprintf("r%d_fail", i)])
	o.unknown = verdicts(doc[fmt.Sprintf("r%d_unknown", i)])
	return o
}

func anyList(v any) []any {
	l, _ := v.([]any)
	return l
}

func verdicts(v any) []verdict {
	var out []verdict
	for _, x := range anyList(v) {
		m, ok := x.(map[string]any)
		if !ok {
			continue
		}
		a, _ := m["address"].(string)
		msg, _ := m["msg"].(string)
		out = append(out, verdict{a, msg})
	}
	return out
}
