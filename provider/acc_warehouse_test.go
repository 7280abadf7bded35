package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/nexabrands/supplychain/provider/internal/acctest"
	"github.com/nexabrands/supplychain/provider/internal/warehouse"
	"github.com/nexabrands/supplychain/tools/devenv/localenv"
)

// TestAccWarehouse_unreachableKeepsPasswordSecret: a warehouse that cannot be reached gives a
// diagnostic naming the operation, the object and the address, without the password.
func TestAccWarehouse_unreachableKeepsPasswordSecret(t *testing.T) {
	acctest.PreCheck(t)
	port, err := localenv.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	const secret = "pa55-Do-Not-Print"
	cfg := fmt.Sprintf(`
provider "supplychain" {
  warehouse {
    host     = "127.0.0.1"
    port     = %d
    database = "db"
    username = "u"
    password = %q
    sslmode  = "disable"
  }
}
resource "supplychain_warehouse_schema" "s" {
  name = "s"
}
`, port, secret)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		ErrorCheck: func(err error) error {
			if err == nil {
				return fmt.Errorf("apply against a closed port succeeded")
			}
			if strings.Contains(err.Error(), secret) {
				return fmt.Errorf("the diagnostic leaks the password: %v", err)
			}
			want := fmt.Sprintf("creating warehouse schema \"s\": connecting to the warehouse at 127.0.0.1:%d/db", port)
			if !strings.Contains(strings.Join(strings.Fields(err.Error()), " "), want) {
				return fmt.Errorf("diagnostic does not name the operation and address (%q): %v", want, err)
			}
			return nil
		},
		Steps: []resource.TestStep{{Config: cfg}},
	})
}

