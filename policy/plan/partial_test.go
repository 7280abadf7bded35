package plan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// keep returns the members of v named in keys (v itself when keys is nil or v is not an object).
func keep(v any, keys map[string]bool) any {
	m, ok := v.(map[string]any)
	if !ok || keys == nil {
		return v
	}
	out := map[string]any{}
	for k, x := range m {
		if keys[k] {
			out[k] = x
		}
	}
	return out
}

// TestChangeValuesKeepOnlyNamed: read with ChangeValues, each resource change holds of its
// values exactly the named attributes of the whole reading (redacted the same), nothing else,
// and the resources, their actions and what a whole mark hid are the same.
func TestChangeValuesKeepOnlyNamed(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.json"))
	cv := &ChangeValues{
		Before: map[string]bool{}, After: map[string]bool{"bucket": true, "tags": true, "password": true, "environment": true},
		AfterUnknown: map[string]bool{"tags": true}, BeforeSensitive: map[string]bool{}, AfterSensitive: map[string]bool{"tags": true},
	}
	compared := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lean, err := ParseWith(f, data, Options{NoStateValues: true})
		if err != nil {
			continue // the bad-input fixtures
		}
		part, err := ParseWith(f, data, Options{NoStateValues: true, ChangeValues: cv, NoConfiguration: true})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if part.ChangeValues != cv || !part.NoConfiguration || part.raw.Config != nil {
			t.Errorf("%s: the options are not recorded, or the configuration was kept", f)
		}
		if len(part.Resources) != len(lean.Resources) {
			t.Fatalf("%s: %d resources, %d read whole", f, len(part.Resources), len(lean.Resources))
		}
		for i, r := range lean.Resources {
			p := part.Resources[i]
			if p.Address != r.Address || p.Sensitive != r.Sensitive || strings.Join(p.Actions, ",") != strings.Join(r.Actions, ",") {
				t.Errorf("%s: %s: address, actions or whole mark differ", f, r.Address)
			}
		}
		for i, rc := range lean.raw.ResourceChanges {
			pc := part.raw.ResourceChanges[i].Change
			want, _ := json.Marshal([]any{keep(rc.Change.Before, cv.Before), keep(rc.Change.After, cv.After), keep(rc.Change.AfterUnknown, cv.AfterUnknown), rc.Change.Actions})
			got, _ := json.Marshal([]any{pc.Before, pc.After, pc.AfterUnknown, pc.Actions})
			if string(want) != string(got) {
				t.Errorf("%s: %s:\nwant %s\ngot  %s", filepath.Base(f), rc.Address, want, got)
			}
			compared++
		}
	}
	if compared == 0 {
		t.Fatal("no resource change compared")
	}
}

// TestChangeValuesHostile: keys written with escapes, secrets in kept attributes and a
// malformed value in an attribute left out are read as the whole reader reads them.
func TestChangeValuesHostile(t *testing.T) {
	const tmpl = `{"format_version":"1.2","terraform_version":"1.5.7","planned_values":{"root_module":{"resources":[{"address":"aws_glue_job.j","mode":"managed","type":"aws_glue_job","name":"j","provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"values":{},"sensitive_values":{}}]}},
"resource_changes":[{"address":"aws_glue_job.j","mode":"managed","type":"aws_glue_job","name":"j","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"before":null,"after":AFTER,"after_unknown":{},"before_sensitive":false,"after_sensitive":SENS}}]}`
	cv := &ChangeValues{Before: map[string]bool{}, After: map[string]bool{"timeout": true, "default_arguments": true, "name": true}, AfterUnknown: map[string]bool{}}
	read := func(after, sens string) (*Plan, error) {
		doc := strings.Replace(strings.Replace(tmpl, "AFTER", after, 1), "SENS", sens, 1)
		return ParseWith("hostile.json", []byte(doc), Options{NoStateValues: true, ChangeValues: cv})
	}
	// An escaped key is the key it spells: the object is read whole rather than skipped.
	p, err := read(`{"time\u006fut": 5, "other": 1}`, `{}`)
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := p.raw.ResourceChanges[0].Change.After.(map[string]any); after["timeout"] != float64(5) {
		t.Errorf("escaped key: after is %v", after)
	}
	// Secrets inside a kept attribute are redacted, by name and by mark.
	p, err = read(`{"default_arguments": {"--db-password": "hunter2", "--x": "y"}, "name": "n1", "timeout": 2}`, `{"name": true}`)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(p.raw.ResourceChanges[0].Change.After)
	if strings.Contains(string(b), "hunter2") || strings.Contains(string(b), "n1") || !strings.Contains(string(b), `"y"`) {
		t.Errorf("kept attributes not redacted as the whole reader does: %s", b)
	}
	// A whole mark hides the resource whatever is kept.
	p, err = read(`{"timeout": 2, "name": "n"}`, `true`)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Resource("aws_glue_job.j").Sensitive {
		t.Error("a resource marked sensitive as a whole is not flagged")
	}
	// A malformed value in an attribute left out is still refused.
	if _, err := read(`{"timeout": 2, "other": [1, tru]}`, `{}`); err == nil {
		t.Error("a malformed value in an attribute left out was accepted")
	}
	if _, err := read(`{"timeout": 2, "other": "\x01"}`, `{}`); err == nil {
		t.Error("a control character in an attribute left out was accepted")
	}
}

