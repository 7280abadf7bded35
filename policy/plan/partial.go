package plan

import (
	gojson "github.com/goccy/go-json"
	tfjson "github.com/hashicorp/terraform-json"
)

// ChangeValues names the top-level attributes of resource_changes' values that a caller reads
// (Options.ChangeValues). A nil set stands for every attribute, an empty one for none: the value
// is then an empty object (or null, or what else it is), never absent, so that what a rule finds
// defined stays defined.
type ChangeValues struct {
	Before, After, AfterUnknown map[string]bool
	// BeforeSensitive and AfterSensitive name the marks read as values; the marks of the
	// attributes kept of before and after are kept too, for the redaction.
	BeforeSensitive, AfterSensitive map[string]bool
}

// Covers reports whether values read as c hold everything o reads (a nil c holds everything).
func (c *ChangeValues) Covers(o *ChangeValues) bool {
	if c == nil {
		return true
	}
	if o == nil {
		return false
	}
	sub := func(have, want map[string]bool) bool {
		if have == nil {
			return true
		}
		if want == nil {
			return false
		}
		for k := range want {
			if !have[k] {
				return false
			}
		}
		return true
	}
	return sub(c.Before, o.Before) && sub(c.After, o.After) && sub(c.AfterUnknown, o.AfterUnknown) &&
		sub(c.BeforeSensitive, o.BeforeSensitive) && sub(c.AfterSensitive, o.AfterSensitive)
}

// The partial types mirror terraform-json's resource change with its values kept raw; their outer
// fields hide the embedded ones of the same JSON name.
type (
	partialChange struct {
		tfjson.Change
		Before          span `json:"before,omitempty"`
		After           span `json:"after,omitempty"`
		AfterUnknown    span `json:"after_unknown,omitempty"`
		BeforeSensitive span `json:"before_sensitive,omitempty"`
		AfterSensitive  span `json:"after_sensitive,omitempty"`
	}
	partialResourceChange struct {
		tfjson.ResourceChange
		Change *partialChange `json:"change,omitempty"`
	}
)

// union is the union of key sets, nil (all) when one is nil.
func union(sets ...map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, s := range sets {
		if s == nil {
			return nil
		}
		for k := range s {
			out[k] = true
		}
	}
	return out
}

// decodePartialChange decodes one resource_changes element, keeping of its before, after and
// after_unknown values only the attributes cv names, and of its sensitivity marks those of the
// attributes kept (a mark of the whole value, true, is kept as it is: it hides every attribute).
func decodePartialChange(raw []byte, cv *ChangeValues, marks [2]map[string]bool) (*tfjson.ResourceChange, error) {
	var prc *partialResourceChange
	if err := gojson.Unmarshal(raw, &prc); err != nil {
		return nil, err
	}
	if prc == nil {
		return nil, nil
	}
	rc := prc.ResourceChange
	rc.Change = nil
	if pc := prc.Change; pc != nil {
		c := pc.Change
		var err error
		if c.Before, err = partialValue(pc.Before, cv.Before); err != nil {
			return nil, err
		}
		if c.After, err = partialValue(pc.After, cv.After); err != nil {
			return nil, err
		}
		if c.AfterUnknown, err = partialValue(pc.AfterUnknown, cv.AfterUnknown); err != nil {
			return nil, err
		}
		if c.BeforeSensitive, err = partialValue(pc.BeforeSensitive, marks[0]); err != nil {
			return nil, err
		}
		if c.AfterSensitive, err = partialValue(pc.AfterSensitive, marks[1]); err != nil {
			return nil, err
		}
		rc.Change = &c
	}
	return &rc, nil
}

// partialValue decodes a JSON value, of an object only the members named in keys (all when keys
// is nil). An absent value is nil, as the whole decoder leaves it. Anything but an object is
// decoded whole: the reader refuses it later with its own message.
func partialValue(raw span, keys map[string]bool) (any, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	i := skipWS(raw, 0)
	if keys == nil || i >= len(raw) || raw[i] != '{' {
		var v any
		err := gojson.Unmarshal(raw, &v)
		return v, err
	}
	out := map[string]any{}
	if len(keys) == 0 {
		return out, nil
	}
	i = skipWS(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return out, nil
	}
	for {
		if i >= len(raw) || raw[i] != '"' {
			return wholeObject(raw)
		}
		kEnd, ok := stringEnd(raw, i)
		if !ok {
			return wholeObject(raw)
		}
		key, ok := plainKey(raw[i:kEnd])
		if !ok {
			return wholeObject(raw)
		}
		i = skipWS(raw, kEnd)
		if i >= len(raw) || raw[i] != ':' {
			return wholeObject(raw)
		}
		i = skipWS(raw, i+1)
		vEnd, ok := valueEnd(raw, i)
		if !ok {
			return wholeObject(raw)
		}
		if keys[key] {
			var v any
			if err := gojson.Unmarshal(raw[i:vEnd], &v); err != nil {
				return nil, err
			}
			out[key] = v
		}
		i = skipWS(raw, vEnd)
		if i < len(raw) && raw[i] == ',' {
			i = skipWS(raw, i+1)
			continue
		}
		if i < len(raw) && raw[i] == '}' {
			return out, nil
		}
		return wholeObject(raw)
	}
}

// plainKey returns a quoted key without escapes as a string; a key with escapes is not plain
// (the caller then decodes the object whole, which decodes the escapes).
func plainKey(q []byte) (string, bool) {
	s := q[1 : len(q)-1]
	for _, c := range s {
		if c == '\\' || c < 0x20 {
			return "", false
		}
	}
	return string(s), true
}

// wholeObject decodes an object the scan does not follow in full, whole, so that goccy/go-json's
// own checks and errors apply.
func wholeObject(raw span) (any, error) {
	var v any
	err := gojson.Unmarshal(raw, &v)
	return v, err
}