// TestAccWarehouse_literalsWithNonStandardStrings: on a database where
// standard_conforming_strings is off (a per-database setting any owner can make), a backslash
// in a comment must not end the string literal. Every comment the provider writes (schema,
// table, column, and the spec a KPI view keeps in its comment) and every target value reach
// the server verbatim; the statement hidden in them is never run.
func TestAccWarehouse_literalsWithNonStandardStrings(t *testing.T) {
	e := acctest.NewWarehouse(t)
	const hostile = `\'; DROP TABLE victim.keep; --`
	const trailing = `ends with a backslash \`
	star := `star\schema` // the view's spec (JSON in its comment) then holds backslashes too
	e.Exec(t, `CREATE SCHEMA victim`, `CREATE TABLE victim.keep (x int)`, `INSERT INTO victim.keep VALUES (1)`)
	whStarSchema(t, e, star)
	e.Exec(t, "ALTER DATABASE "+warehouse.Quote(e.Database)+" SET standard_conforming_strings = off")
	cfg := e.Config(fmt.Sprintf(`
resource "supplychain_warehouse_schema" "s" {
  name    = "mart"
  comment = %[1]s
}

resource "supplychain_warehouse_table" "t" {
  schema              = supplychain_warehouse_schema.s.name
  name                = "t"
  comment             = %[2]s
  columns             = [{ name = "c", type = "int", comment = %[1]s }]
  deletion_protection = false
}

resource "supplychain_kpi_view" "v" {
  schema     = %[3]s
  name       = "kpi_by_city"
  metrics    = ["otif"]
  dimensions = ["city"]
}

resource "supplychain_kpi_targets" "tg" {
  schema       = %[3]s
  targets      = [{ customer_id = 789201, ontime = 80 }]
  city_targets = [{ city = %[1]s, ontime = 90 }]
}
`, acctest.HCLString(hostile), acctest.HCLString(trailing), acctest.HCLString(star)))
	check := func(*terraform.State) error {
		if n := e.Count(t, "SELECT count(*) FROM pg_tables WHERE schemaname = 'victim' AND tablename = 'keep'"); n != 1 {
			return fmt.Errorf("victim.keep was dropped: a comment was executed as SQL")
		}
		for what, q := range map[string]string{
			"schema comment": "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'mart'",
			"column comment": "SELECT col_description('mart.t'::regclass, 1)",
			"city target":    "SELECT city FROM " + warehouse.QualifiedName(star, "dim_city_targets"),
		} {
			if got := e.QueryString(t, q); got != hostile {
				return fmt.Errorf("%s = %q, want %q", what, got, hostile)
			}
		}
		if got := e.QueryString(t, "SELECT obj_description('mart.t'::regclass, 'pg_class')"); got != trailing {
			return fmt.Errorf("table comment = %q, want %q", got, trailing)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: cfg,
			Check:  check,
			// The view's spec is read back from its comment: a mangled comment would show as a
			// change or a read error here.
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// whStackVariables are the reference warehouse stack's variables for the test's database.
func whStackVariables(e *acctest.Warehouse) config.Variables {
	return config.Variables{
		"warehouse_host":     config.StringVariable(e.Host),
		"warehouse_port":     config.IntegerVariable(e.Port),
		"warehouse_database": config.StringVariable(e.Database),
		"warehouse_username": config.StringVariable(e.User),
		"warehouse_sslmode":  config.StringVariable("disable"),
		"customer_targets": config.ListVariable(
			config.ObjectVariable(map[string]config.Variable{
				"customer_id": config.IntegerVariable(789201), "ontime": config.FloatVariable(85.0),
				"infull": config.FloatVariable(80.0), "otif": config.FloatVariable(70.0),
			}),
			config.ObjectVariable(map[string]config.Variable{
				"customer_id": config.IntegerVariable(789202), "otif": config.FloatVariable(65.5),
			}),
		),
	}
}

// whStackFiles are the warehouse half of the reference stack (stacks/nexabrands): the star
// schema, the targets and the KPI views, with their variables. The lake, the Glue jobs and the
// OTIF checks are left out: these tests run PostgreSQL only, and the checks' scorecard reads
// would add data sources to every import step (stacks/nexabrands has the test of the whole
// stack, checks included, with its empty plan).
var whStackFiles = []string{"warehouse.tf", "targets.tf", "kpi_views.tf", "variables_warehouse.tf", "targets.json"}

const whStackSrc = "../stacks/nexabrands"

// whStack copies the warehouse half of the stack into a temporary directory with a provider
// block of its own (the stack's also configures S3), without output blocks when noOutputs.
func whStack(t *testing.T, noOutputs bool) string {
	t.Helper()
	dir := t.TempDir()
	output := regexp.MustCompile(`(?ms)^output "[^"]*" \{.*?^\}\n?`)
	for _, f := range whStackFiles {
		b, err := os.ReadFile(filepath.Join(whStackSrc, f))
		if err != nil {
			t.Fatalf("reading the stack: %v", err)
		}
		if noOutputs {
			b = output.ReplaceAll(b, nil)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	const provider = `terraform {
  required_providers {
    supplychain = {
      source = "nexabrands/supplychain"
    }
  }
}

provider "supplychain" {
  warehouse {
    host     = var.warehouse_host
    port     = var.warehouse_port
    database = var.warehouse_database
    username = var.warehouse_username
    password = var.warehouse_password
    sslmode  = var.warehouse_sslmode
  }
}
`
	if err := os.WriteFile(filepath.Join(dir, "provider.tf"), []byte(provider), 0o600); err != nil {
		t.Fatal(err)
	}
	if !noOutputs {
		const out = `output "refresh_after_load" {
  value = supplychain_kpi_view.city_customer_month.refresh_command
}
`
		if err := os.WriteFile(filepath.Join(dir, "outputs.tf"), []byte(out), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestAccWarehouseStack_destroyAfterApply: the reference stack is destroyed right after apply —
// the targets resource deletes its own rows before the targets table is dropped, so they do not
// hold the table — while a table holding rows nobody else deletes is still refused.
func TestAccWarehouseStack_destroyAfterApply(t *testing.T) {
	e := acctest.NewWarehouse(t)
	dir := config.StaticDirectory(whStack(t, false))
	vars := whStackVariables(e)
	factories := acctest.ProtoV6ProviderFactories(t)
	// The stack has its own provider block and requires nexabrands/supplychain: the factories
	// are given per step, and the in-process provider is attached under that address.
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "nexabrands")
	resource.Test(t, resource.TestCase{
		PreCheck: func() { acctest.PreCheck(t) },
		CheckDestroy: func(*terraform.State) error {
			if n := e.Count(t, "SELECT count(*) FROM pg_namespace WHERE nspname = 'nexabrands'"); n != 0 {
				return fmt.Errorf("schema nexabrands still exists after destroy")
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: factories, ConfigDirectory: dir, ConfigVariables: vars,
				Check: func(*terraform.State) error {
					if n := e.Count(t, "SELECT count(*) FROM nexabrands.dim_customer_targets"); n != 2 {
						return fmt.Errorf("%d target rows written, want 2", n)
					}
					return nil
				},
			},
			{ProtoV6ProviderFactories: factories, ConfigDirectory: dir, ConfigVariables: vars, Destroy: true},
			{ProtoV6ProviderFactories: factories, ConfigDirectory: dir, ConfigVariables: vars},
			{
				// A row the stack did not write keeps its table (and the schema) alive.
				PreConfig: func() {
					e.Exec(t, `INSERT INTO nexabrands.fact_orders VALUES ('FMR1', 789201, DATE '2022-03-01', 1, 1, 1)`)
				},
				ProtoV6ProviderFactories: factories, ConfigDirectory: dir, ConfigVariables: vars, Destroy: true,
				ExpectError: acctest.ErrorMatching(`(?s)warehouse table "nexabrands"."fact_orders".*holds 1 rows.*deletion_protection`),
			},
			{
				PreConfig: func() {
					if n := e.Count(t, "SELECT count(*) FROM nexabrands.fact_orders"); n != 1 {
						t.Errorf("the refused destroy left %d rows in fact_orders, want 1", n)
					}
					e.Exec(t, `DELETE FROM nexabrands.fact_orders`)
				},
				ProtoV6ProviderFactories: factories, ConfigDirectory: dir, ConfigVariables: vars,
			},
		},
	})
}

// TestAccWarehouse_sslmodeNamed: sslmode = require against a server without TLS gives a
// diagnostic that names the setting, not only the driver's "server refused TLS connection".
func TestAccWarehouse_sslmodeNamed(t *testing.T) {
	e := acctest.NewWarehouse(t)
	cfg := strings.Replace(e.Config(`
resource "supplychain_warehouse_schema" "s" {
  name = "s"
}
`), `sslmode  = "disable"`, `sslmode  = "require"`, 1)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config:      cfg,
			ExpectError: acctest.ErrorMatching(`(?s)creating warehouse schema "s".*sslmode\s+=\s+"require".*server refused TLS connection`),
		}},
	})
}

