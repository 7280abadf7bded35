package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/nexabrands/supplychain/tools/devenv/localenv"
	"github.com/nexabrands/supplychain/tools/sampledata/dataset"
)

// warehouseFiles are the warehouse half of stacks/nexabrands: the star schema, the targets, the
// KPI views and their variables. The lake and the check blocks are left out (this demo runs
// PostgreSQL only; `make demo` applies the whole stack).
var warehouseFiles = []string{"warehouse.tf", "targets.tf", "kpi_views.tf", "variables_warehouse.tf", "targets.json"}

// warehouseProvider replaces the stack's provider block, which also configures S3.
const warehouseProvider = `terraform {
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

output "refresh_after_load" {
  value = supplychain_kpi_view.city_customer_month.refresh_command
}
`

// cmdDemo applies the stack's warehouse half through Terraform with the provider built from this
// checkout, loads the cleaned sample, prints the scorecard and writes the HTML page. Run it from the
// repository root.
func cmdDemo(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ExitOnError)
	out := fs.String("out", "dist/warehouse-demo", "directory for the Terraform working copy, state and scorecard.html")
	tf := fs.String("terraform", ".tools/bin/terraform", "Terraform (or OpenTofu) binary")
	dsnFlag := fs.String("dsn", "", "PostgreSQL URL; without it (and without $DATABASE_URL) a throwaway local server is used")
	stack := fs.String("stack", "stacks/nexabrands", "the stack whose warehouse half (warehouseFiles) is applied")
	raw := fs.String("raw", defaultRaw, "directory of the raw Nexabrands files")
	_ = fs.Parse(args)

	outDir, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	tfBin, err := filepath.Abs(*tf)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	dsn := dsnFrom(*dsnFlag)
	if dsn == "" && os.Getenv("PGHOST") == "" {
		fmt.Println("starting a throwaway PostgreSQL server…")
		pg, err := localenv.StartPostgres(ctx)
		if err != nil {
			return err
		}
		defer func() {
			if err := pg.Stop(); err != nil {
				fmt.Fprintf(os.Stderr, "stopping PostgreSQL: %v\n", err)
			}
		}()
		db, err := pg.CreateDatabase(ctx, "nexabrands_demo")
		if err != nil {
			return err
		}
		dsn = pg.DSN(db)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return fmt.Errorf("reading the connection settings: %w", err)
	}
	sslmode := os.Getenv("PGSSLMODE")
	if u, err := url.Parse(dsn); err == nil && u.Query().Get("sslmode") != "" {
		sslmode = u.Query().Get("sslmode")
	}
	if sslmode == "" {
		sslmode = "require"
	}

	// 1. The provider from this checkout, through a dev override.
	pluginDir := filepath.Join(outDir, "plugins")
	fmt.Println("building the provider…")
	build := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(pluginDir, "terraform-provider-supplychain"), ".")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building the provider: %w", err)
	}
	rc := filepath.Join(outDir, "terraform.rc")
	if err := os.WriteFile(rc, []byte(fmt.Sprintf(`disable_checkpoint = true
provider_installation {
  dev_overrides {
    "nexabrands/supplychain" = %q
    "registry.opentofu.org/nexabrands/supplychain" = %q
  }
  direct {}
}
`, pluginDir, pluginDir)), 0o644); err != nil {
		return err
	}

	// 2. A working copy of the stack, the cleaned targets as variables.
	work := filepath.Join(outDir, "stack")
	if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	for _, f := range warehouseFiles {
		b, err := os.ReadFile(filepath.Join(*stack, f))
		if err != nil {
			return fmt.Errorf("reading the stack's warehouse half (run from the repository root): %w", err)
		}
		if err := os.WriteFile(filepath.Join(work, f), b, 0o644); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(work, "provider.tf"), []byte(warehouseProvider), 0o644); err != nil {
		return err
	}
	ds, report, err := dataset.Clean(*raw)
	if err != nil {
		return err
	}
	report.Write(os.Stdout)
	if err := writeTargetsJSON(filepath.Join(work, "targets.auto.tfvars.json"), ds.Targets); err != nil {
		return err
	}

	// 3. terraform apply. The password goes through the environment, never the command line.
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1",
		"TF_VAR_warehouse_host="+cfg.Host, "TF_VAR_warehouse_port="+strconv.Itoa(int(cfg.Port)),
		"TF_VAR_warehouse_database="+cfg.Database, "TF_VAR_warehouse_username="+cfg.User,
		"TF_VAR_warehouse_password="+cfg.Password, "TF_VAR_warehouse_sslmode="+sslmode)
	fmt.Println("\nterraform apply (stack " + *stack + ")…")
	apply := exec.CommandContext(ctx, tfBin, "apply", "-auto-approve", "-input=false", "-no-color")
	apply.Dir, apply.Env = work, env
	var applyOut strings.Builder
	apply.Stdout, apply.Stderr = &applyOut, &applyOut
	if err := apply.Run(); err != nil {
		fmt.Print(applyOut.String())
		return fmt.Errorf("terraform apply: %w", err)
	}
	for _, l := range strings.Split(applyOut.String(), "\n") {
		if strings.Contains(l, "Creation complete") || strings.HasPrefix(l, "Apply complete") {
			fmt.Println("  " + l)
		}
	}

	// 4. Load, refresh, score.
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connecting to the warehouse: %w", err)
	}
	defer conn.Close(ctx)
	schema := "nexabrands"
	st, err := dataset.Load(ctx, conn, schema, ds, dataset.LoadOptions{Targets: false})
	if err != nil {
		return err
	}
	fmt.Printf("\nloaded %d orders and %d order lines into %s (targets written by supplychain_kpi_targets)\n", st.Orders, st.Lines, schema)
	if err := refreshMaterialized(ctx, conn, schema); err != nil {
		return err
	}
	// The stack must be stable: a second plan, after the load, shows no changes.
	plan := exec.CommandContext(ctx, tfBin, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	plan.Dir, plan.Env = work, env
	planOut, err := plan.CombinedOutput()
	if err != nil {
		fmt.Print(string(planOut))
		return fmt.Errorf("second terraform plan is not empty or failed: %w", err)
	}
	fmt.Println("second terraform plan: no changes")
	return scorecard(ctx, conn, schema, filepath.Join(outDir, "scorecard.html"))
}
