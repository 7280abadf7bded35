package plan

import (
	"reflect"

	tfjson "github.com/hashicorp/terraform-json"
)

// share makes the parts of a redacted plan that hold the same values of one resource instance
// hold the same map: a change's before and after when the change leaves them equal (a no-op,
// most of a large plan), its after and the instance's planned_values entry, its before and the
// instance's prior_state entry. The copies decoded from each part are left to the collector:
// every later reader (the index, the rules' input, the document of user policies) reads one
// map, and the values are never changed after redaction. The redaction has applied the union
// of every part's marks to each part, so equal after redaction is the condition.
func share(tp *tfjson.Plan, noStateValues bool) {
	var planned, prior map[string]*tfjson.StateResource
	if !noStateValues { // else the states hold no values to share
		planned, prior = stateIndex(tp.PlannedValues), stateIndex(priorValues(tp))
	}
	for _, rc := range tp.ResourceChanges {
		if rc == nil || rc.Change == nil || rc.DeposedKey != "" {
			continue
		}
		after, _ := rc.Change.After.(map[string]any)
		before, _ := rc.Change.Before.(map[string]any)
		if after != nil {
			if before != nil && sameValue(before, after) {
				rc.Change.Before = after
				before = after
			}
			if sr := planned[rc.Address]; sr != nil && sameValue(sr.AttributeValues, after) {
				sr.AttributeValues = after
			}
		}
		if before != nil {
			if sr := prior[rc.Address]; sr != nil && sameValue(sr.AttributeValues, before) {
				sr.AttributeValues = before
			}
		}
	}
}

// stateIndex maps the addresses of the current (not deposed) resource instances of a state to
// their entries.
func stateIndex(sv *tfjson.StateValues) map[string]*tfjson.StateResource {
	if sv == nil {
		return nil
	}
	out := map[string]*tfjson.StateResource{}
	walkState(sv.RootModule, func(sr *tfjson.StateResource) {
		if sr.DeposedKey == "" {
			out[sr.Address] = sr
		}
	})
	return out
}

// sameValue reports whether two decoded JSON values are equal: the same maps, or maps, lists and
// scalars of the same JSON value (a number decoded as float64 or json.Number alike).
func sameValue(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) || (a == nil) != (b == nil) {
			return false
		}
		if reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer() {
			return true
		}
		for k, x := range a {
			y, ok := b[k]
			if !ok || !sameValue(x, y) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) || (a == nil) != (b == nil) {
			return false
		}
		for i := range a {
			if !sameValue(a[i], b[i]) {
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