// TestChangeValuesCovers: a reading covers what asks for no more than it kept.
func TestChangeValuesCovers(t *testing.T) {
	set := func(ks ...string) map[string]bool {
		m := map[string]bool{}
		for _, k := range ks {
			m[k] = true
		}
		return m
	}
	kept := &ChangeValues{Before: set(), After: set("a", "b"), AfterUnknown: set()}
	for _, c := range []struct {
		want *ChangeValues
		ok   bool
	}{
		{&ChangeValues{Before: set(), After: set("a"), AfterUnknown: set()}, true},
		{&ChangeValues{Before: set(), After: set("a", "c"), AfterUnknown: set()}, false},
		{&ChangeValues{Before: nil, After: set(), AfterUnknown: set()}, false},
		{nil, false},
	} {
		if got := kept.Covers(c.want); got != c.ok {
			t.Errorf("Covers(%+v) = %v", c.want, got)
		}
	}
	if !(*ChangeValues)(nil).Covers(nil) {
		t.Error("a whole reading covers everything")
	}
}

// TestChangeValuesInAWholeReading: with the state values read, leaving the changes' values out
// changes no resource (values, unknowns, actions, marks), nor the planned or prior values as
// redacted: a resource that planned_values does not hold keeps the after it is read from, and the
// changes' marks still redact the other parts.
func TestChangeValuesInAWholeReading(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.json"))
	none := map[string]bool{}
	cv := &ChangeValues{Before: none, After: none}
	fromChangesOnly := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := Parse(f, data)
		if err != nil {
			continue // the bad-input fixtures
		}
		part, err := ParseWith(f, data, Options{ChangeValues: cv})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(part.Resources) != len(whole.Resources) {
			t.Fatalf("%s: %d resources, %d read whole", f, len(part.Resources), len(whole.Resources))
		}
		planned := map[string]bool{}
		if whole.raw.PlannedValues != nil {
			walkState(whole.raw.PlannedValues.RootModule, func(sr *tfjson.StateResource) { planned[sr.Address] = true })
		}
		for i, r := range whole.Resources {
			p := part.Resources[i]
			a, _ := json.Marshal([]any{r.Address, r.Values, r.Unknown, r.Actions, r.Sensitive, r.Deleted, r.Bucket, r.Related})
			b, _ := json.Marshal([]any{p.Address, p.Values, p.Unknown, p.Actions, p.Sensitive, p.Deleted, p.Bucket, p.Related})
			if string(a) != string(b) {
				t.Errorf("%s: %s differs:\n%s\n%s", filepath.Base(f), r.Address, a, b)
			}
			if !planned[r.Address] && len(r.Values) > 0 {
				fromChangesOnly++
			}
		}
		parts := map[string]bool{"planned_values": true, "prior_state": true, "configuration": true}
		a, _ := json.Marshal(whole.DocumentParts(parts))
		b, _ := json.Marshal(part.DocumentParts(parts))
		if string(a) != string(b) {
			t.Errorf("%s: the planned values, prior state or configuration differ", filepath.Base(f))
		}
	}
	if fromChangesOnly == 0 {
		t.Error("no fixture has a resource read from its change alone: that case goes untested")
	}
}
