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
	"github.com/nexabrands/supplychain/provider/internal/warehouse"
)

func whSchemaConfig(e *acctest.Warehouse, name, comment string, cascade bool) string {
	c := ""
	if comment != "" {
		c = "  comment = " + acctest.HCLString(comment) + "\n"
	}
	return e.Config(fmt.Sprintf(`
resource "supplychain_warehouse_schema" "s" {
  name         = %s
%s  drop_cascade = %t
}
`, acctest.HCLString(name), c, cascade))
}

// TestAccWarehouseSchema_lifecycle: create, in-place comment change, drift from an out-of-band
// COMMENT, import with verify, RESTRICT refusing to drop a non-empty schema, then CASCADE.
func TestAccWarehouseSchema_lifecycle(t *testing.T) {
	e := acctest.NewWarehouse(t)
	name := "Sales Mart"
	const addr = "supplychain_warehouse_schema.s"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy:             e.CheckSchemaGone(name),
		Steps: []resource.TestStep{
			{
				Config: whSchemaConfig(e, name, "first", false),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("owner"), knownvalue.StringExact(e.User)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("comment"), knownvalue.StringExact("first")),
				},
				Check: func(*terraform.State) error {
					if got := e.QueryString(t, "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = $1", name); got != "first" {
						return fmt.Errorf("live comment = %q", got)
					}
					return nil
				},
			},
			{
				Config: whSchemaConfig(e, name, "second", false),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				PreConfig: func() { e.Exec(t, "COMMENT ON SCHEMA "+warehouse.Quote(name)+" IS 'changed out of band'") },
				Config:    whSchemaConfig(e, name, "second", false),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: func(*terraform.State) error {
					if got := e.QueryString(t, "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = $1", name); got != "second" {
						return fmt.Errorf("drift not repaired: live comment = %q", got)
					}
					return nil
				},
			},
			{
				ResourceName: addr, ImportState: true, ImportStateId: name, ImportStateVerify: true,
			},
			{
				// Dropped out of band: Read removes it from state (with a warning) and the plan creates it again.
				PreConfig: func() { e.Exec(t, "DROP SCHEMA "+warehouse.Quote(name)) },
				Config:    whSchemaConfig(e, name, "second", false),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
			},
			{
				// RESTRICT: destroying a schema that holds a table fails and names the way out.
				PreConfig:   func() { e.Exec(t, "CREATE TABLE "+warehouse.QualifiedName(name, "t")+" (x int)") },
				Config:      e.Config(""),
				ExpectError: acctest.ErrorMatching(`(?s)dropping warehouse schema "Sales Mart".*drop_cascade`),
			},
			{
				Config: whSchemaConfig(e, name, "second", true),
			},
			{
				Config: e.Config(""),
				Check:  e.CheckSchemaGone(name),
			},
		},
	})
}

// TestAccWarehouseSchema_hostileNames creates schemas whose names would break unquoted SQL and
// checks they exist verbatim; a name with a control character is rejected at validate.
func TestAccWarehouseSchema_hostileNames(t *testing.T) {
	e := acctest.NewWarehouse(t)
	names := []string{`we"ird; DROP SCHEMA public CASCADE; --`, "select", "Ünïcødé ☃", "a.b"}
	body := ""
	for i, n := range names {
		body += fmt.Sprintf("resource \"supplychain_warehouse_schema\" \"s%d\" {\n  name = %s\n}\n", i, acctest.HCLString(n))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		Steps: []resource.TestStep{
			{
				Config:      e.Config("resource \"supplychain_warehouse_schema\" \"bad\" {\n  name = \"tab\\there\"\n}\n"),
				PlanOnly:    true,
				ExpectError: acctest.ErrorMatching(`Invalid SQL identifier`),
			},
			{
				Config: e.Config(body),
				Check: func(*terraform.State) error {
					for _, n := range names {
						if got := e.QueryString(t, "SELECT nspname::text FROM pg_namespace WHERE nspname = $1", n); got != n {
							return fmt.Errorf("schema %q not created verbatim", n)
						}
					}
					if got := e.QueryString(t, "SELECT nspname::text FROM pg_namespace WHERE nspname = 'public'"); got != "public" {
						return fmt.Errorf("schema public was dropped: a name was executed")
					}
					return nil
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
