package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The warehouse of a provider run. Configure makes one warehouse.Lazy per run; every warehouse
// resource and data source reaches the warehouse through these two methods, so a run opens one
// pool (at most 4 connections, on first use) and asks the server for its engine once.

// whPool returns the run's warehouse pool for an operation, connecting on first use, or reports
// why it cannot. d may be nil (the provider was not configured).
func (d *providerData) whPool(ctx context.Context, diags *diag.Diagnostics, op string) *pgxpool.Pool {
	if d == nil || d.warehouse == nil {
		addWarehouseNotConfigured(diags, op)
		return nil
	}
	pool, err := d.warehouse.Pool(ctx)
	if err != nil {
		addOpError(diags, op, err)
		return nil
	}
	return pool
}

// whRedshift reports whether the run's warehouse is Redshift (read once per run).
func (d *providerData) whRedshift(ctx context.Context, diags *diag.Diagnostics, op string) (redshift, ok bool) {
	if d == nil || d.warehouse == nil {
		addWarehouseNotConfigured(diags, op)
		return false, false
	}
	r, err := d.warehouse.Redshift(ctx)
	if err != nil {
		addOpError(diags, op, err)
		return false, false
	}
	return r, true
}

// whConfigure stores the provider data of a warehouse resource.
func whConfigure(req resource.ConfigureRequest, resp *resource.ConfigureResponse) *providerData {
	return providerDataFrom(req.ProviderData, &resp.Diagnostics)
}