// TestAccWarehouseStack_importIsEmptyPlan: every resource of the reference stack, imported by
// its id, plans no change (an import block through the CLI, which fails on any action but a
// no-op) and reads back what was created (ImportStateVerify). PostgreSQL has no diststyle,
// distkey or sortkeys to read, so those Redshift-only options are the one difference the
// verify step is told to ignore; the no-op plan shows they cause no change.
func TestAccWarehouseStack_importIsEmptyPlan(t *testing.T) {
	e := acctest.NewWarehouse(t)
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "nexabrands")
	dir := config.StaticDirectory(whStack(t, false))
	vars := whStackVariables(e)
	factories := acctest.ProtoV6ProviderFactories(t)
	step := func(s resource.TestStep) resource.TestStep {
		s.ProtoV6ProviderFactories, s.ConfigDirectory, s.ConfigVariables = factories, dir, vars
		return s
	}
	steps := []resource.TestStep{step(resource.TestStep{})}
	// `terraform import` leaves outputs unset, which the test framework cannot read back: the
	// import command runs on a copy of the stack without its output.
	noOutputs := config.StaticDirectory(whStack(t, true))
	imports := map[string]string{
		"supplychain_warehouse_schema.nexabrands": "nexabrands",
		"supplychain_kpi_targets.customers":       "nexabrands.dim_customer_targets.dim_city_targets",
	}
	for _, tbl := range []string{"dim_customers", "dim_products", "dim_dates", "dim_customer_targets", "dim_city_targets", "fact_orders", "fact_order_lines"} {
		imports["supplychain_warehouse_table."+tbl] = "nexabrands." + tbl
	}
	for _, v := range []string{"overall", "by_city", "by_customer", "daily", "daily_by_city", "by_category",
		"daily_by_customer", "monthly_by_city", "monthly_by_customer", "city_customer_month"} {
		imports["supplychain_kpi_view."+v] = "nexabrands.kpi_" + v
	}
	addrs := make([]string, 0, len(imports))
	for a := range imports {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	for _, a := range addrs {
		steps = append(steps, step(resource.TestStep{
			ResourceName: a, ImportState: true, ImportStateId: imports[a], ImportStateKind: resource.ImportBlockWithID,
		}))
		s := step(resource.TestStep{ResourceName: a, ImportState: true, ImportStateId: imports[a], ImportStateVerify: true})
		s.ConfigDirectory = noOutputs
		if strings.HasPrefix(a, "supplychain_warehouse_table.") {
			s.ImportStateVerifyIgnore = []string{"diststyle", "distkey", "sortkeys"}
		}
		steps = append(steps, s)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:     func() { acctest.PreCheck(t) },
		CheckDestroy: e.CheckSchemaGone("nexabrands"),
		Steps:        steps,
	})
}

