package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nexabrands/supplychain/provider/internal/warehouse"
)

// Helpers shared by the warehouse and KPI resources.

// whConfigure stores the provider data of a warehouse resource.
func whConfigure(req resource.ConfigureRequest, resp *resource.ConfigureResponse) *providerData {
	return providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// whPool opens the warehouse connection for an operation, or explains why it cannot.
func whPool(ctx context.Context, d *providerData, diags *diag.Diagnostics, op string) *pgxpool.Pool {
	if d == nil || d.warehouse == nil {
		diags.AddError("Warehouse not configured",
			fmt.Sprintf("%s needs the provider's `warehouse` block (host, port, database, username, password).", op))
		return nil
	}
	pool, err := d.warehouse.Pool(ctx)
	if err != nil {
		whError(diags, op, err)
		return nil
	}
	return pool
}

// whEngine reports whether the warehouse is Redshift.
func whEngine(ctx context.Context, pool *pgxpool.Pool, diags *diag.Diagnostics, op string) (redshift bool, ok bool) {
	r, err := warehouse.IsRedshift(ctx, pool)
	if err != nil {
		whError(diags, op, err)
		return false, false
	}
	return r, true
}

// whError reports a failed operation: it names the operation and the object and ends with the
// original error. The connection error never carries the password (warehouse.Config.Address).
func whError(diags *diag.Diagnostics, op string, err error) {
	diags.AddError("Warehouse operation failed", fmt.Sprintf("%s: %s", op, err))
}

// whExec runs statements in one transaction.
func whExec(ctx context.Context, pool *pgxpool.Pool, stmts []string) error {
	return warehouse.InTx(ctx, pool, stmts...)
}

func whNullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
