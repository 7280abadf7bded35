package plan

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"

	gojson "github.com/goccy/go-json"
)

// checkKeys walks the whole JSON text once, before any decoder sees it, and refuses what two
// readers could understand differently:
//
//   - more than one JSON value (two plans in one file, as a careless `>>` leaves it: a decoder
//     reads the first and ignores the rest);
//   - a key given twice in one object, anywhere (decoders keep the last one, other tools the
//     first);
//   - in the objects terraform-json decodes into structs (the top level, resources, changes,
//     modules, configuration blocks), a key that is not lower-case ASCII: encoding/json and
//     goccy/go-json match field names regardless of case (and fold "K", U+212A, to "k"), so
//     "Resource_Changes" would silently stand for resource_changes. Plan field names are lower
//     case. Where a plan holds user data (attribute values, tag keys, variable and output names),
//     keys that differ only in case are distinct and kept.
//
// It checks keys only; the grammar is the decoders' to check: on anything it does not
// understand it stops and returns nil, and they report the error. errored is the raw value of
// the top-level "errored" member, if any.
func checkKeys(data []byte) (errored []byte, err *keyError) {
	var (
		stack []frame
		n     = nTop
	)
	i := skipWS(data, 0)
	top := i // where the top-level value starts
	const (
		stValue = iota // a value starts at i, in place n
		stAfter        // a value ended at i
		stKey          // an object key starts at i
	)
	state := stValue
	for {
		switch state {
		case stValue:
			if i >= len(data) {
				return nil, nil
			}
			switch data[i] {
			case '{', '[':
				if len(stack) >= maxDepth {
					return nil, &keyError{off: i, msg: fmt.Sprintf("the JSON nests deeper than %d levels", maxDepth)}
				}
				if len(stack) == cap(stack) {
					stack = append(stack, frame{})[:len(stack)]
				}
				stack = stack[:len(stack)+1]
				f := &stack[len(stack)-1]
				f.array, f.n, f.keys = data[i] == '[', n, f.keys[:0]
				i = skipWS(data, i+1)
				if i < len(data) && (data[i] == ']' && f.array || data[i] == '}' && !f.array) {
					stack = stack[:len(stack)-1]
					i++
					state = stAfter
				} else if f.array {
					n = elemOf(f.n)
				} else {
					state = stKey
				}
			case '"':
				end, ok := stringEnd(data, i)
				if !ok {
					return nil, nil
				}
				i, state = end, stAfter
			default:
				j := i
				for j < len(data) && !isDelim(data[j]) {
					j++
				}
				if j == i {
					return nil, nil
				}
				i, state = j, stAfter
			}
		case stAfter:
			i = skipWS(data, i)
			if len(stack) == 0 {
				if i < len(data) && (data[top] == '{' || data[top] == '[') {
					msg := "unexpected data after the plan's JSON object"
					if data[i] == '{' || data[i] == '[' {
						msg = "a second JSON value after the plan's JSON object (two plans in one file?)"
					}
					return errored, &keyError{off: i, msg: msg}
				}
				return errored, nil
			}
			if i >= len(data) {
				return nil, nil
			}
			f := &stack[len(stack)-1]
			switch {
			case data[i] == ',':
				i = skipWS(data, i+1)
				if f.array {
					n, state = elemOf(f.n), stValue
				} else {
					state = stKey
				}
			case data[i] == ']' && f.array, data[i] == '}' && !f.array:
				if !f.array && len(f.keys) > smallObject {
					if e := f.sortedDuplicate(); e != nil {
						return nil, e
					}
				}
				stack = stack[:len(stack)-1]
				i++
			default:
				return nil, nil
			}
		case stKey:
			if i >= len(data) || data[i] != '"' {
				return nil, nil
			}
			end, ok := stringEnd(data, i)
			if !ok {
				return nil, nil
			}
			key := data[i+1 : end-1]
			if bytes.IndexByte(key, '\\') >= 0 {
				var s string
				if gojson.Unmarshal(data[i:end], &s) != nil {
					return nil, nil
				}
				key = []byte(s)
			}
			f := &stack[len(stack)-1]
			if e := f.add(key, i); e != nil {
				return nil, e
			}
			i = skipWS(data, end)
			if i >= len(data) || data[i] != ':' {
				return nil, nil
			}
			i = skipWS(data, i+1)
			n = childOf(f.n, key)
			if len(stack) == 1 && f.n == nTop && string(key) == "errored" {
				if vEnd, ok := valueEnd(data, i); ok {
					errored = data[i:vEnd]
				}
			}
			state = stValue
		}
	}
}

// maxDepth is the deepest nesting accepted, as encoding/json's and goccy/go-json's own limit.
const maxDepth = 10000

// smallObject is the number of keys up to which each new key is compared with the earlier ones;
// larger objects are sorted once when they close.
const smallObject = 16

