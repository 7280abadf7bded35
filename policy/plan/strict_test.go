package plan

import (
	"bytes"
	"strings"
	"testing"
)

// TestParseRejectsAmbiguousJSON: input that encoding/json and goccy/go-json would read one way
// and another reader (OPA, a human, jq) another is not a plan. Two documents in one file (a
// careless `>>`), a key given twice and a key that differs from a plan field only in case
// (both decoders match field names regardless of case, and the last one wins) are refused with
// the file, line and column.
func TestParseRejectsAmbiguousJSON(t *testing.T) {
	goof := readBytes(t, "snyk-labs__terraform-goof__tf-plan.json")
	pipeline := readBytes(t, "supplychain_pipeline.json")
	empty := []byte(`{"format_version":"1.2","resource_changes":[]}`)
	// replaceOnce edits the first occurrence of old in a copy of b.
	replaceOnce := func(b []byte, old, repl string) []byte {
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("fixture lacks %q", old)
		}
		return bytes.Replace(b, []byte(old), []byte(repl), 1)
	}
	cases := []struct {
		name    string
		data    []byte
		mention string
	}{
		{"two plans", append(append([]byte{}, goof...), goof...), "second JSON value"},
		{"two plans on one line", []byte(`{"format_version":"1.2","resource_changes":[]}{"format_version":"1.2"}`), "second JSON value"},
		{"an empty plan after a real one", append(append([]byte{}, pipeline...), empty...), "second JSON value"},
		{"a real plan after an empty one", append(append([]byte{}, empty...), pipeline...), "second JSON value"},
		{"duplicate top-level key", replaceOnce(pipeline, `"resource_changes": [`, `"resource_changes": [], "resource_changes": [`), `"resource_changes"`},
		{"duplicate escaped key", replaceOnce(pipeline, `"resource_changes": [`, `"resource\u005fchanges": [], "resource_changes": [`), `"resource_changes"`},
		{"key in another case", replaceOnce(pipeline, `"resource_changes": [`, `"Resource_Changes": [], "resource_changes": [`), `"Resource_Changes"`},
		{"only key in another case", replaceOnce(pipeline, `"resource_changes": [`, `"Resource_Changes": [`), `"Resource_Changes"`},
		{"Kelvin sign folds to k", replaceOnce(empty, `"resource_changes"`, `"\u212aey":1,"resource_changes"`), `"\u212aey"`},
		{"duplicate key in a change", replaceOnce(pipeline, `"actions": [`, `"actions": ["no-op"], "actions": [`), `"actions"`},
		{"change key in another case", replaceOnce(pipeline, `"actions": [`, `"Actions": ["no-op"], "actions": [`), `"Actions"`},
		{"duplicate key in a resource", replaceOnce(pipeline, `"address": "aws_glue_job.clean_orders"`, `"address": "aws_glue_job.clean_orders", "type": "null_resource"`), `"type"`},
		{"duplicate attribute value", replaceOnce(pipeline, `"security_configuration": null`, `"security_configuration": "nexabrand-etl", "security_configuration": null`), `"security_configuration"`},
		{"duplicate key in configuration", replaceOnce(pipeline, `"root_module": {`, `"root_module": {}, "root_module": {`), `"root_module"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse("plan.json", c.data)
			if err == nil {
				t.Fatalf("parsed %d resources; want an error", len(p.Resources))
			}
			if got := KindOf(err); got != Malformed {
				t.Errorf("kind %v, want %v (%v)", got, Malformed, err)
			}
			var pe *Error
			if !errorsAs(err, &pe) || pe.Line == 0 || pe.Column == 0 {
				t.Errorf("error %q has no line and column", err)
			}
			if msg := err.Error(); !strings.Contains(msg, "plan.json:") || !strings.Contains(msg, c.mention) {
				t.Errorf("error %q should name the file and position and mention %q", msg, c.mention)
			}
		})
	}
}

// TestParseKeepsKeysThatOnlyLookAlike: keys that differ in case are distinct where the plan holds
// user data (tag keys, variable and output names, attribute values), and must be kept.
func TestParseKeepsKeysThatOnlyLookAlike(t *testing.T) {
	data := []byte(`{"format_version":"1.2",
	 "variables":{"Region":{"value":"eu-west-1"},"region":{"value":"eu-west-2"}},
	 "planned_values":{"outputs":{"Out":{"sensitive":false,"value":1},"out":{"sensitive":false,"value":{"A":1,"a":2}}},
	  "root_module":{"resources":[{"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b",
	   "values":{"bucket":"b","tags":{"Name":"x","name":"y","NAME":"z"}},"sensitive_values":{"tags":{}}}]}},
	 "resource_changes":[{"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b",
	   "change":{"actions":["create"],"before":null,"after":{"bucket":"b","tags":{"Name":"x","name":"y","NAME":"z"}},"after_unknown":{},"after_sensitive":{"tags":{}}}}],
	 "configuration":{"root_module":{"variables":{"Region":{},"region":{"default":"eu-west-1"}},
	   "resources":[{"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b",
	    "expressions":{"bucket":{"constant_value":"b"},"tags":{"constant_value":{"Name":"x","name":"y"}}}}]}}}`)
	p, err := Parse("plan.json", data)
	if err != nil {
		t.Fatal(err)
	}
	tags, _ := p.Resource("aws_s3_bucket.b").Values["tags"].(map[string]any)
	if len(tags) != 3 {
		t.Errorf("tags %v, want the three keys", tags)
	}
}

// TestParseRefusesPartialPlans: a plan Terraform marks errored (planning stopped on an error) or
// incomplete (-target, deferred changes) does not hold the whole change and is never judged.
func TestParseRefusesPartialPlans(t *testing.T) {
	pipeline := readBytes(t, "supplychain_pipeline.json")
	edit := func(old, repl string) []byte {
		if !bytes.Contains(pipeline, []byte(old)) {
			t.Fatalf("fixture lacks %q", old)
		}
		return bytes.Replace(pipeline, []byte(old), []byte(repl), 1)
	}
	cases := []struct {
		name    string
		data    []byte
		kind    ErrorKind
		mention string
	}{
		{"errored", edit(`"errored": false`, `"errored": true`), Incomplete, "errored"},
		{"not complete", edit(`"complete": true`, `"complete": false`), Incomplete, "complete"},
		{"errored not a boolean", edit(`"errored": false`, `"errored": "no"`), Malformed, "errored"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse("plan.json", c.data)
			if err == nil {
				t.Fatalf("parsed %d resources; want an error", len(p.Resources))
			}
			if got := KindOf(err); got != c.kind {
				t.Errorf("kind %v, want %v (%v)", got, c.kind, err)
			}
			if msg := err.Error(); !strings.Contains(msg, "plan.json") || !strings.Contains(msg, c.mention) {
				t.Errorf("error %q should name the file and mention %q", msg, c.mention)
			}
		})
	}
	// The fixture as it is (errored false, complete true) reads.
	if _, err := Parse("plan.json", pipeline); err != nil {
		t.Fatal(err)
	}
}

// TestParseRefusesDeepNesting: the key check walks without recursion and stops at the decoders'
// own depth limit.
func TestParseRefusesDeepNesting(t *testing.T) {
	deep := `{"format_version":"1.2","variables":{"v":{"value":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}}}`
	_, err := Parse("plan.json", []byte(deep))
	if KindOf(err) != Malformed || !strings.Contains(err.Error(), "deeper") {
		t.Fatalf("got %v, want a malformed plan nested too deep", err)
	}
}
