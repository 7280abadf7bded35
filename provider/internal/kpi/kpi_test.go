package kpi

import (
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/provider/internal/warehouse"
)

// allSpecs enumerates every valid combination of metrics, dimensions, period and targets.
func allSpecs() []Spec {
	var out []Spec
	for mm := 1; mm < 1<<len(Metrics); mm++ {
		var metrics []string
		for i, m := range Metrics {
			if mm&(1<<i) != 0 {
				metrics = append(metrics, m)
			}
		}
		for dm := 0; dm < 1<<len(Dimensions); dm++ {
			var dims []string
			for i, d := range Dimensions {
				if dm&(1<<i) != 0 {
					dims = append(dims, d)
				}
			}
			for _, p := range append([]string{""}, Periods...) {
				for _, tg := range []bool{false, true} {
					for _, ct := range []string{"", "dim_city_targets"} {
						s := Spec{Metrics: metrics, Dimensions: dims, Period: p, WithTargets: tg, Sources: Sources{Schema: "mart", CityTarget: ct}}
						if s.Check() == nil {
							out = append(out, s)
						}
					}
				}
			}
		}
	}
	return out
}

// TestEveryGeneratedStatementIsPortable generates the SQL of every valid spec — and the DDL the
// warehouse resources generate — and checks each against the avoided constructs.
func TestEveryGeneratedStatementIsPortable(t *testing.T) {
	specs := allSpecs()
	if len(specs) < 500 {
		t.Fatalf("only %d valid specs enumerated", len(specs))
	}
	var stmts []string
	for _, s := range specs {
		sql, err := Generate(s)
		if err != nil {
			t.Fatalf("Generate(%+v): %v", s, err)
		}
		stmts = append(stmts, sql)
		v := warehouse.View{Schema: "mart", Name: "v", SQL: sql, Comment: CommentPrefix + s.JSON()}
		stmts = append(stmts, warehouse.CreateViewSQL(v, true, true)...)
		v.Materialized = true
		stmts = append(stmts, warehouse.CreateViewSQL(v, false, true)...)
	}
	tbl := warehouse.Table{Schema: "s", Name: "t", Comment: "c", PrimaryKey: []string{"a"}, DistStyle: "KEY", DistKey: "a", SortKeys: []string{"a"},
		Columns: []warehouse.Column{{Name: "a", Type: "int8", Encode: "az64"}, {Name: "b", Type: "varchar(5)", Nullable: true, Comment: "x"}}}
	wider := tbl
	wider.Columns = []warehouse.Column{{Name: "a", Type: "int8"}, {Name: "b", Type: "varchar(9)", Nullable: true, Comment: "y"}, {Name: "c", Type: "date", Nullable: true}}
	// String literals are the one engine-specific rendering (warehouse.Literal): E'…' on
	// PostgreSQL, '…' with backslashes doubled on Redshift. The Redshift rendering is checked
	// here; the PostgreSQL one differs only in its literals, which the check below proves.
	ddl := func(rs bool) []string {
		var out []string
		out = append(out, warehouse.CreateTableSQL(tbl, rs)...)
		out = append(out, warehouse.AlterTableSQL(tbl, wider, rs)...)
		out = append(out, warehouse.CreateSchemaSQL(warehouse.Schema{Name: "s", Owner: "o", Comment: "c"}, rs)...)
		out = append(out, warehouse.AlterSchemaSQL(warehouse.Schema{Name: "s"}, warehouse.Schema{Name: "s", Owner: "p", Comment: "d"}, rs)...)
		return out
	}
	pg, rs := ddl(false), ddl(true)
	if len(pg) != len(rs) {
		t.Fatalf("PostgreSQL and Redshift DDL differ in length: %d vs %d", len(pg), len(rs))
	}
	for i := range pg {
		if strings.ReplaceAll(pg[i], " IS E'", " IS '") != rs[i] && !strings.Contains(rs[i], "DISTSTYLE") && !strings.Contains(rs[i], "ENCODE") {
			t.Errorf("PostgreSQL DDL differs beyond its literals:\n%s\n%s", pg[i], rs[i])
		}
	}
	stmts = append(stmts, rs...)
	stmts = append(stmts, warehouse.DropSchemaSQL("s", true), warehouse.DropTableSQL("s", "t"), warehouse.DropViewSQL("s", "v", true), warehouse.RefreshSQL("s", "v"))
	for _, s := range stmts {
		if err := CheckPortable(s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
	t.Logf("%d specs, %d statements checked", len(specs), len(stmts))
}

// TestCheckPortableCatches proves the checker fails on each avoided construct and ignores the
// same words inside quoted names and literals.
func TestCheckPortableCatches(t *testing.T) {
	bad := []string{
		"SELECT COUNT(*) FILTER (WHERE x) FROM t",
		"SELECT DISTINCT ON (a) a FROM t",
		"SELECT ARRAY[1,2]",
		"SELECT * FROM generate_series(1, 3)",
		"SELECT AVG(on_time) FROM t",
		"SELECT * FROM a, LATERAL (SELECT 1) b",
		"SELECT a FROM t GROUP BY ROLLUP (a)",
		"INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING",
		"CREATE TABLE t (id serial)",
		"SELECT string_agg(a, ',') FROM t",
		"SELECT a IS DISTINCT FROM b",
		"SELECT 'x'::regclass",
		"SELECT x->>'a' FROM t",
		"SELECT E'\\n'",
		"WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r",
		"DELETE FROM t RETURNING *",
		"SELECT * FROM t TABLESAMPLE SYSTEM (1)",
		"CREATE INDEX i ON t (a) INCLUDE (b)",
		"SELECT $$x$$",
		"SELECT SUM(a) OVER (ORDER BY a RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t",
	}
	for _, a := range Avoided {
		hit := false
		for _, s := range bad {
			hit = hit || a.Pattern.MatchString(s)
		}
		if !hit {
			t.Errorf("no case exercises the avoided construct %s (%s)", a.Pattern, a.Why)
		}
	}
	for _, s := range bad {
		if CheckPortable(s) == nil {
			t.Errorf("CheckPortable accepted %q", s)
		}
	}
	for _, ok := range []string{`SELECT "filter (" FROM "avg(" WHERE x = 'DISTINCT ON'`, `SELECT 1`} {
		if err := CheckPortable(ok); err != nil {
			t.Errorf("CheckPortable(%q) = %v", ok, err)
		}
	}
}

func TestPercentagesUseDecimalArithmetic(t *testing.T) {
	sql, err := Generate(Spec{Metrics: Metrics, Sources: Sources{Schema: "s"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range Metrics {
		i := strings.Index(sql, " AS "+m+"_pct")
		if i < 0 {
			t.Fatalf("no %s_pct column", m)
		}
		expr := sql[strings.LastIndex(sql[:i], "CASE WHEN"):i]
		if !strings.Contains(expr, "CAST(") || !strings.Contains(expr, "AS DECIMAL(18,0)) * 100 / CAST(") {
			t.Errorf("%s_pct is not computed in DECIMAL: %s", m, expr)
		}
	}
}

func TestSpecCheck(t *testing.T) {
	bad := []Spec{
		{},
		{Metrics: []string{"xx"}},
		{Metrics: []string{OT}, Dimensions: []string{"product"}},
		{Metrics: []string{LFR}, WithTargets: true},
		{Metrics: []string{OT}, Period: "year"},
		{Metrics: []string{OT}, Sources: Sources{Schema: "bad\x00"}},
	}
	for _, s := range bad {
		if s.Sources.Schema == "" {
			s.Sources.Schema = "s"
		}
		if err := s.Check(); err == nil {
			t.Errorf("Check(%+v) accepted", s)
		}
	}
	s, ok := SpecFromComment(CommentPrefix + Spec{Metrics: []string{VFR, OT}, Dimensions: []string{"city"}, Sources: Sources{Schema: "m"}}.JSON())
	if !ok || strings.Join(s.Metrics, ",") != "ot,vfr" || s.Sources.OrderLines != "fact_order_lines" {
		t.Errorf("SpecFromComment round trip = %+v, %t", s, ok)
	}
}
