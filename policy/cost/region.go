package cost

import (
	"fmt"
	"strings"

	"github.com/nexabrands/supplychain/policy/plan"
)

// regions finds each resource's region from the plan's provider configuration: the provider
// block's region where it is a literal (or a root variable with a value in the plan), per
// provider alias; else the fallback (--region).
type regions struct {
	byConfigAddr map[string]string // resource config address → provider_config_key
	byKey        map[string]string // provider_config_key → region
	fallback     string
}

func newRegions(doc map[string]any, fallback string) *regions {
	r := &regions{byConfigAddr: map[string]string{}, byKey: map[string]string{}, fallback: fallback}
	cfg, _ := doc["configuration"].(map[string]any)
	if cfg == nil {
		return r
	}
	vars, _ := doc["variables"].(map[string]any)
	if pcs, ok := cfg["provider_config"].(map[string]any); ok {
		for key, v := range pcs {
			pc, _ := v.(map[string]any)
			e, _ := get(pc, "expressions", "region").(map[string]any)
			if e == nil {
				continue
			}
			if s, ok := e["constant_value"].(string); ok && s != "" {
				r.byKey[key] = s
				continue
			}
			refs, _ := e["references"].([]any)
			mod, _ := pc["module_address"].(string)
			if len(refs) > 0 && mod == "" {
				if ref, _ := refs[0].(string); strings.HasPrefix(ref, "var.") {
					if s, ok := get(vars, strings.TrimPrefix(ref, "var."), "value").(string); ok && s != "" {
						r.byKey[key] = s
					}
				}
			}
		}
	}
	var walk func(m map[string]any, prefix string)
	walk = func(m map[string]any, prefix string) {
		rs, _ := m["resources"].([]any)
		for _, x := range rs {
			res, _ := x.(map[string]any)
			addr, _ := res["address"].(string)
			key, _ := res["provider_config_key"].(string)
			if addr != "" {
				r.byConfigAddr[prefix+addr] = key
			}
		}
		calls, _ := m["module_calls"].(map[string]any)
		for name, c := range calls {
			cm, _ := c.(map[string]any)
			mod, _ := get(cm, "module").(map[string]any)
			if mod != nil {
				walk(mod, prefix+"module."+name+".")
			}
		}
	}
	if root, ok := cfg["root_module"].(map[string]any); ok {
		walk(root, "")
	}
	return r
}

// of returns the region of a resource and where it came from.
func (r *regions) of(address, typ string) (string, string) {
	key, ok := r.byConfigAddr[plan.StripKeys(address)]
	if !ok {
		// Not in the configuration (an old plan format): the default provider of its type's prefix.
		key = strings.SplitN(typ, "_", 2)[0]
	}
	for _, k := range []string{key, afterColon(key)} {
		if reg, ok := r.byKey[k]; ok {
			return reg, fmt.Sprintf("provider %s", afterColon(k))
		}
	}
	if r.fallback != "" {
		return r.fallback, "--region"
	}
	return "", ""
}

func afterColon(k string) string {
	if i := strings.LastIndex(k, ":"); i >= 0 {
		return k[i+1:]
	}
	return k
}

// planned returns the resources as the plan leaves them (managed, not deleted).
func planned(p *plan.Plan, regs *regions) []*instance {
	var out []*instance
	for _, r := range p.Resources {
		if r.Mode != "managed" || r.Deleted {
			continue
		}
		reg, src := regs.of(r.Address, r.Type)
		out = append(out, &instance{Address: r.Address, Type: r.Type, Values: r.Values, Unknown: r.Unknown, Region: reg, RegionSource: src})
	}
	return out
}

// prior returns the managed resources of the plan's prior state.
func prior(doc map[string]any, regs *regions) []*instance {
	var out []*instance
	var walk func(m map[string]any)
	walk = func(m map[string]any) {
		rs, _ := m["resources"].([]any)
		for _, x := range rs {
			res, _ := x.(map[string]any)
			if mode, _ := res["mode"].(string); mode != "managed" {
				continue
			}
			addr, _ := res["address"].(string)
			typ, _ := res["type"].(string)
			vals, _ := res["values"].(map[string]any)
			reg, src := regs.of(addr, typ)
			out = append(out, &instance{Address: addr, Type: typ, Values: vals, Region: reg, RegionSource: src})
		}
		cs, _ := m["child_modules"].([]any)
		for _, c := range cs {
			if cm, ok := c.(map[string]any); ok {
				walk(cm)
			}
		}
	}
	if root, ok := get(doc, "prior_state", "values", "root_module").(map[string]any); ok {
		walk(root)
	}
	return out
}
