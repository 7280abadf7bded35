package kpi

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden (the generated SQL, the sample's scorecard page)")

// TestGenerateGolden keeps the SQL of representative views in testdata/, so a change to the
// generator shows in review as a diff of SQL. Regenerate with `go test ./provider/internal/kpi -update`.
func TestGenerateGolden(t *testing.T) {
	cases := map[string]Spec{
		"overall_with_targets":     {Metrics: Metrics, WithTargets: true, Sources: Sources{Schema: "nexabrands"}},
		"city_month_city_targets":  {Metrics: Metrics, Dimensions: []string{"city"}, Period: "month", WithTargets: true, Sources: Sources{Schema: "nexabrands", CityTarget: "dim_city_targets"}},
		"customer_ot_lfr":          {Metrics: []string{"lfr", "ot"}, Dimensions: []string{"customer"}, WithTargets: true, Sources: Sources{Schema: "nexabrands"}},
		"category_week_fill_rates": {Metrics: []string{"vfr", "lfr"}, Dimensions: []string{"category", "product"}, Period: "week", Sources: Sources{Schema: "mart", OrderLines: "lines"}},
	}
	for name, spec := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := Generate(spec)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name+".sql.golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got+"\n" != string(want) {
				t.Errorf("generated SQL differs from %s (run with -update after checking the change):\n%s", path, got)
			}
		})
	}
}
