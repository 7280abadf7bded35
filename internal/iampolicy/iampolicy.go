// Package iampolicy compares and combines IAM policy documents: semantic equality that ignores
// formatting, key order and the string-or-list forms AWS accepts, and the TLS-only statement the
// data lake adds to each bucket policy.
package iampolicy

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// TLSOnlySid names the statement that denies requests not made over TLS.
const TLSOnlySid = "DenyInsecureTransport"

// Document is a policy document with its statements kept as raw maps, so nothing a user wrote
// is lost when statements are added or removed.
type Document struct {
	Version   string           `json:"Version,omitempty"`
	ID        string           `json:"Id,omitempty"`
	Statement []map[string]any `json:"Statement"`
}

// Parse reads a policy document. A single statement object is accepted in place of a list.
func Parse(s string) (*Document, error) {
	var raw map[string]any
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("policy is not a JSON object: %w", err)
	}
	d := &Document{}
	for k, v := range raw {
		switch k {
		case "Version":
			d.Version, _ = v.(string)
		case "Id":
			d.ID, _ = v.(string)
		case "Statement":
			switch st := v.(type) {
			case map[string]any:
				d.Statement = []map[string]any{st}
			case []any:
				for i, e := range st {
					m, ok := e.(map[string]any)
					if !ok {
						return nil, fmt.Errorf("policy Statement[%d] is not an object", i)
					}
					d.Statement = append(d.Statement, m)
				}
			default:
				return nil, fmt.Errorf("policy Statement must be an object or a list of objects")
			}
		default:
			return nil, fmt.Errorf("policy has an unknown top-level key %q", k)
		}
	}
	return d, nil
}

// String renders the document as compact JSON ("" when it has no statements).
func (d *Document) String() string {
	if d == nil || len(d.Statement) == 0 {
		return ""
	}
	if d.Version == "" {
		d.Version = "2012-10-17"
	}
	b, _ := json.Marshal(d)
	return string(b)
}

// TLSOnlyStatement denies every S3 action on the bucket and its objects over plain HTTP.
func TLSOnlyStatement(bucketARN string) map[string]any {
	return map[string]any{
		"Sid":       TLSOnlySid,
		"Effect":    "Deny",
		"Principal": "*",
		"Action":    "s3:*",
		"Resource":  []any{bucketARN, bucketARN + "/*"},
		"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
	}
}

// Merge builds a bucket's policy from the user's document (may be "") and the TLS-only statement.
// It returns "" when there is nothing to put.
func Merge(user string, tlsOnly bool, bucketARN string) (string, error) {
	d := &Document{}
	if strings.TrimSpace(user) != "" {
		var err error
		if d, err = Parse(user); err != nil {
			return "", err
		}
		for _, st := range d.Statement {
			if st["Sid"] == TLSOnlySid {
				return "", fmt.Errorf("policy statement Sid %q is reserved for the TLS-only statement; use tls_only", TLSOnlySid)
			}
		}
	}
	if tlsOnly {
		d.Statement = append(d.Statement, TLSOnlyStatement(bucketARN))
	}
	return d.String(), nil
}

// Split separates a live bucket policy into the user's part and whether the TLS-only statement is
// present and intact (an edited statement counts as absent, so the next apply restores it).
func Split(live, bucketARN string) (user string, tlsOnly bool, err error) {
	if strings.TrimSpace(live) == "" {
		return "", false, nil
	}
	d, err := Parse(live)
	if err != nil {
		return "", false, err
	}
	want := canonical(TLSOnlyStatement(bucketARN))
	kept := d.Statement[:0:0]
	for _, st := range d.Statement {
		if st["Sid"] == TLSOnlySid {
			tlsOnly = reflect.DeepEqual(canonical(st), want)
			continue
		}
		kept = append(kept, st)
	}
	d.Statement = kept
	return d.String(), tlsOnly, nil
}

// Equivalent reports whether two policy documents mean the same: formatting, key order, statement
// order, and single values versus one-element lists do not matter. Both empty is equal.
func Equivalent(a, b string) bool {
	if strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" {
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	}
	da, errA := Parse(a)
	db, errB := Parse(b)
	if errA != nil || errB != nil {
		return a == b
	}
	va, vb := da.Version, db.Version
	if va == "" {
		va = "2012-10-17"
	}
	if vb == "" {
		vb = "2012-10-17"
	}
	if va != vb || da.ID != db.ID || len(da.Statement) != len(db.Statement) {
		return false
	}
	return reflect.DeepEqual(canonicalStatements(da.Statement), canonicalStatements(db.Statement))
}

func canonicalStatements(sts []map[string]any) []string {
	out := make([]string, len(sts))
	for i, st := range sts {
		b, _ := json.Marshal(canonical(st))
		out[i] = string(b)
	}
	sort.Strings(out)
	return out
}

// canonical normalises a value: lists of strings become sorted sets, single strings under keys
// that take lists become one-element lists, and a "*" principal stays a string.
func canonical(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			if k == "Principal" || k == "NotPrincipal" {
				if s, ok := e.(string); ok {
					out[k] = s
					continue
				}
			}
			out[k] = canonical(e)
		}
		return out
	case []any:
		if strs, ok := stringList(t); ok {
			return strs
		}
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = canonical(e)
		}
		return out
	case string:
		return []string{t}
	case json.Number:
		return []string{t.String()}
	case bool:
		return []string{fmt.Sprint(t)}
	default:
		return t
	}
}

func stringList(l []any) ([]string, bool) {
	out := make([]string, 0, len(l))
	for _, e := range l {
		switch s := e.(type) {
		case string:
			out = append(out, s)
		case json.Number:
			out = append(out, s.String())
		case bool:
			out = append(out, fmt.Sprint(s))
		default:
			return nil, false
		}
	}
	sort.Strings(out)
	out = dedupe(out)
	return out, true
}

func dedupe(s []string) []string {
	if len(s) < 2 {
		return s
	}
	j := 1
	for i := 1; i < len(s); i++ {
		if s[i] != s[j-1] {
			s[j] = s[i]
			j++
		}
	}
	return s[:j]
}
