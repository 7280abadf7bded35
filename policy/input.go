package policy

import (
	"encoding/json"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/nexabrands/supplychain/policy/plan"
)

// Input builds the document the built-in rules read:
//
//	resources  address → {address, type, name, module, mode, index, actions, changed, values,
//	                      unknown, configured, related, bucket}
//	by_type    type → [address, …] of managed resources (sorted); "data.TYPE" for data sources
//	regions    AWS provider regions set in the configuration
//	params     rule parameters from the configuration
//
// Resources the plan deletes are left out: rules judge the planned state.
func Input(p *plan.Plan, params map[string]any) (map[string]any, error) {
	res := make(map[string]any, len(p.Resources))
	byType := map[string][]any{}
	for _, r := range p.Resources {
		if r.Deleted {
			continue
		}
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
		res[r.Address] = obj
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
		"resources": res,
		"by_type":   bt,
		"regions":   stringsToAny(p.Regions),
		"params":    pm,
	}, nil
}

func stringsToAny(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

// toValue converts an input document to an AST value, once per evaluation run.
func toValue(doc map[string]any) (ast.Value, error) {
	v, err := ast.InterfaceToValue(doc)
	if err != nil {
		return nil, fmt.Errorf("converting the plan for evaluation: %w", err)
	}
	return v, nil
}
