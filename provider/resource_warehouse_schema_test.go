package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nexabrands/supplychain/provider/internal/warehouse"
)

func whSchemaConfig(e *whAccEnv, name, comment string, cascade bool) string {
	c := ""
	if comment != "" {
		c = "  comment = " + whHCL(comment) + "\n"
	}
	return e.config(fmt.Sprintf(`
resource "supplychain_warehouse_schema" "s" {
  name         = %s
%s  drop_cascade = %t
}
`, whHCL(name), c, cascade))
}

func whSchemaGone(e *whAccEnv, name string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var n int
		if err := e.pool.QueryRow(context.Background(), "SELECT count(*) FROM pg_namespace WHERE nspname = $1", name).Scan(&n); err != nil {
			return err
		}
		if n != 0 {
			return fmt.Errorf("schema %q still exists after destroy", name)
		}
		return nil
	}
}

// TestAccWarehouseSchema_lifecycle: create, in-place comment change, drift from an out-of-band
// COMMENT, import with verify, RESTRICT refusing to drop a non-empty schema, then CASCADE.
func TestAccWarehouseSchema_lifecycle(t *testing.T) {
	e := whAcc(t)
	name := "Sales Mart"
	const addr = "supplychain_warehouse_schema.s"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: whProviderFactories,
		CheckDestroy:             whSchemaGone(e, name),
		Steps: []resource.TestStep{
			{
				Config: whSchemaConfig(e, name, "first", false),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("owner"), knownvalue.StringExact(e.pg.User)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("comment"), knownvalue.StringExact("first")),
				},
				Check: func(*terraform.State) error {
					if got := e.queryString(t, "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = $1", name); got != "first" {
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
				PreConfig: func() { e.exec(t, "COMMENT ON SCHEMA "+warehouse.Quote(name)+" IS 'changed out of band'") },
				Config:    whSchemaConfig(e, name, "second", false),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: func(*terraform.State) error {
					if got := e.queryString(t, "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = $1", name); got != "second" {
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
				PreConfig: func() { e.exec(t, "DROP SCHEMA "+warehouse.Quote(name)) },
				Config:    whSchemaConfig(e, name, "second", false),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
			},
			{
				// RESTRICT: destroying a schema that holds a table fails and names the way out.
				PreConfig:   func() { e.exec(t, "CREATE TABLE "+warehouse.QualifiedName(name, "t")+" (x int)") },
				Config:      e.config(""),
				ExpectError: errRe(`(?s)dropping warehouse schema "Sales Mart".*drop_cascade`),
			},
			{
				Config: whSchemaConfig(e, name, "second", true),
			},
			{
				Config: e.config(""),
				Check:  whSchemaGone(e, name),
			},
		},
	})
}

// TestAccWarehouseSchema_hostileNames creates schemas whose names would break unquoted SQL and
// checks they exist verbatim; a name with a control character is rejected at validate.
func TestAccWarehouseSchema_hostileNames(t *testing.T) {
	e := whAcc(t)
	names := []string{`we"ird; DROP SCHEMA public CASCADE; --`, "select", "Ünïcødé ☃", "a.b"}
	body := ""
	for i, n := range names {
		body += fmt.Sprintf("resource \"supplychain_warehouse_schema\" \"s%d\" {\n  name = %s\n}\n", i, whHCL(n))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: whProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      e.config("resource \"supplychain_warehouse_schema\" \"bad\" {\n  name = \"tab\\there\"\n}\n"),
				PlanOnly:    true,
				ExpectError: errRe(`Invalid SQL identifier`),
			},
			{
				Config: e.config(body),
				Check: func(*terraform.State) error {
					for _, n := range names {
						if got := e.queryString(t, "SELECT nspname::text FROM pg_namespace WHERE nspname = $1", n); got != n {
							return fmt.Errorf("schema %q not created verbatim", n)
						}
					}
					if got := e.queryString(t, "SELECT nspname::text FROM pg_namespace WHERE nspname = 'public'"); got != "public" {
						return fmt.Errorf("schema public was dropped: a name was executed")
					}
					return nil
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
