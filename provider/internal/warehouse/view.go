package warehouse

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// View is a plain or materialised view.
type View struct {
	Schema       string
	Name         string
	SQL          string // the SELECT
	Comment      string
	Materialized bool
}

func (v View) qname() string { return QualifiedName(v.Schema, v.Name) }

func (v View) kind() string {
	if v.Materialized {
		return "MATERIALIZED VIEW"
	}
	return "VIEW"
}

// CreateViewSQL returns the statements that create v; orReplace uses CREATE OR REPLACE (plain
// views only: neither engine has CREATE OR REPLACE MATERIALIZED VIEW).
func CreateViewSQL(v View, orReplace, redshift bool) []string {
	create := "CREATE "
	if orReplace && !v.Materialized {
		create += "OR REPLACE "
	}
	out := []string{create + v.kind() + " " + v.qname() + " AS\n" + v.SQL}
	if v.Comment != "" {
		// PostgreSQL names the kind; Redshift comments on any view as VIEW.
		kind := v.kind()
		if redshift {
			kind = "VIEW"
		}
		out = append(out, "COMMENT ON "+kind+" "+v.qname()+" IS "+Literal(v.Comment, redshift))
	}
	return out
}

// DropViewSQL drops a view (RESTRICT: a view others depend on is not dropped silently).
func DropViewSQL(schema, name string, materialized bool) string {
	return "DROP " + View{Materialized: materialized}.kind() + " IF EXISTS " + QualifiedName(schema, name)
}

// RefreshSQL is the statement that refreshes a materialised view.
func RefreshSQL(schema, name string) string {
	return "REFRESH MATERIALIZED VIEW " + QualifiedName(schema, name)
}

// LiveView is a view as the catalog shows it.
type LiveView struct {
	OID          uint32
	Definition   string // pg_get_viewdef
	Materialized bool
	Comment      string
}

// ReadView introspects a view; found is false when no view or materialised view has that name.
func ReadView(ctx context.Context, q Querier, schema, name string) (v LiveView, found bool, err error) {
	var kind string
	var comment *string
	err = q.QueryRow(ctx, `SELECT c.oid, c.relkind::text, pg_get_viewdef(c.oid, true), obj_description(c.oid, 'pg_class')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('v', 'm')`, schema, name).
		Scan(&v.OID, &kind, &v.Definition, &comment)
	if errors.Is(err, pgx.ErrNoRows) {
		return LiveView{}, false, nil
	}
	if err != nil {
		return LiveView{}, false, err
	}
	v.Materialized = kind == "m"
	if comment != nil {
		v.Comment = *comment
	}
	return v, true, nil
}

// NormalizeViewDef makes two renderings of one definition compare equal: whitespace runs become
// one space (none next to parentheses and commas), text outside quotes is lower-cased, and a
// trailing semicolon is dropped. Quoted identifiers and string literals are kept as they are.
func NormalizeViewDef(def string) string {
	var b strings.Builder
	space := false
	var quote byte
	for i := 0; i < len(def); i++ {
		c := def[i]
		if quote != 0 {
			b.WriteByte(c)
			if c == quote {
				quote = 0
			}
			continue
		}
		switch c {
		case '"', '\'':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			quote = c
			b.WriteByte(c)
		case ' ', '\t', '\n', '\r':
			space = true
		case '(', ')', ',':
			space = false
			b.WriteByte(c)
		default:
			if space && b.Len() > 0 {
				if last := lastByte(&b); last != '(' && last != ',' {
					b.WriteByte(' ')
				}
			}
			space = false
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
		}
	}
	return strings.TrimSuffix(strings.TrimSpace(b.String()), ";")
}

type dependent struct {
	oid          uint32
	schema, name string
	materialized bool
	definition   string
	comment      string
	depth        int
}

