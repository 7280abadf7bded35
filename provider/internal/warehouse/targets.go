package warehouse

import (
	"context"
	"fmt"
	"strings"

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
	rows, err := q.Query(ctx, `SELECT CAST(customer_id AS BIGINT), CAST(ontime_target AS DOUBLE PRECISION),
		CAST(infull_target AS DOUBLE PRECISION), CAST(otif_target AS DOUBLE PRECISION)
		FROM `+QualifiedName(schema, table)+` ORDER BY 1`)
	if err != nil {
		if IsNotFound(err) {
			return nil, false, nil
		}
		return nil, false, err
	}
	defer rows.Close()
	var out []Target
	for rows.Next() {
		var t Target
		if err := rows.Scan(&t.CustomerID, &t.OnTime, &t.InFull, &t.OTIF); err != nil {
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

// ReplaceTargets makes the table hold exactly ts, in one transaction.
func ReplaceTargets(ctx context.Context, pool *pgxpool.Pool, schema, table string, ts []Target) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, "DELETE FROM "+QualifiedName(schema, table)); err != nil {
		return err
	}
	for start := 0; start < len(ts); start += 500 {
		end := min(start+500, len(ts))
		var vals []string
		var args []any
		for i, t := range ts[start:end] {
			n := i * 4
			vals = append(vals, fmt.Sprintf("($%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4))
			args = append(args, t.CustomerID, t.OnTime, t.InFull, t.OTIF)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO "+QualifiedName(schema, table)+" ("+targetColumns+") VALUES "+
			strings.Join(vals, ", "), args...); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}

// ClearTargets deletes every row; a missing table is not an error.
func ClearTargets(ctx context.Context, q Querier, schema, table string) error {
	_, err := q.Exec(ctx, "DELETE FROM "+QualifiedName(schema, table))
	if err != nil && IsNotFound(err) {
		return nil
	}
	return err
}
