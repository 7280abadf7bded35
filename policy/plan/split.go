package plan

import (
	"bytes"
	"strings"

	gojson "github.com/goccy/go-json"
)

// splitParts is what split returns.
type splitParts struct {
	fp    fastPlan
	small []byte
	rcs   []span
	ok    bool
}

func splitOf(data []byte) *splitParts {
	fp, small, rcs, ok := split(data)
	return &splitParts{fp: fp, small: small, rcs: rcs, ok: ok}
}

// split finds the plan's large parts in data without copying them: the values of planned_values,
// prior_state and configuration, and the elements of resource_changes. The other top-level
// members are returned as a JSON object of their own. It checks the top level's grammar only;
// the parts are checked when they are decoded. ok is false for anything it does not expect
// (the caller then lets goccy/go-json split the plan).
func split(data []byte) (fp fastPlan, small []byte, rcs []span, ok bool) {
	i := skipWS(data, 0)
	if i >= len(data) || data[i] != '{' {
		return fp, nil, nil, false
	}
	small = append(make([]byte, 0, 256), '{')
	i = skipWS(data, i+1)
	if i < len(data) && data[i] == '}' {
		i++
	} else {
		for {
			if i >= len(data) || data[i] != '"' {
				return fp, nil, nil, false
			}
			kEnd, good := stringEnd(data, i)
			if !good {
				return fp, nil, nil, false
			}
			rawKey := data[i:kEnd]
			var key string
			if gojson.Unmarshal(rawKey, &key) != nil {
				return fp, nil, nil, false
			}
			i = skipWS(data, kEnd)
			if i >= len(data) || data[i] != ':' {
				return fp, nil, nil, false
			}
			i = skipWS(data, i+1)
			vEnd, good := valueEnd(data, i)
			if !good {
				return fp, nil, nil, false
			}
			val := data[i:vEnd]
			switch key {
			case "planned_values":
				fp.PlannedValues = val
			case "prior_state":
				fp.PriorState = val
			case "configuration":
				fp.Config = val
			case "resource_changes":
				if rcs, good = elements(val); !good {
					return fp, nil, nil, false
				}
			default:
				// encoding/json and goccy/go-json match field names regardless of case.
				for _, k := range [...]string{"planned_values", "prior_state", "configuration", "resource_changes"} {
					if strings.EqualFold(key, k) {
						return fp, nil, nil, false
					}
				}
				if len(small) > 1 {
					small = append(small, ',')
				}
				small = append(small, rawKey...)
				small = append(small, ':')
				small = append(small, val...)
			}
			i = skipWS(data, vEnd)
			if i < len(data) && data[i] == ',' {
				i = skipWS(data, i+1)
				continue
			}
			if i < len(data) && data[i] == '}' {
				i++
				break
			}
			return fp, nil, nil, false
		}
	}
	if skipWS(data, i) != len(data) {
		return fp, nil, nil, false
	}
	return fp, append(small, '}'), rcs, true
}

// elements splits a JSON array into its elements; null gives nil.
func elements(v []byte) ([]span, bool) {
	if string(v) == "null" {
		return nil, true
	}
	if len(v) < 2 || v[0] != '[' {
		return nil, false
	}
	out := []span{}
	i := skipWS(v, 1)
	if i < len(v) && v[i] == ']' {
		return out, i == len(v)-1
	}
	for {
		end, ok := valueEnd(v, i)
		if !ok {
			return nil, false
		}
		out = append(out, v[i:end])
		i = skipWS(v, end)
		if i < len(v) && v[i] == ',' {
			i = skipWS(v, i+1)
			continue
		}
		return out, i == len(v)-1 && v[i] == ']'
	}
}

func skipWS(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index after the string that starts at data[i] (a quote).
func stringEnd(data []byte, i int) (int, bool) {
	j := i + 1
	for {
		q := bytes.IndexByte(data[j:], '"')
		if q < 0 {
			return 0, false
		}
		j += q
		// A quote preceded by an odd number of backslashes is escaped.
		bs := 0
		for k := j - 1; k > i && data[k] == '\\'; k-- {
			bs++
		}
		j++
		if bs%2 == 0 {
			return j, true
		}
	}
}

// valueEnd returns the index after the JSON value that starts at data[i]; objects and arrays are
// matched bracket by bracket, strings skipped whole, other values end at a delimiter.
func valueEnd(data []byte, i int) (int, bool) {
	if i >= len(data) {
		return 0, false
	}
	switch data[i] {
	case '"':
		return stringEnd(data, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				end, ok := stringEnd(data, j)
				if !ok {
					return 0, false
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, true
				}
			}
		}
		return 0, false
	}
	j := i
	for j < len(data) {
		switch data[j] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return j, j > i
		}
		j++
	}
	return j, j > i
}