// dependents lists the views (plain and materialised) that depend on the relation oid, directly or
// through other views, deepest last, so that creating them in order works.
func dependents(ctx context.Context, q Querier, oid uint32) ([]dependent, error) {
	found := map[uint32]*dependent{}
	var walk func(uint32, int) error
	walk = func(id uint32, depth int) error {
		rows, err := q.Query(ctx, `SELECT DISTINCT dv.oid, dn.nspname, dv.relname, dv.relkind::text,
				pg_get_viewdef(dv.oid, true), obj_description(dv.oid, 'pg_class')
			FROM pg_depend d
			JOIN pg_rewrite r ON r.oid = d.objid
			JOIN pg_class dv ON dv.oid = r.ev_class
			JOIN pg_namespace dn ON dn.oid = dv.relnamespace
			WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = $1 AND dv.oid <> $1`, id)
		if err != nil {
			return err
		}
		var next []dependent
		for rows.Next() {
			var d dependent
			var kind string
			var comment *string
			if err := rows.Scan(&d.oid, &d.schema, &d.name, &kind, &d.definition, &comment); err != nil {
				rows.Close()
				return err
			}
			d.materialized = kind == "m"
			if comment != nil {
				d.comment = *comment
			}
			next = append(next, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range next {
			if prev, ok := found[d.oid]; ok {
				if prev.depth >= depth {
					continue
				}
				prev.depth = depth
			} else {
				d := d
				d.depth = depth
				found[d.oid] = &d
			}
			if err := walk(d.oid, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(oid, 1); err != nil {
		return nil, err
	}
	out := make([]dependent, 0, len(found))
	for _, d := range found {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].depth != out[j].depth {
			return out[i].depth < out[j].depth
		}
		return out[i].schema+"."+out[i].name < out[j].schema+"."+out[j].name
	})
	return out, nil
}

// ApplyView creates v, or replaces the existing view of that name. A plain view is first replaced
// with CREATE OR REPLACE VIEW (which keeps dependent views and grants) in a transaction of its
// own; when the server refuses that (a column is removed, renamed or retyped) or the view is
// materialised, one transaction drops the views depending on it, recreates v and recreates the
// dependents from their saved definitions. Either transaction commits completely or not at all, so
// the warehouse is never left half-changed. It returns the names of the dependents recreated.
func ApplyView(ctx context.Context, pool *pgxpool.Pool, v View, redshift bool) ([]string, error) {
	live, exists, err := ReadView(ctx, pool, v.Schema, v.Name)
	if err != nil {
		return nil, fmt.Errorf("reading view %s: %w", v.qname(), err)
	}
	if !exists {
		return nil, inTx(ctx, pool, CreateViewSQL(v, false, redshift))
	}
	if !v.Materialized && !live.Materialized {
		err := inTx(ctx, pool, CreateViewSQL(v, true, redshift))
		if err == nil {
			return nil, nil
		}
		// PostgreSQL refuses an incompatible column list with 42P16 / 42804. Redshift's codes for
		// it are not documented, so there any server error falls through to the drop-and-recreate
		// transaction, which reports the error itself if the definition is at fault.
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || (!redshift && pe.Code != "42P16" && pe.Code != "42804") {
			return nil, err
		}
	}
	// Drop and recreate with dependents, in one transaction.
	tx, err := pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	deps, err := dependents(ctx, tx, live.OID)
	if err != nil {
		return nil, fmt.Errorf("listing views that depend on %s: %w", v.qname(), err)
	}
	for i := len(deps) - 1; i >= 0; i-- {
		d := deps[i]
		if err := Exec(ctx, tx, DropViewSQL(d.schema, d.name, d.materialized)); err != nil {
			return nil, fmt.Errorf("dropping dependent view %s: %w", QualifiedName(d.schema, d.name), err)
		}
	}
	if err := Exec(ctx, tx, DropViewSQL(v.Schema, v.Name, live.Materialized)); err != nil {
		return nil, err
	}
	for _, stmt := range CreateViewSQL(v, false, redshift) {
		if err := Exec(ctx, tx, stmt); err != nil {
			return nil, err
		}
	}
	var names []string
	for _, d := range deps {
		dv := View{Schema: d.schema, Name: d.name, SQL: strings.TrimSuffix(strings.TrimSpace(d.definition), ";"), Comment: d.comment, Materialized: d.materialized}
		for _, stmt := range CreateViewSQL(dv, false, redshift) {
			if err := Exec(ctx, tx, stmt); err != nil {
				return nil, fmt.Errorf("recreating dependent view %s (it may use a column the new definition removes; nothing was changed): %w",
					dv.qname(), err)
			}
		}
		names = append(names, QualifiedID(d.schema, d.name))
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, err
	}
	return names, nil
}

// inTx runs statements in one transaction, each on its own through Exec.
func inTx(ctx context.Context, pool *pgxpool.Pool, stmts []string) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	for _, s := range stmts {
		if err := Exec(ctx, tx, s); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}

// Exec runs one statement through the extended query protocol, which the server refuses when
// the text holds more than one statement ("cannot insert multiple commands into a prepared
// statement"). pgx sends a statement without arguments as a simple query, which runs every
// statement in the text; DDL carrying a literal never goes that way.
func Exec(ctx context.Context, tx pgx.Tx, sql string) error {
	_, err := tx.Conn().PgConn().ExecParams(ctx, sql, nil, nil, nil, nil).Close()
	return err
}

// InTx runs statements in one transaction.
func InTx(ctx context.Context, pool *pgxpool.Pool, stmts ...string) error {
	return inTx(ctx, pool, stmts)
}

func lastByte(b *strings.Builder) byte {
	s := b.String() // no copy: String returns the builder's bytes
	return s[len(s)-1]
}
