package warehouse

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/nexabrands/supplychain/tools/devenv/localenv"
)

var hostileNames = []string{
	`plain`,
	`Mixed Case`,
	`quote"inside`,
	`""`,
	`semi; DROP TABLE victim; --`,
	`comment -- tail`,
	`/* block */`,
	`back\slash`,
	`it's`,
	`select`, `table`, `user`, `order`,
	`ünïcødé ☃ 表`,
	`a.b`,
	`$1`,
	strings.Repeat("x", MaxIdentifierBytes),
}

func TestQuote(t *testing.T) {
	cases := map[string]string{
		`plain`:        `"plain"`,
		`quote"inside`: `"quote""inside"`,
		`""`:           `""""""`,
		`a.b`:          `"a.b"`,
	}
	for in, want := range cases {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestCheckIdentifierRejects(t *testing.T) {
	for _, bad := range []string{"", "tab\there", "nl\nx", "nul\x00", string([]byte{0xff, 0xfe}), strings.Repeat("x", MaxIdentifierBytes+1), strings.Repeat("é", 32)} {
		if err := CheckIdentifier(bad); err == nil {
			t.Errorf("CheckIdentifier(%q) accepted", bad)
		}
	}
	for _, ok := range hostileNames {
		if err := CheckIdentifier(ok); err != nil {
			t.Errorf("CheckIdentifier(%q) = %v, want accepted", ok, err)
		}
	}
}

func TestSplitQualified(t *testing.T) {
	cases := []struct{ in, schema, name string }{
		{"a.b", "a", "b"},
		{`"a.b".c`, "a.b", "c"},
		{`s."q""x"`, "s", `q"x`},
		{QualifiedID("x.y", `z"w`), "x.y", `z"w`},
	}
	for _, c := range cases {
		s, n, err := SplitQualified(c.in)
		if err != nil || s != c.schema || n != c.name {
			t.Errorf("SplitQualified(%q) = %q, %q, %v; want %q, %q", c.in, s, n, err, c.schema, c.name)
		}
	}
	for _, bad := range []string{"nodot", "a.b.c", `"open.b`, `"a"x.b`, ".b"} {
		if _, _, err := SplitQualified(bad); err == nil {
			t.Errorf("SplitQualified(%q) accepted", bad)
		}
	}
}

func TestNormalizeType(t *testing.T) {
	cases := map[string]string{
		"int": "integer", "INT4": "integer", " integer ": "integer", "int8": "bigint", "int2": "smallint",
		"varchar(10)": "character varying(10)", "character  varying( 10 )": "character varying(10)",
		"decimal(10,2)": "numeric(10,2)", "numeric(7)": "numeric(7,0)", "decimal": "numeric",
		"timestamp": "timestamp without time zone", "timestamptz": "timestamp with time zone",
		"bool": "boolean", "float": "double precision", "float4": "real", "char": "character(1)",
		"bpchar(4)": "character(4)", "time": "time without time zone", "text": "text", "date": "date",
	}
	for in, want := range cases {
		got, err := NormalizeType(in)
		if err != nil || got != want {
			t.Errorf("NormalizeType(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"int; DROP TABLE x", "jsonb", "integer[]", "varchar(0)", "numeric(40,2)", "numeric(5,6)", "serial", "varchar(10,2)", ""} {
		if _, err := NormalizeType(bad); err == nil {
			t.Errorf("NormalizeType(%q) accepted", bad)
		}
	}
}

func TestCanAlterTypeInPlace(t *testing.T) {
	cases := []struct {
		from, to string
		redshift bool
		want     bool
	}{
		{"varchar(10)", "character varying(20)", true, true},
		{"varchar(20)", "varchar(10)", false, false},
		{"int", "bigint", false, true},
		{"int", "bigint", true, false},
		{"bigint", "int", false, false},
		{"numeric(10,2)", "numeric(12,2)", false, true},
		{"numeric(10,2)", "numeric(12,3)", false, false},
		{"numeric(10,2)", "integer", false, false},
		{"varchar(5)", "text", false, true},
		{"text", "integer", false, false},
	}
	for _, c := range cases {
		if got := CanAlterTypeInPlace(c.from, c.to, c.redshift); got != c.want {
			t.Errorf("CanAlterTypeInPlace(%q, %q, redshift=%t) = %t, want %t", c.from, c.to, c.redshift, got, c.want)
		}
	}
}

func TestNormalizeViewDef(t *testing.T) {
	a := " SELECT a,\n   b  FROM \"T x\"  WHERE c = 'A  B';"
	b := "select a, b from \"T x\" where c = 'A  B'"
	if NormalizeViewDef(a) != NormalizeViewDef(b) {
		t.Errorf("%q and %q normalise differently: %q vs %q", a, b, NormalizeViewDef(a), NormalizeViewDef(b))
	}
	if NormalizeViewDef(`select "A"`) == NormalizeViewDef(`select "a"`) {
		t.Error("quoted identifiers were case-folded")
	}
	if NormalizeViewDef(`select 'X'`) == NormalizeViewDef(`select 'x'`) {
		t.Error("string literals were case-folded")
	}
}

// TestHostileNamesRoundTrip creates a schema, a table and a column for every hostile name on a
// real PostgreSQL server with the generated DDL, and reads them back verbatim through the
// introspection the resources use. A victim table proves nothing in a name was executed.
func TestHostileNamesRoundTrip(t *testing.T) {
	pg := localenv.PostgresT(t)
	ctx := context.Background()
	db, err := pg.CreateDatabase(ctx, "hostile")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, pg.DSN(db))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE TABLE public.victim (x int)"); err != nil {
		t.Fatal(err)
	}
	for _, name := range hostileNames {
		t.Run(name, func(t *testing.T) {
			for _, stmt := range CreateSchemaSQL(Schema{Name: name, Comment: "c'o\\mment -- " + name}, false) {
				if _, err := conn.Exec(ctx, stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
			tbl := Table{Schema: name, Name: name, Comment: name, PrimaryKey: []string{name},
				Columns: []Column{{Name: name, Type: "int4", Comment: name}, {Name: "other", Type: "varchar(5)", Nullable: true}}}
			if err := tbl.Check(); err != nil {
				t.Fatal(err)
			}
			for _, stmt := range CreateTableSQL(tbl, false) {
				if _, err := conn.Exec(ctx, stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
			s, found, err := ReadSchema(ctx, conn, name)
			if err != nil || !found || s.Name != name || s.Comment != "c'o\\mment -- "+name {
				t.Fatalf("ReadSchema = %+v, %t, %v", s, found, err)
			}
			live, found, err := ReadTable(ctx, conn, name, name, false)
			if err != nil || !found {
				t.Fatalf("ReadTable: found=%t, %v", found, err)
			}
			if live.Comment != name || len(live.Columns) != 2 || live.Columns[0].Name != name || live.Columns[0].Type != "integer" ||
				live.Columns[0].Nullable || live.Columns[0].Comment != name || len(live.PrimaryKey) != 1 || live.PrimaryKey[0] != name {
				t.Fatalf("ReadTable = %+v", live)
			}
			n, err := CountRows(ctx, conn, name, name)
			if err != nil || n != 0 {
				t.Fatalf("CountRows = %d, %v", n, err)
			}
		})
	}
	var victim int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM public.victim").Scan(&victim); err != nil {
		t.Fatalf("victim table gone: %v", err)
	}
	if _, err := conn.Exec(ctx, DropSchemaSQL(hostileNames[0], false)); err == nil {
		t.Error("RESTRICT dropped a schema holding a table")
	}
	if _, err := conn.Exec(ctx, DropSchemaSQL(hostileNames[0], true)); err != nil {
		t.Errorf("CASCADE: %v", err)
	}
}

func TestDiff(t *testing.T) {
	old := Table{Schema: "s", Name: "t", PrimaryKey: []string{"a"}, Columns: []Column{{Name: "a", Type: "int"}, {Name: "b", Type: "varchar(5)", Nullable: true}}}
	widen := old
	widen.Columns = []Column{{Name: "a", Type: "int4"}, {Name: "b", Type: "varchar(9)"}, {Name: "c", Type: "date", Nullable: true}}
	if ch := Diff(old, widen, false); ch.Replace || len(ch.DroppedColumns) != 0 {
		t.Errorf("widen: %+v", ch)
	}
	stmts := strings.Join(AlterTableSQL(old, widen, false), ";\n")
	for _, want := range []string{`ALTER COLUMN "b" TYPE character varying(9)`, `ALTER COLUMN "b" SET NOT NULL`, `ADD COLUMN "c" date`} {
		if !strings.Contains(stmts, want) {
			t.Errorf("AlterTableSQL lacks %q:\n%s", want, stmts)
		}
	}
	if strings.Contains(stmts, `"a"`) {
		t.Errorf("alias int -> int4 altered column a:\n%s", stmts)
	}
	if ch := Diff(old, widen, true); !ch.Replace {
		t.Error("nullability change on Redshift must replace")
	}
	narrow := old
	narrow.Columns = []Column{{Name: "a", Type: "text"}}
	ch := Diff(old, narrow, false)
	if !ch.Replace || len(ch.DroppedColumns) != 1 {
		t.Errorf("narrow: %+v", ch)
	}
}

// TestRedshiftOptionsRendering: Redshift options reach the DDL only for Redshift, as keywords from
// the fixed lists and quoted column names.
func TestRedshiftOptionsRendering(t *testing.T) {
	tbl := Table{Schema: "s", Name: "t", DistStyle: "key", DistKey: "order id", SortKeys: []string{"d", `we"ird`},
		Columns: []Column{{Name: "order id", Type: "varchar(20)", Encode: "zstd"}, {Name: "d", Type: "date", Nullable: true}, {Name: `we"ird`, Type: "int", Encode: "az64"}}}
	if err := tbl.Check(); err != nil {
		t.Fatal(err)
	}
	rs := CreateTableSQL(tbl, true)[0]
	for _, want := range []string{`"order id" character varying(20) ENCODE ZSTD NOT NULL`, `DISTSTYLE KEY DISTKEY ("order id") SORTKEY ("d", "we""ird")`, `"we""ird" integer ENCODE AZ64`} {
		if !strings.Contains(rs, want) {
			t.Errorf("Redshift DDL lacks %q:\n%s", want, rs)
		}
	}
	pg := CreateTableSQL(tbl, false)[0]
	for _, no := range []string{"ENCODE", "DISTSTYLE", "DISTKEY", "SORTKEY"} {
		if strings.Contains(pg, no) {
			t.Errorf("PostgreSQL DDL has %s:\n%s", no, pg)
		}
	}
	changed := tbl
	changed.DistKey, changed.SortKeys = "d", []string{"d"}
	alter := strings.Join(AlterTableSQL(tbl, changed, true), ";\n")
	if !strings.Contains(alter, `ALTER DISTKEY "d"`) || !strings.Contains(alter, `ALTER SORTKEY ("d")`) {
		t.Errorf("Redshift ALTER lacks distkey/sortkey changes:\n%s", alter)
	}
	if AlterTableSQL(tbl, changed, false) != nil {
		t.Errorf("PostgreSQL ALTER renders Redshift options: %v", AlterTableSQL(tbl, changed, false))
	}
	bad := tbl
	bad.DistStyle = "EVEN; DROP TABLE x"
	if bad.Check() == nil {
		t.Error("diststyle outside the list accepted")
	}
	bad = tbl
	bad.Columns = append([]Column{}, tbl.Columns...)
	bad.Columns[0].Encode = "zstd; --"
	if bad.Check() == nil {
		t.Error("encode outside the list accepted")
	}
	if Literal(`a'b\c`, true) != `'a''b\\c'` || Literal(`a'b\c`, false) != `E'a''b\\c'` {
		t.Errorf("Literal: %s / %s", Literal(`a'b\c`, true), Literal(`a'b\c`, false))
	}
}

func TestShortType(t *testing.T) {
	for in, want := range map[string]string{
		"character varying(100)": "varchar(100)", "character varying": "varchar", "character(3)": "char(3)",
		"timestamp without time zone": "timestamp", "timestamp with time zone": "timestamptz",
		"time without time zone": "time", "integer": "integer", "numeric(5,2)": "numeric(5,2)", "bigint": "bigint",
		"double precision": "double precision", "date": "date", "no such type": "no such type",
	} {
		if got := ShortType(in); got != want {
			t.Errorf("ShortType(%q) = %q, want %q", in, got, want)
		}
		if _, err := NormalizeType(in); err == nil && !TypesEqual(in, ShortType(in)) {
			t.Errorf("ShortType(%q) names another type", in)
		}
	}
}
