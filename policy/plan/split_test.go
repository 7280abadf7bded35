package plan

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	gojson "github.com/goccy/go-json"
)

// TestSplitAgrees: where split accepts an input, it finds the same parts as goccy/go-json's own
// pass over the whole plan; what it does not expect, it leaves to that pass.
func TestSplitAgrees(t *testing.T) {
	inputs := map[string][]byte{
		"empty object":      []byte(`{}`),
		"null changes":      []byte(` {"format_version":"1.2","resource_changes":null} `),
		"empty changes":     []byte(`{"format_version":"1.2","resource_changes":[ ]}`),
		"escaped quotes":    []byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a.b","values":{"x":"q\"}]\\"}}]}},"resource_changes":[{"address":"a.b","change":{"after":{"x":"\\\\"}}},{"address":"c.d"}]}`),
		"duplicate keys":    []byte(`{"format_version":"1.1","format_version":"1.2","resource_changes":[{"address":"x.y"}],"resource_changes":[{"address":"a.b"}]}`),
		"other case":        []byte(`{"format_version":"1.2","Resource_Changes":[{"address":"a.b"}]}`),
		"trailing data":     []byte(`{"format_version":"1.2"} x`),
		"changes not array": []byte(`{"format_version":"1.2","resource_changes":{"a":1}}`),
		"cut short":         []byte(`{"format_version":"1.2","resource_changes":[{"address":"a.b"}`),
		"escaped key":       []byte(`{"format_version":"1.2","resource\u005fchanges":[{"address":"a.b"}]}`),
	}
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if data, err = toUTF8(data); err == nil {
			inputs[filepath.Base(f)] = data
		}
	}
	accepted := 0
	for name, data := range inputs {
		fp, small, rcs, ok := split(data)
		var want fastPlan
		wantErr := gojson.Unmarshal(data, &want)
		if !ok {
			continue
		}
		accepted++
		if wantErr != nil {
			t.Errorf("%s: split accepts what goccy/go-json refuses (%v)", name, wantErr)
			continue
		}
		if err := gojson.Unmarshal(small, &fp.plainPlan); err != nil {
			t.Errorf("%s: the small members do not decode: %v", name, err)
			continue
		}
		a, _ := json.Marshal(fp.plainPlan)
		b, _ := json.Marshal(want.plainPlan)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: top-level members differ:\n%s\n%s", name, a, b)
		}
		for _, p := range [][2]span{{fp.PlannedValues, want.PlannedValues}, {fp.PriorState, want.PriorState}, {fp.Config, want.Config}} {
			if !bytes.Equal(p[0], p[1]) {
				t.Errorf("%s: a part differs:\n%.80s\n%.80s", name, p[0], p[1])
			}
		}
		var wantRCs []span
		if len(want.ResourceChanges) > 0 {
			if err := gojson.Unmarshal(want.ResourceChanges, &wantRCs); err != nil {
				t.Fatal(err)
			}
		}
		if len(rcs) != len(wantRCs) || (rcs == nil) != (wantRCs == nil) {
			t.Errorf("%s: %d changes, goccy/go-json finds %d", name, len(rcs), len(wantRCs))
			continue
		}
		for i := range rcs {
			if !bytes.Equal(rcs[i], wantRCs[i]) {
				t.Errorf("%s: change %d differs", name, i)
			}
		}
	}
	if accepted < len(files) {
		t.Errorf("split accepted %d inputs, fewer than the %d fixtures", accepted, len(files))
	}
}
