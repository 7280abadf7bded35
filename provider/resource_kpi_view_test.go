package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nexabrands/supplychain/provider/internal/acctest"
	"github.com/nexabrands/supplychain/provider/internal/warehouse"
	"github.com/nexabrands/supplychain/tools/sampledata/dataset"
)

// whStarSchema creates the star schema in schema out of band and loads a small synthetic set.
func whStarSchema(t *testing.T, e *acctest.Warehouse, schema string) {
	t.Helper()
	e.Exec(t, dataset.CreateStarSchemaSQL(schema)...)
	if _, err := dataset.Load(context.Background(), e.Connect(t), schema, dataset.Synthetic(2000, 7), dataset.LoadOptions{Targets: true}); err != nil {
		t.Fatal(err)
	}
}

func whKPIViewConfig(e *acctest.Warehouse, metrics string, materialized bool) string {
	return e.Config(fmt.Sprintf(`
resource "supplychain_kpi_view" "v" {
  schema       = "mart"
  name         = "kpi_city_month"
  metrics      = [%s]
  dimensions   = ["city"]
  period       = "month"
  with_targets = true
  materialized = %t
  source_tables = {
    city_targets = "dim_city_targets"
  }
}
`, metrics, materialized))
}

// TestAccKPIView_lifecycle: create, an in-place update that changes the columns while another
// view depends on it (the dependent survives), drift from an out-of-band edit of the definition,
// import with verify, replacement by a materialised view with its refresh command, destroy.
func TestAccKPIView_lifecycle(t *testing.T) {
	e := acctest.NewWarehouse(t)
	whStarSchema(t, e, "mart")
	const addr = "supplychain_kpi_view.v"
	v := warehouse.QualifiedName("mart", "kpi_city_month")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy: func(*terraform.State) error {
			if n := e.Count(t, "SELECT count(*) FROM pg_class WHERE relname = 'kpi_city_month'"); n != 0 {
				return fmt.Errorf("view still exists after destroy")
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// A spec that cannot be computed is refused at validate, before any SQL.
				Config: e.Config(`
resource "supplychain_kpi_view" "bad" {
  schema     = "mart"
  name       = "bad"
  metrics    = ["otif"]
  dimensions = ["product"]
}
`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorMatching(`(?s)measured\s+per\s+order`),
			},
			{
				Config: whKPIViewConfig(e, `"ot", "otif", "lfr"`, false),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("refresh_command"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("source_schema"), knownvalue.StringExact("mart")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("sql"), knownvalue.StringRegexp(regexp.MustCompile(`(?s)^WITH line_flags AS .*GROUP BY period_start, city\n\).*LEFT JOIN "mart"\."dim_city_targets" ct ON ct\.city = agg\.city$`))),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					if n := e.Count(t, "SELECT count(*) FROM "+v+" WHERE ot_pct IS NOT NULL AND ot_target IS NOT NULL"); n == 0 {
						return fmt.Errorf("view returns no scored rows")
					}
					// Cities with their own target show it; the others the weighted mean of their customers'.
					if n := e.Count(t, "SELECT count(*) FROM "+v+" v JOIN mart.dim_city_targets ct ON ct.city = v.city WHERE v.ot_target = ct.ontime_target"); n == 0 {
						return fmt.Errorf("no city shows its own target")
					}
					if n := e.Count(t, "SELECT count(*) FROM "+v+" v JOIN mart.dim_city_targets ct ON ct.city = v.city WHERE v.ot_target <> ct.ontime_target"); n != 0 {
						return fmt.Errorf("%d rows ignore their city's own target", n)
					}
					return nil
				},
			},
			{
				// Adding vfr inserts columns in the middle: CREATE OR REPLACE is refused, so the view and
				// its dependent are dropped and recreated in one transaction.
				PreConfig: func() { e.Exec(t, "CREATE VIEW mart.dep AS SELECT city, ot_pct FROM "+v) },
				Config:    whKPIViewConfig(e, `"ot", "otif", "lfr", "vfr"`, false),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if n := e.Count(t, "SELECT count(*) FROM mart.dep"); n == 0 {
						return fmt.Errorf("dependent view lost its rows")
					}
					if n := e.Count(t, "SELECT count(*) FROM "+v+" WHERE vfr_pct IS NOT NULL"); n == 0 {
						return fmt.Errorf("vfr_pct missing after the update")
					}
					return nil
				},
			},
			{
				// Drift: someone edits the view out of band (same columns, no rows).
				PreConfig: func() {
					def := e.QueryString(t, "SELECT pg_get_viewdef($1::regclass, true)", v)
					e.Exec(t, "CREATE OR REPLACE VIEW "+v+" AS SELECT * FROM ("+whTrimSemicolon(def)+") d WHERE 1 = 0")
				},
				Config: whKPIViewConfig(e, `"ot", "otif", "lfr", "vfr"`, false),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if n := e.Count(t, "SELECT count(*) FROM "+v); n == 0 {
						return fmt.Errorf("drift not repaired: the view is still empty")
					}
					return nil
				},
			},
			{
				ResourceName: addr, ImportState: true, ImportStateId: "mart.kpi_city_month", ImportStateVerify: true,
			},
			{
				// Dropped out of band: Read removes it from state and the plan creates it again.
				PreConfig: func() { e.Exec(t, "DROP VIEW mart.dep", "DROP VIEW "+v) },
				Config:    whKPIViewConfig(e, `"ot", "otif", "lfr", "vfr"`, false),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: whKPIViewConfig(e, `"ot", "otif", "lfr", "vfr"`, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("refresh_command"), knownvalue.StringExact(`REFRESH MATERIALIZED VIEW "mart"."kpi_city_month"`)),
				},
				Check: func(*terraform.State) error {
					if k := e.QueryString(t, "SELECT relkind::text FROM pg_class WHERE relname = 'kpi_city_month'"); k != "m" {
						return fmt.Errorf("relkind %q, want m", k)
					}
					e.Exec(t, `REFRESH MATERIALIZED VIEW "mart"."kpi_city_month"`)
					return nil
				},
			},
			{
				ResourceName: addr, ImportState: true, ImportStateId: "mart.kpi_city_month", ImportStateVerify: true,
			},
		},
	})
}

func whTrimSemicolon(s string) string {
	for len(s) > 0 && (s[len(s)-1] == ';' || s[len(s)-1] == '\n' || s[len(s)-1] == ' ') {
		s = s[:len(s)-1]
	}
	return s
}
