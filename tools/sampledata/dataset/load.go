package dataset

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

func ident(parts ...string) string { return pgx.Identifier(parts).Sanitize() }

// CreateStarSchemaSQL returns the DDL of the star schema in schema (used by tests and benchmarks
// that run without Terraform; the stack declares the same tables as resources).
func CreateStarSchemaSQL(schema string) []string {
	out := []string{"CREATE SCHEMA IF NOT EXISTS " + ident(schema)}
	for _, t := range StarSchema {
		var defs []string
		for _, c := range t.Columns {
			d := ident(c.Name) + " " + c.Type
			if !c.Nullable {
				d += " NOT NULL"
			}
			defs = append(defs, d)
		}
		var pk []string
		for _, k := range t.PrimaryKey {
			pk = append(pk, ident(k))
		}
		defs = append(defs, "PRIMARY KEY ("+strings.Join(pk, ", ")+")")
		out = append(out, "CREATE TABLE "+ident(schema, t.Name)+" ("+strings.Join(defs, ", ")+")")
	}
	return out
}

// LoadOptions choose what Load writes.
type LoadOptions struct {
	// Targets writes dim_customer_targets too. Off when the targets are managed by the
	// supplychain_kpi_targets resource.
	Targets bool
}

// LoadStats counts the rows written.
type LoadStats struct {
	Customers, Products, Dates, Targets, Orders, Lines int64
	Elapsed                                            time.Duration
}