type keyError struct {
	off int
	msg string
}

type objKey struct {
	b   []byte
	off int
}

type frame struct {
	n     place
	array bool
	keys  []objKey
}

func (f *frame) add(key []byte, off int) *keyError {
	if isStruct(f.n) {
		for _, c := range key {
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
				return &keyError{off: off, msg: fmt.Sprintf("key %s is not a plan field name (those are lower case; a JSON decoder would take it for one regardless of case)", strconv.QuoteToASCII(string(key)))}
			}
		}
	}
	if len(f.keys) < smallObject {
		for _, k := range f.keys {
			if bytes.Equal(k.b, key) {
				return dupError(key, off)
			}
		}
	}
	f.keys = append(f.keys, objKey{key, off})
	return nil
}

func (f *frame) sortedDuplicate() *keyError {
	ks := f.keys
	slices.SortFunc(ks, func(a, b objKey) int {
		if c := bytes.Compare(a.b, b.b); c != 0 {
			return c
		}
		return a.off - b.off
	})
	for j := 1; j < len(ks); j++ {
		if bytes.Equal(ks[j].b, ks[j-1].b) {
			return dupError(ks[j].b, ks[j].off)
		}
	}
	return nil
}

func dupError(key []byte, off int) *keyError {
	return &keyError{off: off, msg: fmt.Sprintf("duplicate key %s (JSON readers disagree on which one counts)", strconv.QuoteToASCII(string(key)))}
}

func isDelim(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\n', '\r', '{', '[', '"', ':':
		return true
	}
	return false
}

// place is where in a plan an object sits: it says whether its keys are struct field names
// (lower case, no two alike regardless of case) or user data (any keys, distinct), and what
// its members are.
type place uint8

const (
	nGeneric place = iota // user data: values, marks, literals, anything not listed below
	nTop
	nStateValues
	nStateModule
	nState
	nRC
	nDeferred
	nStruct // a struct whose members are user data (a state resource, a change, a variable …)
	nConfig
	nProvider // a provider block or a provisioner
	nConfigModule
	nConfigOutput
	nConfigResource
	nModuleCall
	nExpr
	// Maps keyed by names (variables, outputs, modules, attributes): their keys are user data.
	nStructMap
	nProviderMap
	nConfigOutputMap
	nModuleCallMap
	nExprMap
)

func isStruct(n place) bool { return n != nGeneric && n < nStructMap }

// elemOf is the place of an array's elements when the array sits at n.
func elemOf(n place) place {
	if n == nExpr {
		return nExprMap // nested blocks: a list of attribute maps
	}
	return n
}

// childOf is the place of the value under key in an object at n.
func childOf(n place, key []byte) place {
	switch n {
	case nStructMap:
		return nStruct
	case nProviderMap:
		return nProvider
	case nConfigOutputMap:
		return nConfigOutput
	case nModuleCallMap:
		return nModuleCall
	case nExprMap:
		return nExpr
	}
	switch string(key) {
	case "planned_values":
		if n == nTop {
			return nStateValues
		}
	case "prior_state":
		if n == nTop {
			return nState
		}
	case "resource_changes", "resource_drift":
		if n == nTop {
			return nRC
		}
	case "deferred_changes":
		if n == nTop {
			return nDeferred
		}
	case "output_changes":
		if n == nTop {
			return nStructMap
		}
	case "variables":
		switch n {
		case nTop, nConfigModule:
			return nStructMap
		}
	case "configuration":
		if n == nTop {
			return nConfig
		}
	case "values":
		if n == nState {
			return nStateValues
		}
	case "outputs":
		switch n {
		case nStateValues:
			return nStructMap
		case nConfigModule:
			return nConfigOutputMap
		}
	case "root_module":
		switch n {
		case nStateValues:
			return nStateModule
		case nConfig:
			return nConfigModule
		}
	case "resources":
		switch n {
		case nStateModule:
			return nStruct
		case nConfigModule:
			return nConfigResource
		}
	case "child_modules":
		if n == nStateModule {
			return nStateModule
		}
	case "change":
		if n == nRC {
			return nStruct
		}
	case "resource_change":
		if n == nDeferred {
			return nRC
		}
	case "provider_config":
		if n == nConfig {
			return nProviderMap
		}
	case "module_calls":
		if n == nConfigModule {
			return nModuleCallMap
		}
	case "provisioners":
		if n == nConfigResource {
			return nProvider
		}
	case "expressions":
		switch n {
		case nProvider, nConfigResource, nModuleCall:
			return nExprMap
		}
	case "expression":
		if n == nConfigOutput {
			return nExpr
		}
	case "count_expression", "for_each_expression":
		switch n {
		case nConfigResource, nModuleCall:
			return nExpr
		}
	case "module":
		if n == nModuleCall {
			return nConfigModule
		}
	}
	return nGeneric
}
