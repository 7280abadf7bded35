package plan

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	tfjson "github.com/hashicorp/terraform-json"
)

// S3SplitTypes are the resources of AWS provider v4+ that configure one aspect of a bucket.
var S3SplitTypes = []string{
	"aws_s3_bucket_versioning",
	"aws_s3_bucket_server_side_encryption_configuration",
	"aws_s3_bucket_public_access_block",
	"aws_s3_bucket_policy",
	"aws_s3_bucket_ownership_controls",
	"aws_s3_bucket_lifecycle_configuration",
	"aws_s3_bucket_logging",
	"aws_s3_bucket_acl",
}

func build(name string, tp *tfjson.Plan, opts Options) (*Plan, error) {
	if err := checkChanges(name, tp); err != nil {
		return nil, err
	}
	p := &Plan{
		Path:             name,
		NoStateValues:    opts.NoStateValues,
		ChangeValues:     opts.ChangeValues,
		NoConfiguration:  opts.NoConfiguration,
		FormatVersion:    tp.FormatVersion,
		TerraformVersion: tp.TerraformVersion,
		byAddr:           map[string]*Resource{},
		byType:           map[string][]*Resource{},
		raw:              tp,
	}

	// Which secrets drifted is noted (paths only, no values) before redaction hides it.
	p.noteSecretDrift(tp.ResourceDrift)
	// Redaction first, of every part, before anything is indexed.
	red := redact(tp)
	// Equal values of one instance in several parts become one map (share.go).
	share(tp, opts.NoStateValues)

	// Planned values: every resource instance as it will be, through every child module.
	if tp.PlannedValues != nil {
		var srs []*tfjson.StateResource
		walkState(tp.PlannedValues.RootModule, func(sr *tfjson.StateResource) {
			if sr.DeposedKey == "" {
				srs = append(srs, sr)
			}
		})
		rs := make([]*Resource, len(srs))
		onEveryCore(len(srs), func(lo, hi int) {
			for i := lo; i < hi; i++ {
				rs[i] = resourceFromState(srs[i])
			}
		})
		p.Resources, p.byAddr = make([]*Resource, 0, len(rs)), make(map[string]*Resource, len(rs))
		for _, r := range rs {
			p.add(r)
		}
	}
	// Data sources read during planning live in the prior state only.
	if tp.PriorState != nil && tp.PriorState.Values != nil {
		walkState(tp.PriorState.Values.RootModule, func(sr *tfjson.StateResource) {
			if sr.Mode == tfjson.DataResourceMode && sr.DeposedKey == "" && p.byAddr[sr.Address] == nil {
				p.add(resourceFromState(sr))
			}
		})
	}
	for _, rc := range tp.ResourceChanges {
		actions := make([]string, len(rc.Change.Actions))
		for i, a := range rc.Change.Actions {
			actions[i] = string(a)
		}
		r := p.byAddr[rc.Address]
		if r == nil {
			if rc.DeposedKey != "" {
				continue
			}
			// Not in planned_values: a deleted resource, or a plan (format 0.1) that left it out.
			r = &Resource{
				Address: rc.Address, Module: rc.ModuleAddress, Mode: string(rc.Mode), Type: rc.Type,
				Name: rc.Name, Index: rc.Index, ProviderName: rc.ProviderName,
				ConfigAddress: StripKeys(rc.Address),
			}
			if after, ok := rc.Change.After.(map[string]any); ok {
				r.Values = after
			} else if removes(rc.Change.Actions) {
				r.Values, r.Deleted = map[string]any{}, true
			} else {
				return nil, &Error{Path: name, Kind: Malformed, Msg: fmt.Sprintf("resource_changes (%s): \"after\" is null and planned_values does not hold the resource, yet the actions %v keep it",
					strconv.QuoteToASCII(rc.Address), rc.Change.Actions)}
			}
			p.add(r)
		}
		r.Actions = actions
		if u, ok := rc.Change.AfterUnknown.(map[string]any); ok && len(u) > 0 {
			r.Unknown = u
		}
	}
	for _, r := range p.Resources {
		r.Sensitive = red.hidden[r.Address]
	}

	refs := p.applyConfig(tp)
	p.regions(tp)
	p.correlateS3(refs)

	byAddress := func(a, b *Resource) int { return strings.Compare(a.Address, b.Address) }
	var sorted sync.WaitGroup
	sorted.Go(func() { slices.SortFunc(p.Resources, byAddress) }) // beside the sorts by type
	for _, rs := range p.byType {
		slices.SortFunc(rs, byAddress)
	}
	sorted.Wait()
	if opts.ChangeValues != nil && opts.NoStateValues {
		// The resources are indexed, and planned_values and prior_state are read for nothing else
		// in this reading (their values were left out): their trees need not be held.
		tp.PlannedValues = nil
		if tp.PriorState != nil {
			tp.PriorState.Values = nil
		}
	}
	return p, nil
}

