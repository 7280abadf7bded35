package warehouse

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Querier is what the DDL and introspection functions need: a pool, a connection or a transaction.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Literal renders s as a SQL string literal whose meaning no server setting can change. On
// PostgreSQL it is an escape string, E'…', with backslashes and quotes doubled: an ordinary '…'
// literal reads backslashes as escapes when standard_conforming_strings is off (a per-database
// or per-role setting), so `\'` in a comment would end the literal and run what follows.
// Redshift always reads backslashes in '…' as escapes, so there both are doubled in '…'.
// Literals are sent only in single statements over the extended protocol (Exec), which refuses
// a string holding several statements.
func Literal(s string, redshift bool) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `'`, `''`)
	if redshift {
		return "'" + s + "'"
	}
	return "E'" + s + "'"
}

func commentLiteral(s string, redshift bool) string {
	if s == "" {
		return "NULL"
	}
	return Literal(s, redshift)
}

// IsRedshift asks the server what it is: Redshift's version() names it.
func IsRedshift(ctx context.Context, q Querier) (bool, error) {
	var v string
	if err := q.QueryRow(ctx, "SELECT version()").Scan(&v); err != nil {
		return false, fmt.Errorf("reading the warehouse version: %w", err)
	}
	return strings.Contains(strings.ToLower(v), "redshift"), nil
}

// IsNotFound reports whether err is PostgreSQL's "object does not exist" family.
func IsNotFound(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "3F000", "42P01", "42704", "42703": // invalid_schema_name, undefined_table, undefined_object, undefined_column
			return true
		}
	}
	return false
}

// IsDependentObjects reports whether err is PostgreSQL's dependent_objects_still_exist
// (SQLSTATE 2BP01): a RESTRICT drop refused because other objects depend on the one dropped.
func IsDependentObjects(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "2BP01"
}

// ---- schemas ----

// Schema is a warehouse schema as configured or introspected.
type Schema struct {
	Name    string
	Owner   string // "" = the connecting user
	Comment string
}

// CreateSchemaSQL returns the statements that create s.
func CreateSchemaSQL(s Schema, redshift bool) []string {
	stmt := "CREATE SCHEMA " + Quote(s.Name)
	if s.Owner != "" {
		stmt += " AUTHORIZATION " + Quote(s.Owner)
	}
	out := []string{stmt}
	if s.Comment != "" {
		out = append(out, "COMMENT ON SCHEMA "+Quote(s.Name)+" IS "+commentLiteral(s.Comment, redshift))
	}
	return out
}

// AlterSchemaSQL returns the statements that turn old into new (same name).
func AlterSchemaSQL(old, next Schema, redshift bool) []string {
	var out []string
	if next.Owner != "" && next.Owner != old.Owner {
		out = append(out, "ALTER SCHEMA "+Quote(next.Name)+" OWNER TO "+Quote(next.Owner))
	}
	if next.Comment != old.Comment {
		out = append(out, "COMMENT ON SCHEMA "+Quote(next.Name)+" IS "+commentLiteral(next.Comment, redshift))
	}
	return out
}

// DropSchemaSQL drops a schema, RESTRICT unless cascade.
func DropSchemaSQL(name string, cascade bool) string {
	mode := " RESTRICT"
	if cascade {
		mode = " CASCADE"
	}
	return "DROP SCHEMA IF EXISTS " + Quote(name) + mode
}

// ReadSchema introspects a schema; found is false when it does not exist.
func ReadSchema(ctx context.Context, q Querier, name string) (s Schema, found bool, err error) {
	var comment *string
	err = q.QueryRow(ctx, `SELECT n.nspname, pg_get_userbyid(n.nspowner), obj_description(n.oid, 'pg_namespace')
		FROM pg_namespace n WHERE n.nspname = $1`, name).Scan(&s.Name, &s.Owner, &comment)
	if errors.Is(err, pgx.ErrNoRows) {
		return Schema{}, false, nil
	}
	if err != nil {
		return Schema{}, false, err
	}
	if comment != nil {
		s.Comment = *comment
	}
	return s, true, nil
}

// ---- tables ----

// Column is one column of a table.
type Column struct {
	Name     string
	Type     string
	Nullable bool
	Comment  string
	Encode   string // Redshift compression encoding; "" = server default
}

// Table is a table as configured or introspected.
type Table struct {
	Schema     string
	Name       string
	Comment    string
	Columns    []Column
	PrimaryKey []string
	// Redshift physical options; applied only when the server is Redshift.
	DistStyle string
	DistKey   string
	SortKeys  []string
}

// HasRedshiftOptions reports whether any Redshift-only option is set.
func (t Table) HasRedshiftOptions() bool {
	if t.DistStyle != "" || t.DistKey != "" || len(t.SortKeys) > 0 {
		return true
	}
	for _, c := range t.Columns {
		if c.Encode != "" {
			return true
		}
	}
	return false
}

