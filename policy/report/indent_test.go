package report

import (
	"bytes"
	"encoding/json"
	"testing"
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
