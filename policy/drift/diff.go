package drift

import (
	"encoding/json"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/nexabrands/supplychain/policy/plan"
)

// diff lists the attributes that differ between the recorded (before) and the refreshed (after)
// values of a resource. Objects are compared key by key and lists of the same length element by
// element; a list whose length changed is one change. null and an empty value ("", [], {}) are
// taken as equal: providers flip between them on refresh, and neither means anything set; so
// are two strings that hold the same JSON document (policies).
// Values are redacted already: a side that reads plan.Redacted, or a path in secret (the reader's
// note of the sensitive values that changed), is reported as a sensitive change without values.
func diff(before, after map[string]any, secret [][]any) []Change {
	var out []Change
	walk(before, after, nil, &out)
	for _, sp := range secret {
		path := formatPath(sp)
		covered := false
		for _, c := range out {
			if c.Path == path || c.Path == "" || strings.HasPrefix(path, c.Path+".") || strings.HasPrefix(path, c.Path+"[") {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, change(sp, nil, nil, true))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func walk(b, a any, path []any, out *[]Change) {
	if equal(b, a) {
		return
	}
	if isRedacted(b) || isRedacted(a) {
		*out = append(*out, change(path, nil, nil, true))
		return
	}
	bm, bok := b.(map[string]any)
	am, aok := a.(map[string]any)
	if bok && aok {
		keys := make([]string, 0, len(bm)+len(am))
		for k := range bm {
			keys = append(keys, k)
		}
		for k := range am {
			if _, ok := bm[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			walk(bm[k], am[k], append(path, k), out)
		}
		return
	}
	bl, bok := b.([]any)
	al, aok := a.([]any)
	if bok && aok && len(bl) == len(al) {
		for i := range bl {
			walk(bl[i], al[i], append(path, i), out)
		}
		return
	}
	if containsRedacted(b) || containsRedacted(a) {
		// A whole value that holds a sensitive part: say that it changed, show neither side.
		*out = append(*out, change(path, nil, nil, true))
		return
	}
	*out = append(*out, change(path, b, a, false))
}

func equal(b, a any) bool {
	if isEmpty(b) && isEmpty(a) {
		return true
	}
	if reflect.DeepEqual(b, a) {
		return true
	}
	// JSON documents held as strings (IAM and bucket policies) are compared by meaning: the
	// cloud hands them back with other spacing and key order.
	bs, ok1 := b.(string)
	as, ok2 := a.(string)
	if ok1 && ok2 {
		bj, okb := jsonDoc(bs)
		aj, oka := jsonDoc(as)
		return okb && oka && reflect.DeepEqual(bj, aj)
	}
	return false
}

// jsonDoc parses a string that holds a JSON object or array.
func jsonDoc(s string) (any, bool) {
	t := strings.TrimSpace(s)
	if t == "" || (t[0] != '{' && t[0] != '[') {
		return nil, false
	}
	var v any
	if json.Unmarshal([]byte(t), &v) != nil {
		return nil, false
	}
	return v, true
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

func isRedacted(v any) bool {
	s, ok := v.(string)
	return ok && s == plan.Redacted
}

func containsRedacted(v any) bool {
	switch x := v.(type) {
	case string:
		return x == plan.Redacted
	case []any:
		for _, e := range x {
			if containsRedacted(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if containsRedacted(e) {
				return true
			}
		}
	}
	return false
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// formatPath writes a path as Terraform writes references: raw.tags.owner, versioning[0].enabled,
// tags["kubernetes.io/name"].
func formatPath(path []any) string {
	var b strings.Builder
	for _, seg := range path {
		switch s := seg.(type) {
		case int:
			b.WriteString("[" + strconv.Itoa(s) + "]")
		case string:
			if identifier.MatchString(s) {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(s)
			} else {
				q, _ := json.Marshal(s)
				b.WriteString("[" + string(q) + "]")
			}
		}
	}
	return b.String()
}

// keysOf returns the object keys of a path (list indices left out), which the benign and cost
// lists match.
func keysOf(path []any) []string {
	var out []string
	for _, seg := range path {
		if s, ok := seg.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// change makes a Change at path.
func change(path []any, before, after any, sensitive bool) Change {
	return Change{Path: formatPath(path), Before: before, After: after, Sensitive: sensitive, keys: keysOf(path)}
}