// checkChanges refuses resource changes of a shape Terraform never writes, which a reader would
// otherwise take for something else (a change that is null or has no actions, an after that is
// not an object: the resource would read as deleted and go unjudged).
func checkChanges(name string, tp *tfjson.Plan) error {
	for part, rcs := range map[string][]*tfjson.ResourceChange{"resource_changes": tp.ResourceChanges, "resource_drift": tp.ResourceDrift} {
		for i, rc := range rcs {
			bad := func(msg string) error {
				where := fmt.Sprintf("%s[%d]", part, i)
				if rc != nil && rc.Address != "" {
					where += fmt.Sprintf(" (%s)", strconv.QuoteToASCII(rc.Address))
				}
				return &Error{Path: name, Kind: Malformed, Msg: where + ": " + msg}
			}
			switch {
			case rc == nil:
				return bad("null where a resource change is expected")
			case rc.Change == nil:
				return bad("\"change\" is null or missing")
			case len(rc.Change.Actions) == 0:
				return bad("the change has no actions")
			}
			if err := instanceShape(rc.Change.Before); err != "" {
				return bad("\"before\" is " + err + ", not an object or null")
			}
			if err := instanceShape(rc.Change.After); err != "" {
				return bad("\"after\" is " + err + ", not an object or null")
			}
			// Terraform 1.0 and 1.1 write a no-op with neither before nor after for some
			// instances that planned_values holds; build refuses one that it does not hold.
			nothing := rc.Change.Before == nil && len(rc.Change.Actions) == 1 && rc.Change.Actions[0] == tfjson.ActionNoop
			if rc.Change.After == nil && !removes(rc.Change.Actions) && !nothing {
				return bad(fmt.Sprintf("\"after\" is null, yet the actions %v keep the resource", rc.Change.Actions))
			}
		}
	}
	return nil
}

// instanceShape returns "" for an object or null, else the JSON type it is.
func instanceShape(v any) string {
	switch v.(type) {
	case nil, map[string]any:
		return ""
	case string:
		return "a string"
	case []any:
		return "a list"
	case bool:
		return "a boolean"
	}
	return "a number"
}

// removes reports whether actions leave no object behind (delete; forget, Terraform 1.7+).
func removes(actions tfjson.Actions) bool {
	for _, a := range actions {
		if a != tfjson.ActionDelete && a != tfjson.ActionForget {
			return false
		}
	}
	return true
}

func (p *Plan) add(r *Resource) {
	p.Resources = append(p.Resources, r)
	p.byAddr[r.Address] = r
	p.byType[r.Type] = append(p.byType[r.Type], r)
}

// onEveryCore runs f over [0, n) in one contiguous range per core.
func onEveryCore(n int, f func(lo, hi int)) {
	w := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	for c := range w {
		wg.Go(func() { f(c*n/w, (c+1)*n/w) })
	}
	wg.Wait()
}

func resourceFromState(sr *tfjson.StateResource) *Resource {
	mod := moduleOf(sr.Address, string(sr.Mode), sr.Type, sr.Name)
	vals := sr.AttributeValues
	if vals == nil {
		vals = map[string]any{}
	}
	return &Resource{
		Address: sr.Address, Module: mod, Mode: string(sr.Mode), Type: sr.Type, Name: sr.Name,
		Index: sr.Index, ProviderName: sr.ProviderName, Values: vals,
		ConfigAddress: StripKeys(sr.Address),
	}
}

func walkState(m *tfjson.StateModule, f func(*tfjson.StateResource)) {
	if m == nil {
		return
	}
	for _, r := range m.Resources {
		if r != nil {
			f(r)
		}
	}
	for _, c := range m.ChildModules {
		walkState(c, f)
	}
}

// configRefs maps a configuration address to the references of each top-level attribute.
type configRefs map[string]map[string][]string

func (p *Plan) applyConfig(tp *tfjson.Plan) configRefs {
	refs := configRefs{}
	if tp.Config == nil || tp.Config.RootModule == nil {
		return refs
	}
	configured := map[string][]string{}
	walkConfig(tp.Config.RootModule, "", func(addr string, cr *tfjson.ConfigResource) {
		keys := make([]string, 0, len(cr.Expressions))
		m := map[string][]string{}
		for k, e := range cr.Expressions {
			keys = append(keys, k)
			if e != nil && e.ExpressionData != nil && len(e.References) > 0 {
				m[k] = e.References
			}
		}
		sort.Strings(keys)
		configured[addr] = keys
		refs[addr] = m
	})
	for _, r := range p.Resources {
		r.Configured = configured[r.ConfigAddress]
	}
	return refs
}

