package plan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// TestNoStateValues: reading without the state values indexes the same resources with the same
// actions and gives the same resource_changes document, and keeps no planned or prior value.
func TestNoStateValues(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.json"))
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		full, err := Parse(f, data)
		if err != nil {
			continue // the bad-input fixtures
		}
		lean, err := ParseWith(f, data, Options{NoStateValues: true})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !lean.NoStateValues || full.NoStateValues {
			t.Errorf("%s: NoStateValues not recorded", f)
		}
		if len(lean.Resources) != len(full.Resources) {
			t.Fatalf("%s: %d resources without state values, %d with", f, len(lean.Resources), len(full.Resources))
		}
		for i, r := range full.Resources {
			l := lean.Resources[i]
			a, _ := json.Marshal([]any{r.Address, r.Type, r.Mode, r.Module, r.ConfigAddress, r.Actions, r.Deleted, r.Unknown, r.Configured})
			b, _ := json.Marshal([]any{l.Address, l.Type, l.Mode, l.Module, l.ConfigAddress, l.Actions, l.Deleted, l.Unknown, l.Configured})
			if string(a) != string(b) {
				t.Errorf("%s: %s differs:\n%s\n%s", filepath.Base(f), r.Address, a, b)
			}
		}
		parts := map[string]bool{"resource_changes": true, "variables": true, "configuration": true}
		a, _ := json.Marshal(full.DocumentParts(parts))
		b, _ := json.Marshal(lean.DocumentParts(parts))
		if string(a) != string(b) {
			t.Errorf("%s: the resource_changes documents differ", filepath.Base(f))
		}
		if lean.raw.PlannedValues != nil {
			walkState(lean.raw.PlannedValues.RootModule, func(sr *tfjson.StateResource) {
				if sr.AttributeValues != nil || sr.SensitiveValues != nil {
					t.Errorf("%s: %s keeps its planned values", filepath.Base(f), sr.Address)
				}
			})
		}
		if lean.raw.PriorState != nil && lean.raw.PriorState.Values != nil {
			walkState(lean.raw.PriorState.Values.RootModule, func(sr *tfjson.StateResource) {
				if sr.AttributeValues != nil || sr.SensitiveValues != nil {
					t.Errorf("%s: %s keeps its prior values", filepath.Base(f), sr.Address)
				}
			})
		}
	}
}
