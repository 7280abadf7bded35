package plan

import (
	"reflect"
	"strings"
	"testing"
)

// Redaction makes a changed secret read like an unchanged one; the reader notes, before it
// redacts, which sensitive values of resource_drift changed, and keeps no value.
func TestSecretDrift(t *testing.T) {
	data := `{"format_version":"1.2","terraform_version":"1.5.7",
"planned_values":{"root_module":{}},
"resource_drift":[{"address":"aws_db_instance.a","mode":"managed","type":"aws_db_instance","name":"a",
 "change":{"actions":["update"],
  "before":{"password":"old-pass-1","kept":"same-secret","api_key":"key-1","nested":[{"token":"t1"}],"name":"a"},
  "after":{"password":"new-pass-2","kept":"same-secret","api_key":"key-2","nested":[{"token":"t1"}],"name":"b"},
  "before_sensitive":{"password":true,"kept":true},"after_sensitive":{"password":true,"kept":true}}}]}`
	p, err := Parse("drift.json", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	got := p.SecretDrift("aws_db_instance.a")
	want := [][]any{{"api_key"}, {"password"}}
	if len(got) == 2 && got[0][0] == "password" {
		got[0], got[1] = got[1], got[0]
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("secret drift %v, want %v", got, want)
	}
	doc := p.DocumentParts(map[string]bool{"resource_drift": true})
	for _, s := range []string{"old-pass-1", "new-pass-2", "same-secret", "key-1", "key-2"} {
		if strings.Contains(strings.ReplaceAll(fmtAny(doc), " ", ""), s) {
			t.Errorf("the document holds %q", s)
		}
	}
}

func fmtAny(v any) string {
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				b.WriteString(k + "=")
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case string:
			b.WriteString(x + ";")
		}
	}
	walk(v)
	return b.String()
}

// A null element of resource_drift is an invalid plan (exit 12), not a crash (a crash of
// plangate drift would exit 2, the drift code).
func TestNullDriftElement(t *testing.T) {
	_, err := Parse("null.json", []byte(`{"format_version":"1.2","planned_values":{"root_module":{}},"resource_drift":[null]}`))
	if err == nil || !strings.Contains(err.Error(), "resource_drift[0]") {
		t.Fatalf("want an invalid-plan error naming resource_drift[0], got %v", err)
	}
}
