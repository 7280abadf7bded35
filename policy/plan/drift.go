package plan

import (
	"reflect"

	tfjson "github.com/hashicorp/terraform-json"
)

// SecretDrift returns, for a resource of resource_drift, the paths of the sensitive values that
// changed outside Terraform. Redaction makes a changed secret look unchanged (both sides read
// Redacted), so the reader notes which ones differed before it redacts; the values themselves
// are not kept. A path is a list of object keys (string) and list indices (int); an empty list
// is the whole value. Nil when no sensitive value of that resource changed.
func (p *Plan) SecretDrift(address string) [][]any { return p.secretDrift[address] }

// noteSecretDrift records, before redaction, which sensitive values of the drifted resources
// changed.
func (p *Plan) noteSecretDrift(drift []*tfjson.ResourceChange) {
	for _, rc := range drift {
		if rc == nil || rc.Change == nil || rc.DeposedKey != "" {
			continue
		}
		c := rc.Change
		var paths [][]any
		secretPaths(c.Before, c.After, c.BeforeSensitive, c.AfterSensitive, false, nil, &paths)
		if len(paths) > 0 {
			if p.secretDrift == nil {
				p.secretDrift = map[string][][]any{}
			}
			p.secretDrift[rc.Address] = paths
		}
	}
}

// secretPaths walks before and after side by side and appends the path of every sensitive value
// (marked in either sensitivity tree, or secret-named as redactValue treats it) that differs.
func secretPaths(before, after, bs, as any, secret bool, path []any, out *[][]any) {
	if isMarked(bs) || isMarked(as) || secret {
		if !reflect.DeepEqual(before, after) {
			*out = append(*out, append([]any(nil), path...))
		}
		return
	}
	bm, bok := before.(map[string]any)
	am, aok := after.(map[string]any)
	if bok || aok {
		keys := map[string]bool{}
		for k := range bm {
			keys[k] = true
		}
		for k := range am {
			keys[k] = true
		}
		bsm, _ := bs.(map[string]any)
		asm, _ := as.(map[string]any)
		for k := range keys {
			_, bstr := bm[k].(string)
			_, astr := am[k].(string)
			named := IsSecretName(k) && (bstr || astr)
			secretPaths(bm[k], am[k], bsm[k], asm[k], named, append(path, k), out)
		}
		return
	}
	bl, bok := before.([]any)
	al, aok := after.([]any)
	if bok || aok {
		bsl, _ := bs.([]any)
		asl, _ := as.([]any)
		for i := range max(len(bl), len(al)) {
			secretPaths(at(bl, i), at(al, i), at(bsl, i), at(asl, i), false, append(path, i), out)
		}
	}
}

func isMarked(sens any) bool {
	b, ok := sens.(bool)
	return ok && b
}

func at(l []any, i int) any {
	if i < len(l) {
		return l[i]
	}
	return nil
}
