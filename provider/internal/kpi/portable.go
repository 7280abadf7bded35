package kpi

import (
	"fmt"
	"regexp"
	"strings"
)

// Avoided lists the SQL constructs the generated statements must not use, because Redshift
// (which descends from PostgreSQL 8.0) rejects them or gives them another meaning. Every statement
// the provider generates — view SQL and DDL — is checked against this list by CheckPortable, at run
// time and in the tests.
var Avoided = []struct {
	Pattern *regexp.Regexp
	Why     string
}{
	{regexp.MustCompile(`(?i)\bFILTER\s*\(`), "aggregate FILTER clauses: Redshift has none; use SUM(CASE WHEN … THEN 1 ELSE 0 END)"},
	{regexp.MustCompile(`(?i)\bDISTINCT\s+ON\b`), "DISTINCT ON: not in Redshift"},
	{regexp.MustCompile(`(?i)\bARRAY\b|\[\s*\]|\bUNNEST\s*\(|\bANY\s*\(|\bARRAY_AGG\s*\(`), "arrays: Redshift has no array type"},
	{regexp.MustCompile(`(?i)\bGENERATE_SERIES\s*\(`), "generate_series: Redshift runs it only on the leader node, never over tables"},
	{regexp.MustCompile(`(?i)\bAVG\s*\(`), "AVG: integer AVG truncates on Redshift; percentages are computed from counts in DECIMAL"},
	{regexp.MustCompile(`(?i)\bLATERAL\b`), "LATERAL joins: not in Redshift"},
	{regexp.MustCompile(`(?i)\bGROUPING\s+SETS\b|\bROLLUP\s*\(|\bCUBE\s*\(`), "grouping sets: not in older Redshift releases"},
	{regexp.MustCompile(`(?i)\bWITH\s+RECURSIVE\b`), "recursive CTEs: not in older Redshift releases"},
	{regexp.MustCompile(`(?i)\bON\s+CONFLICT\b`), "INSERT … ON CONFLICT: not in Redshift"},
	{regexp.MustCompile(`(?i)\bRETURNING\b`), "RETURNING: not in Redshift"},
	{regexp.MustCompile(`(?i)\b(SERIAL|BIGSERIAL|SMALLSERIAL)\b|\bGENERATED\s+(ALWAYS|BY\s+DEFAULT)\b`), "serial and identity columns: Redshift spells them IDENTITY(seed, step)"},
	{regexp.MustCompile(`(?i)\bJSONB?\b|->>|#>`), "JSON types and operators: Redshift has SUPER instead"},
	{regexp.MustCompile(`(?i)\bSTRING_AGG\s*\(`), "string_agg: Redshift spells it LISTAGG"},
	{regexp.MustCompile(`(?i)\bIS\s+(NOT\s+)?DISTINCT\s+FROM\b`), "IS DISTINCT FROM: not in Redshift"},
	{regexp.MustCompile(`(?i)::\s*REG[A-Z]+\b`), "reg* casts: catalog OIDs are PostgreSQL-specific"},
	{regexp.MustCompile(`(?i)\bTABLESAMPLE\b`), "TABLESAMPLE: not in Redshift"},
	{regexp.MustCompile(`(?i)\bINCLUDE\s*\(`), "covering indexes: not in Redshift"},
	{regexp.MustCompile(`(?i)\bCREATE\s+(UNIQUE\s+)?INDEX\b`), "indexes: Redshift has none (sort keys instead)"},
	{regexp.MustCompile(`(?i)\bE'`), "E'' escape strings: not in Redshift"},
	{regexp.MustCompile(`(?i)\$\$`), "dollar quoting: not in Redshift"},
	{regexp.MustCompile(`(?i)\bOVER\s*\([^)]*\bRANGE\b`), "RANGE window frames: Redshift supports ROWS only"},
}

var (
	quotedIdent = regexp.MustCompile(`"(?:[^"]|"")*"`)
	stringLit   = regexp.MustCompile(`'(?:[^']|'')*'`)
)

// stripQuoted removes string literals and quoted identifiers, so a name like `"filter (x"` is not
// mistaken for a construct.
func stripQuoted(sql string) string {
	// Identifiers first: a literal can't hold an unpaired double quote in our output, but an
	// identifier can hold single quotes.
	s := quotedIdent.ReplaceAllString(sql, `"_"`)
	return stringLit.ReplaceAllString(s, `'_'`)
}

// CheckPortable reports the first avoided construct in sql.
func CheckPortable(sql string) error {
	s := stripQuoted(sql)
	for _, a := range Avoided {
		if loc := a.Pattern.FindStringIndex(s); loc != nil {
			return fmt.Errorf("generated SQL uses %q — avoided because of %s", strings.TrimSpace(s[loc[0]:loc[1]]), a.Why)
		}
	}
	return nil
}