func walkConfig(m *tfjson.ConfigModule, prefix string, f func(string, *tfjson.ConfigResource)) {
	if m == nil {
		return
	}
	for _, r := range m.Resources {
		if r != nil {
			f(prefix+r.Address, r)
		}
	}
	for name, mc := range m.ModuleCalls {
		if mc != nil {
			walkConfig(mc.Module, prefix+"module."+name+".", f)
		}
	}
}

func (p *Plan) regions(tp *tfjson.Plan) {
	if tp.Config == nil {
		return
	}
	seen := map[string]bool{}
	for _, pc := range tp.Config.ProviderConfigs {
		if pc == nil || pc.Name != "aws" {
			continue
		}
		e := pc.Expressions["region"]
		if e == nil || e.ExpressionData == nil {
			continue
		}
		region := ""
		if s, ok := e.ConstantValue.(string); ok {
			region = s
		} else if len(e.References) > 0 && strings.HasPrefix(e.References[0], "var.") && pc.ModuleAddress == "" {
			if v := tp.Variables[strings.TrimPrefix(e.References[0], "var.")]; v != nil {
				region, _ = v.Value.(string)
			}
		}
		if region != "" && !seen[region] {
			seen[region] = true
			p.Regions = append(p.Regions, region)
		}
	}
	sort.Strings(p.Regions)
}

// correlateS3 ties each split S3 resource to its bucket: by bucket name where the split resource's
// `bucket` is known, else by the configuration's reference to an aws_s3_bucket. Buckets are
// indexed by name and by module instance, configuration address and instance key, so that the
// correlation takes time in proportion to the plan (one lookup per split resource).
func (p *Plan) correlateS3(refs configRefs) {
	buckets := p.byType["aws_s3_bucket"]
	if len(buckets) == 0 {
		return
	}
	byName := map[string]*Resource{}
	byConfig := map[bucketKey]*bucketSet{}
	for _, b := range buckets {
		if n, ok := b.Values["bucket"].(string); ok && n != "" && n != Redacted {
			byName[n] = b
		}
		k := bucketKey{b.Module, b.ConfigAddress}
		set := byConfig[k]
		if set == nil {
			set = &bucketSet{byIndex: map[any]*Resource{}}
			byConfig[k] = set
		}
		set.n++
		set.only = b
		if ik, ok := indexKey(b.Index); ok {
			set.byIndex[ik] = b
		}
	}
	for _, t := range S3SplitTypes {
		for _, r := range p.byType[t] {
			if r.Deleted {
				continue
			}
			var b *Resource
			if n, ok := r.Values["bucket"].(string); ok && n != "" && n != Redacted {
				b = byName[n]
			} else { // unknown, or hidden: the configuration's reference tells
				b = bucketByReference(r, refs, byConfig)
			}
			if b == nil {
				continue
			}
			r.Bucket = b.Address
			if b.Related == nil {
				b.Related = map[string][]string{}
			}
			b.Related[t] = append(b.Related[t], r.Address)
		}
	}
}

// bucketKey is a bucket's module instance and configuration address.
type bucketKey struct{ module, config string }

// bucketSet holds the instances of one bucket block in one module instance.
type bucketSet struct {
	n       int
	only    *Resource // the last one added; the bucket when n is 1
	byIndex map[any]*Resource
}

// indexKey returns an instance key usable as a map key: a count index (number) or a for_each
// key (string).
func indexKey(i any) (any, bool) {
	switch i.(type) {
	case string, float64:
		return i, true
	}
	return nil, false
}

func bucketByReference(r *Resource, refs configRefs, byConfig map[bucketKey]*bucketSet) *Resource {
	modPrefix := ""
	if r.Module != "" {
		modPrefix = StripKeys(r.Module) + "."
	}
	for _, ref := range refs[r.ConfigAddress]["bucket"] {
		if !strings.HasPrefix(ref, "aws_s3_bucket.") {
			continue
		}
		parts := strings.SplitN(ref, ".", 3)
		set := byConfig[bucketKey{r.Module, modPrefix + "aws_s3_bucket." + StripKeys(parts[1])}]
		switch {
		case set == nil:
		case set.n == 1:
			return set.only
		default:
			// count/for_each on both: the bucket with the same key.
			if ik, ok := indexKey(r.Index); ok {
				if b := set.byIndex[ik]; b != nil {
					return b
				}
			}
		}
	}
	return nil
}

// moduleOf returns the module instance part of a resource instance address.
func moduleOf(addr, mode, typ, name string) string {
	if !strings.HasPrefix(addr, "module.") {
		return ""
	}
	tn := "." + typ + "." + name
	if mode == string(tfjson.DataResourceMode) {
		tn = ".data" + tn
	}
	for i := strings.LastIndex(addr, tn); i > 0; i = strings.LastIndex(addr[:i], tn) {
		rest := addr[i+len(tn):]
		if rest == "" || rest[0] == '[' {
			return addr[:i]
		}
	}
	return ""
}