func (t Table) qname() string { return QualifiedName(t.Schema, t.Name) }

// Redshift keywords accepted for diststyle and encode. They reach SQL as keywords, so only these
// words are ever sent.
var (
	DistStyles = []string{"AUTO", "EVEN", "KEY", "ALL"}
	Encodings  = []string{"RAW", "AZ64", "BYTEDICT", "DELTA", "DELTA32K", "LZO", "MOSTLY8", "MOSTLY16", "MOSTLY32", "RUNLENGTH", "TEXT255", "TEXT32K", "ZSTD"}
)

func isOneOf(s string, list []string) bool {
	for _, v := range list {
		if strings.EqualFold(s, v) {
			return true
		}
	}
	return false
}

// Check validates what CREATE TABLE needs beyond the attribute validators: column types parse,
// names are unique, and the primary key, distkey and sortkeys name existing columns.
func (t Table) Check() error {
	if err := CheckIdentifier(t.Schema); err != nil {
		return fmt.Errorf("schema name %q %w", t.Schema, err)
	}
	if err := CheckIdentifier(t.Name); err != nil {
		return fmt.Errorf("table name %q %w", t.Name, err)
	}
	if len(t.Columns) == 0 {
		return fmt.Errorf("table %s needs at least one column", t.qname())
	}
	seen := map[string]bool{}
	for _, c := range t.Columns {
		if err := CheckIdentifier(c.Name); err != nil {
			return fmt.Errorf("column name %q %w", c.Name, err)
		}
		if seen[c.Name] {
			return fmt.Errorf("column %q is defined twice", c.Name)
		}
		seen[c.Name] = true
		if _, err := NormalizeType(c.Type); err != nil {
			return fmt.Errorf("column %q: %w", c.Name, err)
		}
		if c.Encode != "" && !isOneOf(c.Encode, Encodings) {
			return fmt.Errorf("column %q: encode %q is not one of %s", c.Name, c.Encode, strings.Join(Encodings, ", "))
		}
	}
	for _, k := range t.PrimaryKey {
		if !seen[k] {
			return fmt.Errorf("primary key column %q is not a column of the table", k)
		}
	}
	if t.DistStyle != "" && !isOneOf(t.DistStyle, DistStyles) {
		return fmt.Errorf("diststyle %q is not one of %s", t.DistStyle, strings.Join(DistStyles, ", "))
	}
	if t.DistKey != "" && !seen[t.DistKey] {
		return fmt.Errorf("distkey %q is not a column of the table", t.DistKey)
	}
	if t.DistKey != "" && t.DistStyle != "" && !strings.EqualFold(t.DistStyle, "KEY") {
		return fmt.Errorf("distkey needs diststyle KEY (or no diststyle), not %s", t.DistStyle)
	}
	for _, k := range t.SortKeys {
		if !seen[k] {
			return fmt.Errorf("sort key column %q is not a column of the table", k)
		}
	}
	return nil
}

func columnDef(c Column, redshift bool) string {
	typ, _ := NormalizeType(c.Type)
	s := Quote(c.Name) + " " + typ
	if redshift && c.Encode != "" {
		s += " ENCODE " + strings.ToUpper(c.Encode)
	}
	if !c.Nullable {
		s += " NOT NULL"
	}
	return s
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = Quote(n)
	}
	return strings.Join(q, ", ")
}

// CreateTableSQL returns the statements that create t; Redshift options are rendered only when
// redshift is true.
func CreateTableSQL(t Table, redshift bool) []string {
	defs := make([]string, 0, len(t.Columns)+1)
	for _, c := range t.Columns {
		defs = append(defs, columnDef(c, redshift))
	}
	if len(t.PrimaryKey) > 0 {
		defs = append(defs, "PRIMARY KEY ("+quoteList(t.PrimaryKey)+")")
	}
	stmt := "CREATE TABLE " + t.qname() + " (\n  " + strings.Join(defs, ",\n  ") + "\n)"
	if redshift {
		if t.DistStyle != "" {
			stmt += " DISTSTYLE " + strings.ToUpper(t.DistStyle)
		}
		if t.DistKey != "" {
			stmt += " DISTKEY (" + Quote(t.DistKey) + ")"
		}
		if len(t.SortKeys) > 0 {
			stmt += " SORTKEY (" + quoteList(t.SortKeys) + ")"
		}
	}
	out := []string{stmt}
	if t.Comment != "" {
		out = append(out, "COMMENT ON TABLE "+t.qname()+" IS "+commentLiteral(t.Comment, redshift))
	}
	for _, c := range t.Columns {
		if c.Comment != "" {
			out = append(out, "COMMENT ON COLUMN "+t.qname()+"."+Quote(c.Name)+" IS "+commentLiteral(c.Comment, redshift))
		}
	}
	return out
}

