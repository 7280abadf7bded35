// Package drift reads the drift that a Terraform plan records (resource_drift: what changed
// outside Terraform since the last apply) and classifies it: security (the built-in rules fail on
// the drifted values but passed on the recorded ones), cost (the drift changes the monthly
// cost), benign (tags, descriptions, timestamps …), other, and resources deleted out of band.
// Drift is told apart from a normal plan's pending configuration changes (resource_changes):
// those are not applied yet, and are not drift. A known-drift file silences drift until it
// expires.
//
// The report never holds a sensitive value: the plan is read by policy/plan, which redacts it, and
// a sensitive value that changed is reported as changed without either side.
package drift

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/plan"
)

// Class is one kind of drift. A resource can have several.
type Class string

// Classes of drift.
const (
	Security Class = "security" // the built-in rules fail on the drifted values, passed on the recorded ones
	Cost     Class = "cost"     // the drift changes the monthly cost (priced once an estimator is given)
	Benign   Class = "benign"   // only attributes of the benign list (tags, descriptions, timestamps …)
	Other    Class = "other"    // any other attribute
	Deleted  Class = "deleted"  // the resource no longer exists outside Terraform
)

// Classes lists every class in report order.
var Classes = []Class{Security, Cost, Deleted, Other, Benign}

// Change is one attribute that changed outside Terraform.
type Change struct {
	// Path names the attribute: object keys joined by dots, list indices in brackets, keys that are
	// not identifiers quoted (tags["kubernetes.io/name"]); "" for the whole resource.
	Path   string `json:"path"`
	Before any    `json:"before"`
	After  any    `json:"after"`
	// Sensitive: the value is sensitive; Before and After are left out, the change is only noted.
	Sensitive bool    `json:"sensitive,omitempty"`
	Classes   []Class `json:"classes"`
	// Known is the known-drift entry that silences this change, if any.
	Known *KnownEntry `json:"known,omitempty"`

	keys []string // the path's object keys
}

// Finding is a built-in rule that fails on the drifted state and passed on the recorded one (or
// failed there with another message).
type Finding struct {
	policy.Finding
	// Drifted are the drifted resources the finding is put down to: the resource itself, or the
	// split S3 resources of the bucket it names. Empty when none could be told.
	Drifted []string `json:"drifted,omitempty"`
	// Worsened: the rule failed on the recorded state too, with another message.
	Worsened bool `json:"worsened,omitempty"`
}

// Resource is one drifted resource instance.
type Resource struct {
	Address  string    `json:"address"`
	Type     string    `json:"type"`
	Classes  []Class   `json:"classes"`
	Deleted  bool      `json:"deleted,omitempty"`
	Changes  []Change  `json:"changes"`
	Findings []Finding `json:"findings,omitempty"`
	Cost     *CostDiff `json:"cost,omitempty"`
	// Known is true when known-drift entries silence every change (and so the resource).
	Known bool `json:"known,omitempty"`
}

// Pending is a configuration change of a normal plan: not applied yet, and not drift.
type Pending struct {
	Address string   `json:"address"`
	Actions []string `json:"actions"`
	Reason  string   `json:"reason,omitempty"`
}

// Summary counts the drifted resources that known-drift entries leave (a resource counts once
// in Drifted and once in each of its classes), the silenced ones (Known) and the pending changes.
type Summary struct {
	Drifted  int `json:"drifted"`
	Security int `json:"security"`
	Cost     int `json:"cost"`
	Benign   int `json:"benign"`
	Other    int `json:"other"`
	Deleted  int `json:"deleted"`
	Known    int `json:"known"`
	Pending  int `json:"pending"`
}

// ByClass returns the count of one class.
func (s Summary) ByClass(c Class) int {
	switch c {
	case Security:
		return s.Security
	case Cost:
		return s.Cost
	case Benign:
		return s.Benign
	case Other:
		return s.Other
	case Deleted:
		return s.Deleted
	}
	return 0
}