// Load replaces the contents of the star schema's tables in schema with ds, in one transaction,
// using COPY (PostgreSQL; on Redshift the lake's files are loaded with COPY from S3 instead).
func Load(ctx context.Context, conn *pgx.Conn, schema string, ds Dataset, opts LoadOptions) (LoadStats, error) {
	start := time.Now()
	var st LoadStats
	tx, err := conn.Begin(ctx)
	if err != nil {
		return st, err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	tables := []string{"fact_order_lines", "fact_orders", "dim_dates", "dim_products", "dim_customers"}
	if opts.Targets {
		tables = append(tables, "dim_customer_targets", "dim_city_targets")
	}
	for _, t := range tables {
		if _, err := tx.Exec(ctx, "DELETE FROM "+ident(schema, t)); err != nil {
			return st, fmt.Errorf("emptying %s.%s: %w", schema, t, err)
		}
	}
	cp := func(table string, cols []string, rows [][]any) (int64, error) {
		n, err := tx.CopyFrom(ctx, pgx.Identifier{schema, table}, cols, pgx.CopyFromRows(rows))
		if err != nil {
			return n, fmt.Errorf("loading %s.%s: %w", schema, table, err)
		}
		return n, nil
	}
	rows := make([][]any, 0, len(ds.Customers))
	for _, c := range ds.Customers {
		rows = append(rows, []any{c.ID, c.Name, c.City})
	}
	if st.Customers, err = cp("dim_customers", []string{"customer_id", "customer_name", "city"}, rows); err != nil {
		return st, err
	}
	rows = rows[:0]
	for _, p := range ds.Products {
		rows = append(rows, []any{p.ID, p.Name, p.Category})
	}
	if st.Products, err = cp("dim_products", []string{"product_id", "product_name", "category"}, rows); err != nil {
		return st, err
	}
	if opts.Targets {
		rows = rows[:0]
		for _, t := range ds.Targets {
			rows = append(rows, []any{t.CustomerID, t.OnTime, t.InFull, t.OTIF})
		}
		if st.Targets, err = cp("dim_customer_targets", []string{"customer_id", "ontime_target", "infull_target", "otif_target"}, rows); err != nil {
			return st, err
		}
		rows = rows[:0]
		for _, t := range ds.Cities {
			rows = append(rows, []any{t.City, t.OnTime, t.InFull, t.OTIF})
		}
		if _, err = cp("dim_city_targets", []string{"city", "ontime_target", "infull_target", "otif_target"}, rows); err != nil {
			return st, err
		}
	}
	if st.Dates, err = cp("dim_dates", []string{"date", "month", "week", "quarter", "year"}, dateRows(ds)); err != nil {
		return st, err
	}
	if st.Orders, err = tx.CopyFrom(ctx, pgx.Identifier{schema, "fact_orders"},
		[]string{"order_id", "customer_id", "order_placement_date", "on_time", "in_full", "otif"},
		pgx.CopyFromSlice(len(ds.Orders), func(i int) ([]any, error) {
			o := ds.Orders[i]
			return []any{o.ID, o.CustomerID, o.Placed, o.OnTime, o.InFull, o.OTIF}, nil
		})); err != nil {
		return st, fmt.Errorf("loading %s.fact_orders: %w", schema, err)
	}
	if st.Lines, err = tx.CopyFrom(ctx, pgx.Identifier{schema, "fact_order_lines"},
		[]string{"order_id", "product_id", "customer_id", "order_placement_date", "order_qty", "agreed_delivery_date", "actual_delivery_date", "delivery_qty"},
		pgx.CopyFromSlice(len(ds.Lines), func(i int) ([]any, error) {
			l := ds.Lines[i]
			return []any{l.OrderID, l.ProductID, l.CustomerID, l.Placed, l.OrderQty, l.Agreed, l.Actual, l.DeliveryQty}, nil
		})); err != nil {
		return st, fmt.Errorf("loading %s.fact_order_lines: %w", schema, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return st, err
	}
	st.Elapsed = time.Since(start)
	return st, nil
}

// dateRows covers every day from the earliest to the latest date in ds.
func dateRows(ds Dataset) [][]any {
	var lo, hi time.Time
	see := func(d time.Time) {
		if lo.IsZero() || d.Before(lo) {
			lo = d
		}
		if d.After(hi) {
			hi = d
		}
	}
	for _, o := range ds.Orders {
		see(o.Placed)
	}
	for _, l := range ds.Lines {
		see(l.Agreed)
		see(l.Actual)
	}
	var rows [][]any
	if lo.IsZero() {
		return rows
	}
	for d := lo; !d.After(hi); d = d.AddDate(0, 0, 1) {
		month := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		week := d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)) // ISO week: Monday
		quarter := time.Date(d.Year(), time.Month((int(d.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
		rows = append(rows, []any{d, month, week, quarter, int32(d.Year())})
	}
	return rows
}

// ReadBack reads the star schema's rows from the warehouse, for checks that must start from what
// was loaded rather than from what was meant to be loaded.
func ReadBack(ctx context.Context, conn *pgx.Conn, schema string) (Dataset, error) {
	var ds Dataset
	rows, err := conn.Query(ctx, "SELECT customer_id, customer_name, city FROM "+ident(schema, "dim_customers"))
	if err != nil {
		return ds, err
	}
	ds.Customers, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Customer, error) {
		var c Customer
		return c, r.Scan(&c.ID, &c.Name, &c.City)
	})
	if err != nil {
		return ds, err
	}
	rows, err = conn.Query(ctx, "SELECT customer_id, CAST(ontime_target AS float8), CAST(infull_target AS float8), CAST(otif_target AS float8) FROM "+ident(schema, "dim_customer_targets"))
	if err != nil {
		return ds, err
	}
	ds.Targets, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Target, error) {
		var t Target
		return t, r.Scan(&t.CustomerID, &t.OnTime, &t.InFull, &t.OTIF)
	})
	if err != nil {
		return ds, err
	}
	rows, err = conn.Query(ctx, "SELECT city, CAST(ontime_target AS float8), CAST(infull_target AS float8), CAST(otif_target AS float8) FROM "+ident(schema, "dim_city_targets"))
	if err != nil {
		return ds, err
	}
	ds.Cities, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (CityTarget, error) {
		var t CityTarget
		return t, r.Scan(&t.City, &t.OnTime, &t.InFull, &t.OTIF)
	})
	if err != nil {
		return ds, err
	}
	rows, err = conn.Query(ctx, "SELECT order_id, customer_id, order_placement_date, on_time, in_full, otif FROM "+ident(schema, "fact_orders"))
	if err != nil {
		return ds, err
	}
	ds.Orders, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Order, error) {
		var o Order
		return o, r.Scan(&o.ID, &o.CustomerID, &o.Placed, &o.OnTime, &o.InFull, &o.OTIF)
	})
	if err != nil {
		return ds, err
	}
	rows, err = conn.Query(ctx, "SELECT order_id, product_id, customer_id, order_placement_date, order_qty, agreed_delivery_date, actual_delivery_date, delivery_qty FROM "+ident(schema, "fact_order_lines"))
	if err != nil {
		return ds, err
	}
	ds.Lines, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Line, error) {
		var l Line
		return l, r.Scan(&l.OrderID, &l.ProductID, &l.CustomerID, &l.Placed, &l.OrderQty, &l.Agreed, &l.Actual, &l.DeliveryQty)
	})
	return ds, err
}