// TestAccWarehouse_dropErrorsKeepTheirCause: a schema or view drop that fails for a reason
// other than dependent objects (here: the database is read-only) reports that reason, without
// the "still holds objects" / "other views depend on it" advice meant for SQLSTATE 2BP01.
func TestAccWarehouse_dropErrorsKeepTheirCause(t *testing.T) {
	e := acctest.NewWarehouse(t)
	whStarSchema(t, e, "mart")
	cfg := e.Config(`
resource "supplychain_warehouse_schema" "s" {
  name = "other"
}

resource "supplychain_kpi_view" "v" {
  schema  = "mart"
  name    = "kpi_overall"
  metrics = ["ot"]
}
`)
	readOnly := func(on bool) {
		v := "RESET default_transaction_read_only"
		if on {
			v = "SET default_transaction_read_only = on"
		}
		// One simple query, so the ALTER runs read-write even on a connection opened read-only.
		e.Exec(t, "BEGIN READ WRITE; ALTER DATABASE "+warehouse.Quote(e.Database)+" "+v+"; COMMIT")
	}
	var failed bool
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		ErrorCheck: func(err error) error {
			msg := strings.Join(strings.Fields(err.Error()), " ")
			for _, want := range []string{`dropping warehouse schema "other"`, `dropping KPI view "mart"."kpi_overall"`} {
				if !strings.Contains(msg, want) || !strings.Contains(msg, "read-only transaction") {
					return err
				}
			}
			if strings.Contains(msg, "still holds objects") || strings.Contains(msg, "other views depend on it") {
				return fmt.Errorf("a read-only failure is blamed on dependent objects: %w", err)
			}
			failed = true
			return nil
		},
		Steps: []resource.TestStep{
			{Config: cfg},
			{PreConfig: func() { readOnly(true) }, Config: e.Config("")},
			{
				PreConfig: func() {
					readOnly(false)
					if !failed {
						t.Error("the drops on a read-only database did not fail")
					}
				},
				Config: e.Config(""),
			},
		},
	})
}