// PlanInfo describes the plan that was read.
type PlanInfo struct {
	Path             string `json:"path"`
	FormatVersion    string `json:"format_version"`
	TerraformVersion string `json:"terraform_version,omitempty"`
	Resources        int    `json:"resources"` // resources of the prior state (the refreshed state)
}

// Report is the outcome of a drift run.
type Report struct {
	Plan PlanInfo `json:"plan"`
	// Drifted lists every drifted resource, silenced ones included (Known), sorted by address.
	Drifted []Resource `json:"drifted"`
	// Security lists every rule that fails on the drifted state only.
	Security []Finding `json:"security"`
	// Pending are the plan's configuration changes (not applied yet, not drift).
	Pending []Pending `json:"pending"`
	// Cost totals the priced drift, when a pricer priced any.
	Cost    *CostDiff `json:"cost,omitempty"`
	Summary Summary   `json:"summary"`
	// Errors fail the run (an expired known-drift entry).
	Errors []string `json:"errors,omitempty"`
	// Notices are warnings about the run (a known-drift entry that matched nothing).
	Notices []string `json:"notices,omitempty"`
}

// Failed reports whether the run must exit with the drift code: drift remains after the
// known-drift file, or an entry of it has expired.
func (r *Report) Failed() bool { return r.Summary.Drifted > 0 || len(r.Errors) > 0 }

// Options say how to judge the drift.
type Options struct {
	// Config holds the built-in rules' parameters and overrides (nil: policy.DefaultConfig()).
	Config *policy.Config
	// Known is the known-drift file (nil: none).
	Known *KnownFile
	// Pricer prices drift (nil: cost drift is reported unpriced).
	Pricer Pricer
	// Now is the clock for known-drift expiry (nil: time.Now).
	Now func() time.Time
}

