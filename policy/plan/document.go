package plan

import (
	"encoding/json"

	tfjson "github.com/hashicorp/terraform-json"
)

// Document returns the plan as the generic JSON document `terraform show -json` printed, with
// every sensitive value redacted: the input that conftest-style user policies expect. The
// resource values are shared with the parsed plan, not copied.
func (p *Plan) Document() map[string]any { return p.DocumentParts(nil) }

// DocumentParts is Document holding only the top-level keys in parts (all when parts is nil):
// policies that read resource_changes alone need not pay for planned_values and the rest.
func (p *Plan) DocumentParts(parts map[string]bool) map[string]any {
	return p.document(func(k string) bool { return parts == nil || parts[k] })
}

// Elements is a large array of a document whose elements are built one by one when asked for,
// so that a caller converting it element by element never holds them all.
type Elements struct {
	n  int
	at func(int) any
}

// Len is the number of elements.
func (e Elements) Len() int { return e.n }

// At builds element i.
func (e Elements) At(i int) any { return e.at(i) }

// DocumentElements is DocumentParts with resource_changes as Elements: each change's document is
// built when asked for.
func (p *Plan) DocumentElements(parts map[string]bool) map[string]any {
	doc := p.DocumentParts(withoutKey(parts, "resource_changes"))
	if parts == nil || parts["resource_changes"] {
		rcs := make([]*tfjson.ResourceChange, 0, len(p.raw.ResourceChanges))
		for _, rc := range p.raw.ResourceChanges {
			if rc != nil {
				rcs = append(rcs, rc)
			}
		}
		doc["resource_changes"] = Elements{n: len(rcs), at: func(i int) any { return changeDoc(rcs[i]) }}
	}
	return doc
}

// withoutKey is parts without key (every part but key when parts is nil).
func withoutKey(parts map[string]bool, key string) map[string]bool {
	out := map[string]bool{}
	if parts == nil {
		for _, k := range documentKeys {
			out[k] = true
		}
	}
	for k, v := range parts {
		out[k] = v
	}
	delete(out, key)
	return out
}

// documentKeys are the top-level keys a document can hold.
var documentKeys = []string{"planned_values", "prior_state", "resource_changes", "resource_drift", "variables",
	"configuration", "output_changes", "relevant_attributes", "checks"}

func (p *Plan) document(want func(string) bool) map[string]any {
	tp := p.raw
	doc := map[string]any{
		"format_version":    tp.FormatVersion,
		"terraform_version": tp.TerraformVersion,
	}
	if tp.PlannedValues != nil && want("planned_values") {
		doc["planned_values"] = stateValuesDoc(tp.PlannedValues)
	}
	if tp.PriorState != nil && want("prior_state") {
		ps := map[string]any{"format_version": tp.PriorState.FormatVersion, "terraform_version": tp.PriorState.TerraformVersion}
		if tp.PriorState.Values != nil {
			ps["values"] = stateValuesDoc(tp.PriorState.Values)
		}
		doc["prior_state"] = ps
	}
	if want("resource_changes") {
		doc["resource_changes"] = changesDoc(tp.ResourceChanges)
	}
	if len(tp.ResourceDrift) > 0 && want("resource_drift") {
		doc["resource_drift"] = changesDoc(tp.ResourceDrift)
	}
	if len(tp.Variables) > 0 && want("variables") {
		vars := map[string]any{}
		for k, v := range tp.Variables {
			if v != nil {
				vars[k] = map[string]any{"value": v.Value}
			}
		}
		doc["variables"] = vars
	}
	// Small, rarely read parts go through JSON once.
	for key, part := range map[string]any{
		"configuration":       tp.Config,
		"output_changes":      tp.OutputChanges,
		"relevant_attributes": tp.RelevantAttributes,
		"checks":              tp.Checks,
	} {
		if !want(key) {
			continue
		}
		if b, err := json.Marshal(part); err == nil && string(b) != "null" && string(b) != "[]" && string(b) != "{}" {
			var v any
			if json.Unmarshal(b, &v) == nil {
				doc[key] = v
			}
		}
	}
	if tp.Timestamp != "" {
		doc["timestamp"] = tp.Timestamp
	}
	return doc
}

func stateValuesDoc(sv *tfjson.StateValues) map[string]any {
	out := map[string]any{}
	if sv.RootModule != nil {
		out["root_module"] = moduleDoc(sv.RootModule)
	}
	if len(sv.Outputs) > 0 {
		outs := map[string]any{}
		for k, o := range sv.Outputs {
			if o != nil {
				outs[k] = map[string]any{"sensitive": o.Sensitive, "value": o.Value}
			}
		}
		out["outputs"] = outs
	}
	return out
}

func moduleDoc(m *tfjson.StateModule) map[string]any {
	out := map[string]any{}
	if m.Address != "" {
		out["address"] = m.Address
	}
	if len(m.Resources) > 0 {
		rs := make([]any, 0, len(m.Resources))
		for _, r := range m.Resources {
			if r == nil {
				continue
			}
			x := map[string]any{
				"address": r.Address, "mode": string(r.Mode), "type": r.Type, "name": r.Name,
				"provider_name": r.ProviderName, "schema_version": r.SchemaVersion, "values": r.AttributeValues,
			}
			if r.Index != nil {
				x["index"] = r.Index
			}
			if s := decodeSensitive(r.SensitiveValues); s != nil {
				x["sensitive_values"] = s
			}
			rs = append(rs, x)
		}
		out["resources"] = rs
	}
	if len(m.ChildModules) > 0 {
		cs := make([]any, 0, len(m.ChildModules))
		for _, c := range m.ChildModules {
			if c != nil {
				cs = append(cs, moduleDoc(c))
			}
		}
		out["child_modules"] = cs
	}
	return out
}

func changesDoc(rcs []*tfjson.ResourceChange) []any {
	out := make([]any, 0, len(rcs))
	for _, rc := range rcs {
		if rc != nil {
			out = append(out, changeDoc(rc))
		}
	}
	return out
}

// changeDoc is one resource change as the plan's JSON holds it.
func changeDoc(rc *tfjson.ResourceChange) map[string]any {
	x := map[string]any{
		"address": rc.Address, "mode": string(rc.Mode), "type": rc.Type, "name": rc.Name,
		"provider_name": rc.ProviderName,
	}
	if rc.ModuleAddress != "" {
		x["module_address"] = rc.ModuleAddress
	}
	if rc.PreviousAddress != "" {
		x["previous_address"] = rc.PreviousAddress
	}
	if rc.Index != nil {
		x["index"] = rc.Index
	}
	if rc.DeposedKey != "" {
		x["deposed"] = rc.DeposedKey
	}
	if rc.ActionReason != "" {
		x["action_reason"] = string(rc.ActionReason)
	}
	if c := rc.Change; c != nil {
		actions := make([]any, len(c.Actions))
		for i, a := range c.Actions {
			actions[i] = string(a)
		}
		x["change"] = map[string]any{
			"actions": actions, "before": c.Before, "after": c.After,
			"after_unknown": c.AfterUnknown, "before_sensitive": c.BeforeSensitive,
			"after_sensitive": c.AfterSensitive,
		}
	}
	return x
}
