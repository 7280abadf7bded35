package provider_test

import (
	"fmt"
	"strings"
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

type whCol struct {
	name, typ string
	nullable  *bool
	comment   string
}

func whTableConfig(e *acctest.Warehouse, schemaName, table string, cols []whCol, extra string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"supplychain_warehouse_schema\" \"s\" {\n  name = %s\n}\n", acctest.HCLString(schemaName))
	fmt.Fprintf(&b, "resource \"supplychain_warehouse_table\" \"t\" {\n  schema = supplychain_warehouse_schema.s.name\n  name = %s\n", acctest.HCLString(table))
	b.WriteString("  columns = [\n")
	for _, c := range cols {
		fmt.Fprintf(&b, "    { name = %s, type = %s", acctest.HCLString(c.name), acctest.HCLString(c.typ))
		if c.nullable != nil {
			fmt.Fprintf(&b, ", nullable = %t", *c.nullable)
		}
		if c.comment != "" {
			fmt.Fprintf(&b, ", comment = %s", acctest.HCLString(c.comment))
		}
		b.WriteString(" },\n")
	}
	b.WriteString("  ]\n" + extra + "}\n")
	return e.Config(b.String())
}

func whBool(b bool) *bool { return &b }

// TestAccWarehouseTable_typeAliases: one column per alias spelling; the plan after apply is empty
// (no perpetual diff), rewriting every spelling to its canonical form plans nothing (no
// flip-flop), a real change still plans an update, and the live type is the canonical one.
func TestAccWarehouseTable_typeAliases(t *testing.T) {
	e := acctest.NewWarehouse(t)
	aliases := []struct{ alias, canonical string }{
		{"int", "integer"}, {"int4", "integer"}, {"INTEGER", "integer"}, {"int2", "smallint"}, {"smallint", "smallint"},
		{"int8", "bigint"}, {"bigint", "bigint"}, {"varchar(256)", "character varying(256)"},
		{"character varying(12)", "character varying(12)"}, {"VarChar ( 40 )", "character varying(40)"},
		{"varchar", "character varying"}, {"char(3)", "character(3)"}, {"char", "character(1)"}, {"bpchar(2)", "character(2)"},
		{"decimal(10,2)", "numeric(10,2)"}, {"numeric(12)", "numeric(12,0)"}, {"decimal", "numeric"}, {"numeric", "numeric"},
		{"float", "double precision"}, {"float8", "double precision"}, {"float4", "real"}, {"real", "real"},
		{"timestamp", "timestamp without time zone"}, {"timestamp without time zone", "timestamp without time zone"},
		{"timestamptz", "timestamp with time zone"}, {"time", "time without time zone"},
		{"bool", "boolean"}, {"boolean", "boolean"}, {"date", "date"}, {"text", "text"},
	}
	var asWritten, canonical []whCol
	for i, a := range aliases {
		asWritten = append(asWritten, whCol{name: fmt.Sprintf("c%02d", i), typ: a.alias})
		canonical = append(canonical, whCol{name: fmt.Sprintf("c%02d", i), typ: a.canonical})
	}
	const addr = "supplychain_warehouse_table.t"
	var oid string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		Steps: []resource.TestStep{
			{
				Config: whTableConfig(e, "aliases", "t", asWritten, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					// The spelling written is the one kept.
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("columns").AtSliceIndex(1).AtMapKey("type"), knownvalue.StringExact("int4")),
				},
				Check: func(*terraform.State) error {
					for i, a := range aliases {
						got := e.QueryString(t, `SELECT format_type(atttypid, atttypmod) FROM pg_attribute
							WHERE attrelid = '"aliases"."t"'::regclass AND attname = $1`, fmt.Sprintf("c%02d", i))
						if got != a.canonical {
							return fmt.Errorf("%s: live type %q, want %q", a.alias, got, a.canonical)
						}
					}
					return nil
				},
			},
			{
				Config:   whTableConfig(e, "aliases", "t", asWritten, ""),
				PlanOnly: true, // a second plan with the same configuration is empty
			},
			{
				// Rewriting the spellings plans nothing: the plan keeps the spelling in state while
				// the configuration names the same type. The table is untouched, the state keeps
				// the first spelling, and the plan after it is empty: no flip-flop.
				PreConfig: func() { oid = e.QueryString(t, `SELECT '"aliases"."t"'::regclass::oid::text`) },
				Config:    whTableConfig(e, "aliases", "t", canonical, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("columns").AtSliceIndex(1).AtMapKey("type"), knownvalue.StringExact("int4")),
				},
				Check: func(*terraform.State) error {
					if now := e.QueryString(t, `SELECT '"aliases"."t"'::regclass::oid::text`); now != oid {
						return fmt.Errorf("table replaced by a spelling change (oid %s -> %s)", oid, now)
					}
					return nil
				},
			},
			{
				Config: whTableConfig(e, "aliases", "t", asWritten, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// A real type change still plans an update.
				Config: whTableConfig(e, "aliases", "t", append(append([]whCol{}, asWritten[:7]...),
					append([]whCol{{name: "c07", typ: "varchar(300)"}}, asWritten[8:]...)...), ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccWarehouseTable_lifecycle walks a table through create, in-place updates (add column,
// comment, nullability, varchar widening), drift from out-of-band ALTERs, a refused column drop,
// a replacement refused by deletion_protection while the table holds a row, the replacement once
// protection is off, import with verify, and a strict_redshift error on PostgreSQL.
func TestAccWarehouseTable_lifecycle(t *testing.T) {
	e := acctest.NewWarehouse(t)
	const addr = "supplychain_warehouse_table.t"
	sch, tbl := "mart", `order "lines"`
	q := warehouse.QualifiedName(sch, tbl)
	v1 := []whCol{{name: "id", typ: "bigint", nullable: whBool(false)}, {name: "note", typ: "varchar(20)"}}
	v2 := []whCol{{name: "id", typ: "int8", nullable: whBool(false), comment: "order line id"},
		{name: "note", typ: "varchar(40)", nullable: whBool(false)}, {name: "qty", typ: "numeric(10,2)"}}
	v3 := []whCol{{name: "id", typ: "int8", nullable: whBool(false), comment: "order line id"},
		{name: "note", typ: "varchar(40)", nullable: whBool(false)}, {name: "qty", typ: "integer"}}
	pk := "  primary_key = [\"id\"]\n"
	liveType := func(col string) string {
		return e.QueryString(t, `SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
			JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = $1 AND c.relname = $2 AND a.attname = $3 AND NOT a.attisdropped`, sch, tbl, col)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		Steps: []resource.TestStep{
			{
				Config: whTableConfig(e, sch, tbl, v1, pk+"  comment = \"lines\"\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("deletion_protection"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(`mart."order ""lines"""`)),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				PreConfig: func() { e.Exec(t, "INSERT INTO "+q+" (id, note) VALUES (1, 'x')") },
				Config:    whTableConfig(e, sch, tbl, v2, pk+"  comment = \"lines\"\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if got := liveType("note"); got != "character varying(40)" {
						return fmt.Errorf("note not widened in place: %q", got)
					}
					if got := e.QueryString(t, "SELECT note FROM "+q+" WHERE id = 1"); got != "x" {
						return fmt.Errorf("row lost by an in-place update: note = %q", got)
					}
					return nil
				},
			},
			{
				// Drift: an out-of-band ALTER relaxes NOT NULL and changes the table comment.
				PreConfig: func() {
					e.Exec(t, "ALTER TABLE "+q+" ALTER COLUMN note DROP NOT NULL", "COMMENT ON TABLE "+q+" IS 'edited'")
				},
				Config: whTableConfig(e, sch, tbl, v2, pk+"  comment = \"lines\"\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: func(*terraform.State) error {
					if got := e.QueryString(t, `SELECT CASE WHEN attnotnull THEN 'yes' ELSE 'no' END FROM pg_attribute
						WHERE attrelid = $1::regclass AND attname = 'note'`, q); got != "yes" {
						return fmt.Errorf("drift not repaired: note NOT NULL = %s", got)
					}
					return nil
				},
			},
			{
				// Drift: a column added out of band shows up; removing it needs allow_drop_columns.
				PreConfig:   func() { e.Exec(t, "ALTER TABLE "+q+" ADD COLUMN oob integer") },
				Config:      whTableConfig(e, sch, tbl, v2, pk+"  comment = \"lines\"\n"),
				ExpectError: acctest.ErrorMatching(`(?s)would\s+drop\s+column\(s\)\s+"oob".*allow_drop_columns\s+=\s+true`),
			},
			{
				Config: whTableConfig(e, sch, tbl, v2, pk+"  comment = \"lines\"\n  allow_drop_columns = true\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if got := liveType("oob"); got != "" {
						return fmt.Errorf("column oob still there (%s)", got)
					}
					return nil
				},
			},
			{
				// numeric -> integer cannot be altered in place: replacement, refused while the table has a row.
				Config:      whTableConfig(e, sch, tbl, v3, pk+"  comment = \"lines\"\n  allow_drop_columns = true\n"),
				ExpectError: acctest.ErrorMatching(`(?s)holds 1 rows\s+and\s+deletion_protection\s+is\s+true.*deletion_protection\s+=\s+false`),
			},
			{
				Config: whTableConfig(e, sch, tbl, v2, pk+"  comment = \"lines\"\n  allow_drop_columns = true\n  deletion_protection = false\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
			},
			{
				Config: whTableConfig(e, sch, tbl, v3, pk+"  comment = \"lines\"\n  allow_drop_columns = true\n  deletion_protection = false\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if got := liveType("qty"); got != "integer" {
						return fmt.Errorf("qty type after replacement = %q", got)
					}
					return nil
				},
			},
			{
				ResourceName: addr, ImportState: true, ImportStateVerify: true,
				ImportStateId: `mart."order ""lines"""`,
				// The configuration spells int8 and varchar(40); import writes the short spelling
				// (bigint, varchar(40)). The types are compared by meaning in ImportStateCheck instead.
				// PostgreSQL has no diststyle or distkey to read: import stores them empty.
				ImportStateVerifyIgnore: []string{"columns.0.type", "columns.1.type", "allow_drop_columns", "deletion_protection", "diststyle", "distkey"},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 {
						return fmt.Errorf("imported %d instances", len(states))
					}
					for i, want := range []string{"int8", "varchar(40)", "integer"} {
						got := states[0].Attributes[fmt.Sprintf("columns.%d.type", i)]
						if !warehouse.TypesEqual(got, want) {
							return fmt.Errorf("imported column %d type %q is not %s", i, got, want)
						}
					}
					return nil
				},
			},
			{
				Config:      whTableConfig(e, sch, tbl, v3, pk+"  comment = \"lines\"\n  allow_drop_columns = true\n  deletion_protection = false\n  diststyle = \"KEY\"\n  distkey = \"id\"\n  strict_redshift = true\n"),
				ExpectError: acctest.ErrorMatching(`(?s)Redshift options on a non-Redshift warehouse`),
			},
			{
				// Without strict_redshift the options are accepted with a warning and not applied.
				Config: whTableConfig(e, sch, tbl, v3, pk+"  comment = \"lines\"\n  allow_drop_columns = true\n  deletion_protection = false\n  diststyle = \"KEY\"\n  distkey = \"id\"\n  sortkeys = [\"id\"]\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccWarehouseTable_protectedDestroy: destroying a table with rows is refused while
// deletion_protection is true (the refusal names the row count), and allowed once it is false.
func TestAccWarehouseTable_protectedDestroy(t *testing.T) {
	e := acctest.NewWarehouse(t)
	cols := []whCol{{name: "id", typ: "int"}, {name: "note", typ: "text"}}
	q := warehouse.QualifiedName("p", "t")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		Steps: []resource.TestStep{
			{
				// A primary key column without nullable is NOT NULL, with no diff.
				Config: whTableConfig(e, "p", "t", cols, "  primary_key = [\"id\"]\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("supplychain_warehouse_table.t", tfjsonpath.New("columns").AtSliceIndex(0).AtMapKey("nullable"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("supplychain_warehouse_table.t", tfjsonpath.New("columns").AtSliceIndex(1).AtMapKey("nullable"), knownvalue.Bool(true)),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Drift on a column whose nullability is not configured: the default (true) is restored.
				PreConfig: func() { e.Exec(t, "ALTER TABLE "+q+" ALTER COLUMN note SET NOT NULL") },
				Config:    whTableConfig(e, "p", "t", cols, "  primary_key = [\"id\"]\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("supplychain_warehouse_table.t", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config:      whTableConfig(e, "p", "t", []whCol{{name: "id", typ: "int", nullable: whBool(true)}}, "  primary_key = [\"id\"]\n"),
				PlanOnly:    true,
				ExpectError: acctest.ErrorMatching(`Nullable primary key column`),
			},
			{Config: whTableConfig(e, "p", "t", cols, "")},
			{
				// Dropped out of band: Read removes it from state and the plan creates it again.
				PreConfig: func() { e.Exec(t, "DROP TABLE "+q) },
				Config:    whTableConfig(e, "p", "t", cols, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("supplychain_warehouse_table.t", plancheck.ResourceActionCreate)},
				},
			},
			{
				PreConfig:   func() { e.Exec(t, "INSERT INTO "+q+" VALUES (1), (2), (3)") },
				Config:      e.Config(""),
				ExpectError: acctest.ErrorMatching(`(?s)holds 3 rows\s+and\s+deletion_protection\s+is\s+true`),
			},
			{Config: whTableConfig(e, "p", "t", cols, "  deletion_protection = false\n")},
			{
				Config: e.Config(""),
				Check:  e.CheckTableGone("p", "t"),
			},
		},
	})
}