// Analyze finds, classifies and filters the drift of a plan.
func Analyze(ctx context.Context, p *plan.Plan, opts Options) (*Report, error) {
	if p.NoStateValues {
		return nil, errors.New("judging drift: the plan was read without its state values")
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	known := opts.Known
	if known == nil {
		known = &KnownFile{}
	}
	lists := known.lists()
	doc := p.DocumentParts(map[string]bool{"resource_drift": true, "resource_changes": true,
		"prior_state": true, "configuration": true, "variables": true})
	rep := &Report{
		Plan:     PlanInfo{Path: p.Path, FormatVersion: p.FormatVersion, TerraformVersion: p.TerraformVersion, Resources: countPrior(doc)},
		Drifted:  []Resource{},
		Security: []Finding{},
		Pending:  pendingChanges(doc),
	}
	entries := driftEntries(doc)
	for _, e := range entries {
		r := Resource{Address: e.address, Type: e.typ}
		if e.after == nil {
			r.Deleted = true
			r.Changes = []Change{{Path: "", Before: nil, After: nil, Classes: []Class{Deleted}}}
		} else {
			r.Changes = diff(e.before, e.after, p.SecretDrift(e.address))
			for i := range r.Changes {
				r.Changes[i].Classes = lists.classify(r.Changes[i].keys)
			}
		}
		if len(r.Changes) > 0 {
			rep.Drifted = append(rep.Drifted, r)
		}
	}
	if len(rep.Drifted) > 0 {
		if err := security(ctx, p, doc, entries, opts.Config, rep); err != nil {
			return nil, err
		}
		if err := price(ctx, opts.Pricer, entries, rep); err != nil {
			return nil, err
		}
	}
	known.apply(rep, now())
	rep.finish()
	return rep, nil
}

// finish sets each resource's classes and the summary.
func (r *Report) finish() {
	s := Summary{Pending: len(r.Pending)}
	for i := range r.Drifted {
		d := &r.Drifted[i]
		set := map[Class]bool{}
		live := 0
		for _, c := range d.Changes {
			if c.Known != nil {
				continue
			}
			live++
			for _, cl := range c.Classes {
				set[cl] = true
			}
		}
		d.Known = live == 0
		if len(d.Findings) > 0 {
			set[Security] = true
			delete(set, Other) // the rules say what the other changes do
		}
		if d.Cost != nil && d.Cost.Priced {
			// A price says more than the attribute list.
			set[Cost] = d.Cost.Diff != 0
		}
		if d.Known {
			// Silenced: the classes still say what the drift was.
			for _, c := range d.Changes {
				for _, cl := range c.Classes {
					set[cl] = true
				}
			}
			s.Known++
		}
		d.Classes = []Class{}
		for _, c := range Classes {
			if set[c] {
				d.Classes = append(d.Classes, c)
			}
		}
		if d.Known {
			continue
		}
		s.Drifted++
		for _, c := range d.Classes {
			switch c {
			case Security:
				s.Security++
			case Cost:
				s.Cost++
			case Benign:
				s.Benign++
			case Other:
				s.Other++
			case Deleted:
				s.Deleted++
			}
		}
	}
	r.Summary = s
	// Findings put down only to silenced resources are known too.
	known := map[string]bool{}
	for _, d := range r.Drifted {
		known[d.Address] = d.Known
	}
	kept := r.Security[:0]
	for _, f := range r.Security {
		silenced := len(f.Drifted) > 0
		for _, a := range f.Drifted {
			silenced = silenced && known[a]
		}
		if !silenced {
			kept = append(kept, f)
		}
	}
	r.Security = kept
}

// entry is one resource_drift element.
type entry struct {
	address, mode, typ, name, provider string
	index                              any
	before, after                      map[string]any
}

func driftEntries(doc map[string]any) []entry {
	var out []entry
	seen := map[string]bool{}
	for _, x := range listOf(doc["resource_drift"]) {
		rc, _ := x.(map[string]any)
		if rc == nil || rc["deposed"] != nil {
			continue
		}
		ch, _ := rc["change"].(map[string]any)
		if ch == nil {
			continue
		}
		e := entry{index: rc["index"]}
		e.address, _ = rc["address"].(string)
		e.mode, _ = rc["mode"].(string)
		e.typ, _ = rc["type"].(string)
		e.name, _ = rc["name"].(string)
		e.provider, _ = rc["provider_name"].(string)
		e.before, _ = ch["before"].(map[string]any)
		e.after, _ = ch["after"].(map[string]any)
		if e.address == "" || seen[e.address] || e.before == nil && e.after == nil {
			continue
		}
		if e.mode != "" && e.mode != "managed" {
			continue
		}
		seen[e.address] = true
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].address < out[j].address })
	return out
}

func pendingChanges(doc map[string]any) []Pending {
	out := []Pending{}
	for _, x := range listOf(doc["resource_changes"]) {
		rc, _ := x.(map[string]any)
		if rc == nil {
			continue
		}
		ch, _ := rc["change"].(map[string]any)
		var acts []string
		for _, a := range listOf(ch["actions"]) {
			if s, ok := a.(string); ok {
				acts = append(acts, s)
			}
		}
		if len(acts) == 0 || len(acts) == 1 && (acts[0] == "no-op" || acts[0] == "read") {
			continue
		}
		addr, _ := rc["address"].(string)
		if d, _ := rc["deposed"].(string); d != "" {
			addr = fmt.Sprintf("%s (deposed %s)", addr, d)
		}
		reason, _ := rc["action_reason"].(string)
		out = append(out, Pending{Address: addr, Actions: acts, Reason: reason})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}

// countPrior counts the resource instances of the prior state, all modules.
func countPrior(doc map[string]any) int {
	ps, _ := doc["prior_state"].(map[string]any)
	vals, _ := ps["values"].(map[string]any)
	root, _ := vals["root_module"].(map[string]any)
	var count func(m map[string]any) int
	count = func(m map[string]any) int {
		n := len(listOf(m["resources"]))
		for _, c := range listOf(m["child_modules"]) {
			if cm, ok := c.(map[string]any); ok {
				n += count(cm)
			}
		}
		return n
	}
	if root == nil {
		return 0
	}
	return count(root)
}

func listOf(v any) []any {
	l, _ := v.([]any)
	return l
}
