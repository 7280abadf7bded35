package warehouse

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Target is one customer's OT / IF / OTIF targets, in percent; nil = no target for that metric.
type Target struct {
	CustomerID int64
	OnTime     *float64
	InFull     *float64
	OTIF       *float64
}

// Targets tables have the star schema's columns: customer_id, ontime_target, infull_target,
// otif_target.
const targetColumns = `customer_id, ontime_target, infull_target, otif_target`

// ReadTargets returns every row of a targets table ordered by customer; found is false when the
// table does not exist.
func ReadTargets(ctx context.Context, q Querier, schema, table string) ([]Target, bool, error) {
	return readRows(ctx, q, `SELECT CAST(customer_id AS BIGINT), CAST(ontime_target AS DOUBLE PRECISION),
		CAST(infull_target AS DOUBLE PRECISION), CAST(otif_target AS DOUBLE PRECISION)
		FROM `+QualifiedName(schema, table)+` ORDER BY 1`,
		func(rows pgx.Rows, t *Target) error { return rows.Scan(&t.CustomerID, &t.OnTime, &t.InFull, &t.OTIF) })
}

// readRows runs a query and scans every row; found is false when the table does not exist.
func readRows[T any](ctx context.Context, q Querier, sql string, scan func(pgx.Rows, *T) error) ([]T, bool, error) {
	rows, err := q.Query(ctx, sql)
	if err != nil {
		if IsNotFound(err) {
			return nil, false, nil
		}
		return nil, false, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var t T
		if err := scan(rows, &t); err != nil {
			return nil, false, err
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		if IsNotFound(err) {
			return nil, false, nil
		}
		return nil, false, err
	}
	return out, true, nil
}

// ClearTargets deletes every row; a missing table is not an error.
func ClearTargets(ctx context.Context, q Querier, schema, table string) error {
	_, err := q.Exec(ctx, "DELETE FROM "+QualifiedName(schema, table))
	if err != nil && IsNotFound(err) {
		return nil
	}
	return err
}

// CityTarget is one city's OT / IF / OTIF targets, in percent; nil = none for that metric.
type CityTarget struct {
	City   string
	OnTime *float64
	InFull *float64
	OTIF   *float64
}

const cityTargetColumns = `city, ontime_target, infull_target, otif_target`

// ReadCityTargets returns every row of a city targets table ordered by city; found is false when
// the table does not exist.
func ReadCityTargets(ctx context.Context, q Querier, schema, table string) ([]CityTarget, bool, error) {
	return readRows(ctx, q, `SELECT CAST(city AS VARCHAR), CAST(ontime_target AS DOUBLE PRECISION),
		CAST(infull_target AS DOUBLE PRECISION), CAST(otif_target AS DOUBLE PRECISION)
		FROM `+QualifiedName(schema, table)+` ORDER BY 1`,
		func(rows pgx.Rows, t *CityTarget) error { return rows.Scan(&t.City, &t.OnTime, &t.InFull, &t.OTIF) })
}

// ReplaceAllTargets makes the customer targets table hold exactly ts and, when cities is not nil,
// the city targets table exactly cities — in one transaction.
func ReplaceAllTargets(ctx context.Context, pool *pgxpool.Pool, schema, table string, ts []Target, cityTable string, cities []CityTarget) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	var rows [][]any
	for _, t := range ts {
		rows = append(rows, []any{t.CustomerID, t.OnTime, t.InFull, t.OTIF})
	}
	if err := replaceRows(ctx, tx, schema, table, targetColumns, rows); err != nil {
		return fmt.Errorf("table %s: %w", QualifiedName(schema, table), err)
	}
	if cities != nil {
		rows = rows[:0]
		for _, c := range cities {
			rows = append(rows, []any{c.City, c.OnTime, c.InFull, c.OTIF})
		}
		if err := replaceRows(ctx, tx, schema, cityTable, cityTargetColumns, rows); err != nil {
			return fmt.Errorf("table %s: %w", QualifiedName(schema, cityTable), err)
		}
	}
	return tx.Commit(ctx)
}

func replaceRows(ctx context.Context, q Querier, schema, table, columns string, rows [][]any) error {
	if _, err := q.Exec(ctx, "DELETE FROM "+QualifiedName(schema, table)); err != nil {
		return err
	}
	for start := 0; start < len(rows); start += 500 {
		end := min(start+500, len(rows))
		var vals []string
		var args []any
		for _, r := range rows[start:end] {
			ph := make([]string, len(r))
			for j := range r {
				args = append(args, r[j])
				ph[j] = fmt.Sprintf("$%d", len(args))
			}
			vals = append(vals, "("+strings.Join(ph, ", ")+")")
		}
		if _, err := q.Exec(ctx, "INSERT INTO "+QualifiedName(schema, table)+" ("+columns+") VALUES "+strings.Join(vals, ", "), args...); err != nil {
			return err
		}
	}
	return nil
}
