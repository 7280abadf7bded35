package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/nexabrands/supplychain/provider/internal/acctest"
)

func whTargetsConfig(e *acctest.Warehouse, ontime789201 string) string {
	return e.Config(fmt.Sprintf(`
resource "supplychain_kpi_targets" "t" {
  schema = "mart"
  targets = [
    { customer_id = 789201, ontime = %s, infull = 81, otif = 70 },
    { customer_id = 789202, ontime = 90, infull = 81.5, otif = 69 },
    { customer_id = 789203, infull = 76 },
  ]
  city_targets = [
    { city = "George", ontime = 80, infull = 70 },
    { city = "Cape Town", ontime = 91.5, infull = 80, otif = 72 },
  ]
}
`, ontime789201))
}

// TestAccKPITargets_lifecycle: rows written, a target changed in place, drift from an edited and
// an added row, import with verify, validation of duplicates, destroy empties the table.
func TestAccKPITargets_lifecycle(t *testing.T) {
	e := acctest.NewWarehouse(t)
	e.Exec(t, `CREATE SCHEMA mart`, `CREATE TABLE mart.dim_customer_targets (customer_id bigint PRIMARY KEY,
		ontime_target numeric(5,2), infull_target numeric(5,2), otif_target numeric(5,2))`,
		`CREATE TABLE mart.dim_city_targets (city varchar(60) PRIMARY KEY,
		ontime_target numeric(5,2), infull_target numeric(5,2), otif_target numeric(5,2))`)
	const addr = "supplychain_kpi_targets.t"
	target := func(customer int, col string) string {
		return e.QueryString(t, "SELECT CAST("+col+" AS text) FROM mart.dim_customer_targets WHERE customer_id = $1", customer)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy: func(*terraform.State) error {
			if n := e.Count(t, "SELECT count(*) FROM mart.dim_customer_targets") + e.Count(t, "SELECT count(*) FROM mart.dim_city_targets"); n != 0 {
				return fmt.Errorf("%d target rows left after destroy", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: e.Config(`
resource "supplychain_kpi_targets" "dup" {
  schema  = "mart"
  targets = [{ customer_id = 1, ontime = 80 }, { customer_id = 1, ontime = 81 }]
}
`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorMatching(`customer_id 1 has more than one target entry`),
			},
			{
				Config: whTargetsConfig(e, "87"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("mart.dim_customer_targets")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					if got := target(789202, "infull_target"); got != "81.50" {
						return fmt.Errorf("789202 infull_target = %q", got)
					}
					if got := target(789203, "ontime_target"); got != "" {
						return fmt.Errorf("789203 ontime_target = %q, want NULL", got)
					}
					if got := e.QueryString(t, "SELECT CAST(ontime_target AS text) FROM mart.dim_city_targets WHERE city = 'Cape Town'"); got != "91.50" {
						return fmt.Errorf("Cape Town ontime_target = %q", got)
					}
					return nil
				},
			},
			{
				Config: whTargetsConfig(e, "88.25"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if got := target(789201, "ontime_target"); got != "88.25" {
						return fmt.Errorf("789201 ontime_target = %q", got)
					}
					return nil
				},
			},
			{
				PreConfig: func() {
					e.Exec(t, "UPDATE mart.dim_customer_targets SET otif_target = 10 WHERE customer_id = 789201",
						"INSERT INTO mart.dim_customer_targets VALUES (999, 1, 1, 1)",
						"UPDATE mart.dim_city_targets SET infull_target = 1 WHERE city = 'George'")
				},
				Config: whTargetsConfig(e, "88.25"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if got := target(789201, "otif_target"); got != "70.00" {
						return fmt.Errorf("drift not repaired: 789201 otif_target = %q", got)
					}
					if n := e.Count(t, "SELECT count(*) FROM mart.dim_customer_targets WHERE customer_id = 999"); n != 0 {
						return fmt.Errorf("out-of-band row not removed")
					}
					if got := e.QueryString(t, "SELECT CAST(infull_target AS text) FROM mart.dim_city_targets WHERE city = 'George'"); got != "70.00" {
						return fmt.Errorf("drift not repaired: George infull_target = %q", got)
					}
					return nil
				},
			},
			{
				ResourceName: addr, ImportState: true, ImportStateId: "mart.dim_customer_targets", ImportStateVerify: true,
			},
		},
	})
}

// TestAccKPITargets_importNonDefaultCityTable: imported as schema.table.city_table, targets
// whose city table is not the default plan no change (no replacement) and verify.
func TestAccKPITargets_importNonDefaultCityTable(t *testing.T) {
	e := acctest.NewWarehouse(t)
	e.Exec(t, `CREATE SCHEMA mart`, `CREATE TABLE mart.dim_customer_targets (customer_id bigint PRIMARY KEY,
		ontime_target numeric(5,2), infull_target numeric(5,2), otif_target numeric(5,2))`,
		`CREATE TABLE mart.city_goals (city varchar(60) PRIMARY KEY,
		ontime_target numeric(5,2), infull_target numeric(5,2), otif_target numeric(5,2))`)
	const addr = "supplychain_kpi_targets.t"
	cfg := func(cities string) string {
		return e.Config(`
resource "supplychain_kpi_targets" "t" {
  schema       = "mart"
  targets      = [{ customer_id = 789201, ontime = 80 }]
  city_table   = "city_goals"
  city_targets = [` + cities + `]
}
`)
	}
	steps := []resource.TestStep{}
	for _, cities := range []string{`{ city = "George", ontime = 80 }`, ``} {
		steps = append(steps,
			resource.TestStep{Config: cfg(cities)},
			resource.TestStep{Config: cfg(cities), ResourceName: addr, ImportState: true,
				ImportStateId: "mart.dim_customer_targets.city_goals", ImportStateKind: resource.ImportBlockWithID},
			resource.TestStep{Config: cfg(cities), ResourceName: addr, ImportState: true,
				ImportStateId: "mart.dim_customer_targets.city_goals", ImportStateVerify: true},
		)
	}
	steps = append(steps, resource.TestStep{
		Config: cfg(""), ResourceName: addr, ImportState: true, ImportStateId: "mart.dim_customer_targets.city_goals.x",
		ExpectError: acctest.ErrorMatching(`<schema>.<table>.<city_table>`),
	})
	resource.Test(t, resource.TestCase{PreCheck: func() { acctest.PreCheck(t) }, ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t), Steps: steps})
}