// TableChange classifies the difference between two versions of a table.
type TableChange struct {
	Replace        bool     // a change that ALTER cannot make
	Reasons        []string // why a replacement is needed
	DroppedColumns []string
}

// Diff decides whether old can become new in place on the given engine.
func Diff(old, next Table, redshift bool) TableChange {
	var ch TableChange
	oldCols := map[string]Column{}
	for _, c := range old.Columns {
		oldCols[c.Name] = c
	}
	newCols := map[string]bool{}
	for _, c := range next.Columns {
		newCols[c.Name] = true
		oc, ok := oldCols[c.Name]
		if !ok {
			continue
		}
		if !TypesEqual(oc.Type, c.Type) && !CanAlterTypeInPlace(oc.Type, c.Type, redshift) {
			ch.Replace = true
			ch.Reasons = append(ch.Reasons, fmt.Sprintf("column %q changes type from %s to %s, which cannot be altered in place", c.Name, oc.Type, c.Type))
		}
		if redshift && oc.Nullable != c.Nullable {
			ch.Replace = true
			ch.Reasons = append(ch.Reasons, fmt.Sprintf("column %q changes nullability, which Redshift cannot alter", c.Name))
		}
	}
	for _, c := range old.Columns {
		if !newCols[c.Name] {
			ch.DroppedColumns = append(ch.DroppedColumns, c.Name)
		}
	}
	if strings.Join(old.PrimaryKey, "\x00") != strings.Join(next.PrimaryKey, "\x00") {
		ch.Replace = true
		ch.Reasons = append(ch.Reasons, "the primary key changes")
	}
	return ch
}

// AlterTableSQL returns the statements that turn old into new in place. Call Diff first: it
// assumes no replacement is needed.
func AlterTableSQL(old, next Table, redshift bool) []string {
	var out []string
	q := next.qname()
	oldCols := map[string]Column{}
	for _, c := range old.Columns {
		oldCols[c.Name] = c
	}
	newCols := map[string]bool{}
	for _, c := range next.Columns {
		newCols[c.Name] = true
	}
	for _, c := range old.Columns {
		if !newCols[c.Name] {
			out = append(out, "ALTER TABLE "+q+" DROP COLUMN "+Quote(c.Name))
		}
	}
	for _, c := range next.Columns {
		oc, ok := oldCols[c.Name]
		if !ok {
			out = append(out, "ALTER TABLE "+q+" ADD COLUMN "+columnDef(c, redshift))
			if c.Comment != "" {
				out = append(out, "COMMENT ON COLUMN "+q+"."+Quote(c.Name)+" IS "+commentLiteral(c.Comment, redshift))
			}
			continue
		}
		if !TypesEqual(oc.Type, c.Type) {
			typ, _ := NormalizeType(c.Type)
			out = append(out, "ALTER TABLE "+q+" ALTER COLUMN "+Quote(c.Name)+" TYPE "+typ)
		}
		if oc.Nullable != c.Nullable && !redshift {
			if c.Nullable {
				out = append(out, "ALTER TABLE "+q+" ALTER COLUMN "+Quote(c.Name)+" DROP NOT NULL")
			} else {
				out = append(out, "ALTER TABLE "+q+" ALTER COLUMN "+Quote(c.Name)+" SET NOT NULL")
			}
		}
		if redshift && !strings.EqualFold(oc.Encode, c.Encode) && c.Encode != "" {
			out = append(out, "ALTER TABLE "+q+" ALTER COLUMN "+Quote(c.Name)+" ENCODE "+strings.ToUpper(c.Encode))
		}
		if oc.Comment != c.Comment {
			out = append(out, "COMMENT ON COLUMN "+q+"."+Quote(c.Name)+" IS "+commentLiteral(c.Comment, redshift))
		}
	}
	if old.Comment != next.Comment {
		out = append(out, "COMMENT ON TABLE "+q+" IS "+commentLiteral(next.Comment, redshift))
	}
	if redshift {
		if next.DistKey != "" && next.DistKey != old.DistKey {
			out = append(out, "ALTER TABLE "+q+" ALTER DISTKEY "+Quote(next.DistKey))
		} else if next.DistStyle != "" && !strings.EqualFold(next.DistStyle, old.DistStyle) {
			out = append(out, "ALTER TABLE "+q+" ALTER DISTSTYLE "+strings.ToUpper(next.DistStyle))
		}
		if len(next.SortKeys) > 0 && strings.Join(next.SortKeys, "\x00") != strings.Join(old.SortKeys, "\x00") {
			out = append(out, "ALTER TABLE "+q+" ALTER SORTKEY ("+quoteList(next.SortKeys)+")")
		}
	}
	return out
}

