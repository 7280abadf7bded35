package plan

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzParse feeds the reader mutations of real plans. It must never panic, must return a typed
// error for anything it rejects, and a plan it accepts must be indexed consistently.
//
//	go test -run '^$' -fuzz FuzzParse -fuzztime 60s ./policy/plan/
func FuzzParse(f *testing.F) {
	for _, name := range []string{
		"supplychain_pipeline.json",
		"fugue__regula__rego__tests__rules__tf__aws__kms__inputs__key_rotation_infra.json",
		"awakchaure99__tf-opa-aws-secretmanager__tfplan.json",
		"hashicorp__terraform__testing__equivalence-tests__outputs__drift_refresh_only__plan.json",
		"bridgecrewio__checkov__tests__terraform__parser__resources__plan_encodings__tfplan_win_utf16.json",
	} {
		b, err := os.ReadFile(filepath.Join(fixtures, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{"", "{}", "null", "[]", `{"format_version":"0.1"}`, `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a.b","type":"a","name":"b","values":{"x":1},"sensitive_values":{"x":true}}]}}}`,
		`{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["create"],"after":{"bucket":"x"},"after_sensitive":{"bucket":[true]}}}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var p *Plan
		var err error
		done := make(chan struct{})
		go func() {
			defer close(done)
			p, err = Parse("fuzz.json", data)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Parse has not returned after 10s on %q", data)
		}
		if err != nil {
			if KindOf(err) == 0 {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		if p.FormatVersion == "" {
			t.Fatal("accepted a plan without format_version")
		}
		for _, r := range p.Resources {
			if r.Mode != "data" && p.Resource(r.Address) == nil {
				t.Fatalf("%q not indexed", r.Address)
			}
		}
		_ = p.Document()
	})
}
