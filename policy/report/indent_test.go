package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/policy"
)

// TestIndentAsEncodingJSON: indent gives what json.Encoder with SetIndent("", "  ") writes, on
// values with every JSON shape, nesting, empty containers and strings full of quotes, escapes,
// brackets and separators.
func TestIndentAsEncodingJSON(t *testing.T) {
	values := []any{
		map[string]any{},
		[]any{},
		"plain",
		42.5,
		nil,
		map[string]any{
			"a": []any{}, "b": map[string]any{}, "c": []any{1, "x", true, nil, []any{[]any{}}, map[string]any{"k": "v"}},
			`q"uo\te{[,:]}`: `"\"\\",{}[]:,<>&` + "\u2028\n\t\x01",
			"nested":        map[string]any{"deep": map[string]any{"deeper": []any{map[string]any{}, 0}}},
		},
		[]any{"\\", "\\\\\"", `a\"b`, "é—日本"},
	}
	for _, v := range values {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if got := indent(b); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("indent differs:\ngot  %q\nwant %q", got, want.Bytes())
		}
	}
}

// FuzzIndent: on any value encoding/json marshals, indent agrees with json.Indent.
func FuzzIndent(f *testing.F) {
	f.Add(`{"a":[1,{"b":"c\"]"}],"d":{}}`)
	f.Add(`["\\\\",[],{"":""}]`)
	f.Fuzz(func(t *testing.T, s string) {
		var v any
		if json.Unmarshal([]byte(s), &v) != nil {
			return
		}
		b, err := json.Marshal(v)
		if err != nil {
			return
		}
		var want bytes.Buffer
		if err := json.Indent(&want, b, "", "  "); err != nil {
			t.Fatal(err)
		}
		want.WriteByte('\n')
		if got := indent(b); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("indent differs on %q:\ngot  %q\nwant %q", b, got, want.Bytes())
		}
	})
}

// TestJSONIsMarshalIndent: the JSON report, written in parts, is byte for byte
// json.MarshalIndent of the report and a newline: with and without cost and drift, with no
// findings, with hostile strings, and with more findings than one chunk (the last chunk short).
func TestJSONIsMarshalIndent(t *testing.T) {
	many := hostile("a\"b\\c</script>\u2028")
	for i := range 2*findingsChunk + 3 {
		f := many.Findings[i%2]
		f.Address += strconv.Itoa(i)
		many.Findings = append(many.Findings, f)
	}
	withCost := FromCheck(many, "test")
	withCost.Cost = hostileCost(injection)
	withCost.Finish()
	docs := map[string]*Document{
		"empty":     FromCheck(&policy.Result{}, "test"),
		"hostile":   FromCheck(hostile(injection), "test"),
		"many":      FromCheck(many, "test"),
		"many+cost": withCost,
		"cost":      costDocument(t),
		"drift":     goofDrift(t),
	}
	for name, d := range docs {
		want, err := json.MarshalIndent(NewJSONReport(d), "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, '\n')
		var got bytes.Buffer
		if err := JSON(&got, d, Options{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: JSON differs from json.MarshalIndent at %s", name, firstDiff(got.Bytes(), want))
		}
	}
}

// TestJSONFieldsAreTheStruct: the parts JSON writes are JSONReport's fields, in order, and only
// its omitempty ones are ever left out.
func TestJSONFieldsAreTheStruct(t *testing.T) {
	typ := reflect.TypeFor[JSONReport]()
	fields := (&JSONReport{}).fields()
	if len(fields) != typ.NumField() {
		t.Fatalf("fields() has %d fields, JSONReport %d", len(fields), typ.NumField())
	}
	for i, f := range fields {
		name, opts, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if f.key != name {
			t.Errorf("field %d: fields() says %q, JSONReport %q", i, f.key, name)
		}
		if f.omit && opts != "omitempty" {
			t.Errorf("field %q is left out, but it is not omitempty", f.key)
		}
	}
}
