package provider

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nexabrands/supplychain/provider/internal/warehouse"
)

// Helpers shared by the warehouse and KPI resources. The connection itself is the provider
// run's (providerData.whPool, provider_data_warehouse.go).

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