// DropTableSQL drops a table.
func DropTableSQL(schema, name string) string {
	return "DROP TABLE IF EXISTS " + QualifiedName(schema, name)
}

// CountRows counts the rows of a table.
func CountRows(ctx context.Context, q Querier, schema, name string) (int64, error) {
	var n int64
	err := q.QueryRow(ctx, "SELECT COUNT(*) FROM "+QualifiedName(schema, name)).Scan(&n)
	return n, err
}

// ReadTable introspects a table from the catalog (pg_class, pg_attribute, format_type and
// information_schema, which Redshift shares) and, on Redshift, its physical options from
// SVV_TABLE_INFO and PG_TABLE_DEF. found is false when the table does not exist.
func ReadTable(ctx context.Context, q Querier, schema, name string, redshift bool) (t Table, found bool, err error) {
	var oid uint32
	var comment *string
	err = q.QueryRow(ctx, `SELECT c.oid, obj_description(c.oid, 'pg_class')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')`, schema, name).Scan(&oid, &comment)
	if errors.Is(err, pgx.ErrNoRows) {
		return Table{}, false, nil
	}
	if err != nil {
		return Table{}, false, err
	}
	t = Table{Schema: schema, Name: name}
	if comment != nil {
		t.Comment = *comment
	}
	rows, err := q.Query(ctx, `SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
			col_description(a.attrelid, a.attnum)
		FROM pg_attribute a WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`, oid)
	if err != nil {
		return Table{}, false, err
	}
	for rows.Next() {
		var c Column
		var cc *string
		if err := rows.Scan(&c.Name, &c.Type, &c.Nullable, &cc); err != nil {
			rows.Close()
			return Table{}, false, err
		}
		if cc != nil {
			c.Comment = *cc
		}
		t.Columns = append(t.Columns, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Table{}, false, err
	}
	rows, err = q.Query(ctx, `SELECT kcu.column_name
		FROM information_schema.table_constraints tc
		JOIN information_schema.key_column_usage kcu
		  ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name
		 AND kcu.table_schema = tc.table_schema AND kcu.table_name = tc.table_name
		WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = $1 AND tc.table_name = $2
		ORDER BY kcu.ordinal_position`, schema, name)
	if err != nil {
		return Table{}, false, err
	}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return Table{}, false, err
		}
		t.PrimaryKey = append(t.PrimaryKey, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Table{}, false, err
	}
	if redshift {
		if err := readRedshiftOptions(ctx, q, &t); err != nil {
			return Table{}, false, fmt.Errorf("reading Redshift table options: %w", err)
		}
	}
	return t, true, nil
}

// readRedshiftOptions fills diststyle, distkey, sortkeys and encodings from SVV_TABLE_INFO and
// PG_TABLE_DEF (which lists only schemas on the search_path, hence the SET LOCAL in a transaction
// of its own when q is a pool).
func readRedshiftOptions(ctx context.Context, q Querier, t *Table) error {
	var diststyle *string
	err := q.QueryRow(ctx, `SELECT diststyle FROM svv_table_info WHERE "schema" = $1 AND "table" = $2`, t.Schema, t.Name).Scan(&diststyle)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	if diststyle != nil {
		ds := strings.ToUpper(*diststyle)
		switch {
		case strings.HasPrefix(ds, "KEY"):
			t.DistStyle = "KEY"
		case strings.HasPrefix(ds, "AUTO"):
			t.DistStyle = "AUTO"
		default:
			t.DistStyle = ds
		}
	}
	if _, err := q.Exec(ctx, "SET search_path TO "+Quote(t.Schema)+", public"); err != nil {
		return err
	}
	rows, err := q.Query(ctx, `SELECT "column", encoding, distkey, sortkey FROM pg_table_def
		WHERE schemaname = $1 AND tablename = $2`, t.Schema, t.Name)
	if err != nil {
		return err
	}
	defer rows.Close()
	type sk struct {
		col string
		pos int
	}
	var sorts []sk
	enc := map[string]string{}
	for rows.Next() {
		var col, encoding string
		var dist bool
		var sortkey int
		if err := rows.Scan(&col, &encoding, &dist, &sortkey); err != nil {
			return err
		}
		enc[col] = strings.ToUpper(encoding)
		if dist {
			t.DistKey = col
		}
		if sortkey > 0 {
			sorts = append(sorts, sk{col, sortkey})
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	sort.Slice(sorts, func(i, j int) bool { return sorts[i].pos < sorts[j].pos })
	for _, s := range sorts {
		t.SortKeys = append(t.SortKeys, s.col)
	}
	for i := range t.Columns {
		if e := enc[t.Columns[i].Name]; e != "" && e != "NONE" {
			t.Columns[i].Encode = e
		}
	}
	return nil
}
