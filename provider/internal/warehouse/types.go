package warehouse

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Column types. The provider accepts the types PostgreSQL and Redshift share, under any of their
// spellings, and normalises them here — the only place — to the spelling PostgreSQL's
// format_type() prints, which is also what Read introspects:
//
//	smallint                     smallint, int2
//	integer                      integer, int, int4
//	bigint                       bigint, int8
//	real                         real, float4
//	double precision             double precision, float8, float
//	numeric / numeric(p,s)       numeric, decimal, numeric(p), decimal(p), numeric(p,s), decimal(p,s)  (numeric(p) = numeric(p,0))
//	character varying(n)         varchar(n), character varying(n)
//	character varying            varchar, character varying (PostgreSQL: unbounded; Redshift: 256)
//	character(n)                 char(n), character(n), bpchar(n); char / character = character(1)
//	text                         text
//	boolean                      boolean, bool
//	date                         date
//	timestamp without time zone  timestamp, timestamp without time zone
//	timestamp with time zone     timestamptz, timestamp with time zone
//	time without time zone       time, time without time zone
//
// Case and spacing do not matter. A type outside this list is rejected at validate: a type name
// reaches SQL unquoted, so only spellings this grammar accepts are ever sent.

var (
	typeSpace    = regexp.MustCompile(`\s+`)
	typeWithArgs = regexp.MustCompile(`^([a-z ]+?)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$`)
)

var simpleTypes = map[string]string{
	"smallint": "smallint", "int2": "smallint",
	"integer": "integer", "int": "integer", "int4": "integer",
	"bigint": "bigint", "int8": "bigint",
	"real": "real", "float4": "real",
	"double precision": "double precision", "float8": "double precision", "float": "double precision",
	"numeric": "numeric", "decimal": "numeric",
	"varchar": "character varying", "character varying": "character varying",
	"char": "character(1)", "character": "character(1)", "bpchar": "character(1)",
	"text":    "text",
	"boolean": "boolean", "bool": "boolean",
	"date":      "date",
	"timestamp": "timestamp without time zone", "timestamp without time zone": "timestamp without time zone",
	"timestamptz": "timestamp with time zone", "timestamp with time zone": "timestamp with time zone",
	"time": "time without time zone", "time without time zone": "time without time zone",
}

// NormalizeType returns the canonical spelling of a column type, or an error naming what is
// accepted.
func NormalizeType(t string) (string, error) {
	s := strings.ToLower(strings.TrimSpace(typeSpace.ReplaceAllString(t, " ")))
	if c, ok := simpleTypes[s]; ok {
		return c, nil
	}
	m := typeWithArgs.FindStringSubmatch(s)
	if m == nil {
		return "", unsupportedType(t)
	}
	base, a1, a2 := strings.TrimSpace(m[1]), m[2], m[3]
	n, err := strconv.Atoi(a1)
	if err != nil || n < 1 {
		return "", fmt.Errorf("type %q: length or precision must be a positive integer", t)
	}
	switch base {
	case "numeric", "decimal":
		scale := 0
		if a2 != "" {
			scale, _ = strconv.Atoi(a2)
		}
		if n > 38 {
			return "", fmt.Errorf("type %q: precision above 38 is not accepted by Redshift", t)
		}
		if scale > n {
			return "", fmt.Errorf("type %q: scale %d exceeds precision %d", t, scale, n)
		}
		return fmt.Sprintf("numeric(%d,%d)", n, scale), nil
	case "varchar", "character varying":
		if a2 != "" {
			break
		}
		if n > 65535 {
			return "", fmt.Errorf("type %q: Redshift allows at most 65535 bytes", t)
		}
		return fmt.Sprintf("character varying(%d)", n), nil
	case "char", "character", "bpchar":
		if a2 != "" {
			break
		}
		if n > 4096 {
			return "", fmt.Errorf("type %q: Redshift allows at most 4096 bytes", t)
		}
		return fmt.Sprintf("character(%d)", n), nil
	}
	return "", unsupportedType(t)
}

func unsupportedType(t string) error {
	return fmt.Errorf("type %q is not one PostgreSQL and Redshift share; use one of smallint, integer, bigint, real, "+
		"double precision, numeric(p,s), varchar(n), char(n), text, boolean, date, timestamp, timestamptz, time "+
		"(aliases such as int4, int8, decimal, bool are accepted)", t)
}

// TypesEqual reports whether two spellings name the same type. Spellings that do not parse are
// compared as written (case-insensitively), so a bad value is never silently equal to a good one.
func TypesEqual(a, b string) bool {
	na, errA := NormalizeType(a)
	nb, errB := NormalizeType(b)
	if errA != nil || errB != nil {
		return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
	}
	return na == nb
}

// CanAlterTypeInPlace reports whether a column can change from type `from` to `to` with
// ALTER COLUMN ... TYPE without rewriting its values in a lossy way. Redshift alters only the
// length of a varchar upwards; PostgreSQL also widens integers and numeric precision (same scale)
// and turns a bounded varchar into text.
func CanAlterTypeInPlace(from, to string, redshift bool) bool {
	f, err1 := NormalizeType(from)
	t, err2 := NormalizeType(to)
	if err1 != nil || err2 != nil {
		return false
	}
	if f == t {
		return true
	}
	if fl, ok := varcharLen(f); ok {
		if tl, ok := varcharLen(t); ok && tl >= fl {
			return true
		}
		if !redshift && (t == "character varying" || t == "text") {
			return true
		}
	}
	if redshift {
		return false
	}
	rank := map[string]int{"smallint": 1, "integer": 2, "bigint": 3}
	if rf, ok := rank[f]; ok {
		if rt, ok := rank[t]; ok && rt > rf {
			return true
		}
	}
	var fp, fs, tp, ts int
	if n, _ := fmt.Sscanf(f, "numeric(%d,%d)", &fp, &fs); n == 2 {
		if n, _ := fmt.Sscanf(t, "numeric(%d,%d)", &tp, &ts); n == 2 && ts == fs && tp >= fp {
			return true
		}
	}
	return false
}

func varcharLen(t string) (int, bool) {
	var n int
	if c, _ := fmt.Sscanf(t, "character varying(%d)", &n); c == 1 {
		return n, true
	}
	return 0, false
}

// shortTypes are the short spellings of the canonical names that have one.
var shortTypes = []struct{ long, short string }{
	{"character varying", "varchar"},
	{"character", "char"},
	{"timestamp without time zone", "timestamp"},
	{"timestamp with time zone", "timestamptz"},
	{"time without time zone", "time"},
}

// ShortType is the spelling import writes for a type the server reports (format_type): the
// short form people write — varchar(n), char(n), timestamp, timestamptz, time — and the
// canonical spelling otherwise (integer, bigint, numeric(p,s), double precision …). A spelling
// that does not parse is returned as it is.
func ShortType(t string) string {
	n, err := NormalizeType(t)
	if err != nil {
		return t
	}
	for _, s := range shortTypes {
		if n == s.long {
			return s.short
		}
		if strings.HasPrefix(n, s.long+"(") {
			return s.short + strings.TrimPrefix(n, s.long)
		}
	}
	return n
}
