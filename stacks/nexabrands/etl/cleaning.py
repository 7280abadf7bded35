"""The Nexabrands sample data's cleaning rules, as one pure-Python module.

Standard library only, Python 3.9-compatible (AWS Glue's Python shell), so the same file runs in a
Glue `pythonshell` job, on the executors of a `glueetl` (PySpark) job, and here with Debian's
python3. The rules are the ones in docs/guides/sample-data-cleaning.md; the Go cleaner in
tools/sampledata/dataset (clean.go) is the reference, and a Go test in this directory requires the
same rows and the same data-quality counts from both on the real sample.

Where Go's standard library and Python's differ, this module follows Go:
  - CSV is read as Go's encoding/csv reads it with LazyQuotes (read_csv), not with Python's csv;
  - whitespace is Go's: `\\s` in a pattern is [\\t\\n\\f\\r ], trimming uses unicode.IsSpace;
  - `\\d` is [0-9]; `$` is the end of the text; (?i) is spelled out as character classes;
  - numbers are parsed with strconv.ParseFloat's syntax (parse_float), dates with time.Parse's
    rules for the three layouts (parse_date), rounding is half away from zero (math.Round);
  - letter case is mapped one character at a time (Go's simple case mapping): a character whose
    Python mapping is not one character keeps its case, except U+0130, which Go lowers to "i";
  - bytes that are not UTF-8 are kept (surrogateescape) and, like Go's strings.ToUpper/ToLower,
    become U+FFFD where a case mapping touches them.
Dates are (year, month, day) tuples, so any four-digit year (0000 too) is kept as Go keeps it.

The module is split so that both entry scripts can use it:
  - clean_step(step, raw, upstream) runs one step of the seed's DAG (STEPS: one raw file into one
    table, reading the tables of earlier steps), and clean_files(files) every step over the six
    raw files, in order (the pythonshell job, with and without --step);
  - the per-row functions (clean_customer_row, ...) hold every rule that looks at one row only,
    and Dedup / the referential checks hold the rest (the glueetl job applies the per-row
    functions per partition and the cross-row rules with joins);
  - to_csv / report_json write the transformed objects and the data-quality report, and
    read_table reads a transformed object back (a step reading an earlier step's table).
"""

import csv
import gzip
import io
import json
import math
import re

# Rule names, exactly as the Go report prints them (clean.go).
RULE_MALFORMED = "malformed row (wrong number of fields)"
RULE_MISSING_ID = "missing or invalid id"
RULE_DUPLICATE = "duplicate row"
RULE_DUPLICATE_KEY = "duplicate key with different values (first kept)"
RULE_MISSING_DATE = "missing or unparseable date"
RULE_MISSING_QTY = "missing or unparseable quantity"
RULE_FRACTIONAL_QTY = "fractional quantity"
RULE_ZERO_ORDER_QTY = "order_qty is 0"
RULE_UNKNOWN_ORDER = "order not in the cleaned orders"
RULE_UNKNOWN_CUST = "customer not in the cleaned customers"
RULE_UNKNOWN_PRODUCT = "product not in the cleaned products"

REP_NOISE = "noise characters removed / whitespace trimmed"
REP_FLOAT_ID = "id written as a float (789201.0) or prefixed (ID_)"
REP_NULL_WORD = "null word or blank read as missing"
REP_UNITS = "unit suffix removed"
REP_NEG_FLAG = "flag -1 read as 1"
REP_BAD_FLAG = "flag outside {0,1} read as missing"
REP_DECIMAL_QTY = "integral decimal quantity (339.0) read as integer"
REP_NEG_QTY = "negative quantity read as its absolute value"
REP_CASE = "letter case normalised"
REP_SHORT_DATE = "numeric date (M/D/YYYY) read"
REP_NEG_TARGET = "negative target read as its absolute value"
REP_SENTINEL_TARGET = "target -1 or above 100 read as missing"
REP_WEEKDAY = "weekday does not match the date (date kept)"

NOTE_OTIF_CONTRADICTS = "OTIF flag is not on-time AND in-full (OTIF kept as delivered)"

# The raw files in the order they are cleaned (each may refer to the ones before it).
FILES = [
    "customers.csv",
    "customer_targets.csv",
    "products.csv",
    "orders.csv",
    "order_fulfillment.csv",
    "order_lines.csv",
]

# The transformed tables and their columns (tools/sampledata/dataset StarSchema).
TABLES = [
    ("dim_customers", ["customer_id", "customer_name", "city"]),
    ("dim_customer_targets", ["customer_id", "ontime_target", "infull_target", "otif_target"]),
    ("dim_products", ["product_id", "product_name", "category"]),
    ("fact_orders", ["order_id", "customer_id", "order_placement_date", "on_time", "in_full", "otif"]),
    ("fact_order_lines", ["order_id", "product_id", "customer_id", "order_placement_date", "order_qty",
                          "agreed_delivery_date", "actual_delivery_date", "delivery_qty"]),
]

MAX_INT64 = (1 << 63) - 1

# ---------------------------------------------------------------------------------------------
# Go's text primitives.

# unicode.IsSpace: Latin-1 spaces and the White_Space property.
GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
           "\u2028\u2029\u202f\u205f\u3000"

NOISE_CHARS = re.compile(r"[#@$|]")
SPACES = re.compile(r"[\t\n\f\r ]+")
UNIT_SUFFIX = re.compile("[\t\n\f\r ]*[uU][nN][iI][tT][sS\u017f]?\\Z")
INT_DECIMAL = re.compile(r"-?[0-9]+(\.0+)?\Z")
ID_PATTERN = re.compile(r"(?:[iI][dD]_)?([0-9]+)(\.0+)?\Z")
SHORT_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:,[\t\n\f\r ]*([0-9]{4}))?\Z")
NULL_WORDS = frozenset(["", "na", "n/a", "none", "null", "unknown", "nan"])


def go_trim_space(s):
    return s.strip(GO_SPACE)


def _is_escaped_byte(c):
    return "\udc80" <= c <= "\udcff"


def _lower_char(c):
    if _is_escaped_byte(c):
        return "\ufffd"
    lo = c.lower()
    if len(lo) == 1:
        return lo
    if c == "\u0130":
        return "i"
    return c


def _upper_char(c):
    if _is_escaped_byte(c):
        return "\ufffd"
    up = c.upper()
    return up if len(up) == 1 else c


def _title_char(c):
    if _is_escaped_byte(c):
        return "\ufffd"
    t = c.title()
    return t if len(t) == 1 else c


def _is_ascii(s):
    return all(ord(c) < 0x80 for c in s)


def go_lower(s):
    """strings.ToLower."""
    if _is_ascii(s):
        return s.lower()
    return "".join(_lower_char(c) for c in s)


def go_upper(s):
    """strings.ToUpper."""
    if _is_ascii(s):
        return s.upper()
    return "".join(_upper_char(c) for c in s)


def _underscore_ok(s):
    """strconv's underscoreOK."""
    saw = "^"
    i = 0
    if len(s) >= 1 and s[0] in "+-":
        s = s[1:]
    hexa = False
    if len(s) >= 2 and s[0] == "0" and s[1].lower() in "box":
        i = 2
        saw = "0"
        hexa = s[1].lower() == "x"
    while i < len(s):
        c = s[i]
        if "0" <= c <= "9" or (hexa and "a" <= c.lower() <= "f"):
            saw = "0"
        elif c == "_":
            if saw != "0":
                return False
            saw = "_"
        else:
            if saw == "_":
                return False
            saw = "!"
        i += 1
    return saw != "_"


_DEC_FLOAT = re.compile(r"[+-]?(?:[0-9_]*[0-9][0-9_]*\.?[0-9_]*|[0-9_]*\.[0-9_]*[0-9][0-9_]*)(?:[eE][+-]?[0-9_]*[0-9][0-9_]*)?\Z")
_HEX_FLOAT = re.compile(r"[+-]?0[xX](?:[0-9a-fA-F_]*[0-9a-fA-F][0-9a-fA-F_]*\.?[0-9a-fA-F_]*|[0-9a-fA-F_]*\.[0-9a-fA-F_]*[0-9a-fA-F][0-9a-fA-F_]*)[pP][+-]?[0-9_]*[0-9][0-9_]*\Z")
_SPECIAL_FLOAT = re.compile(r"(?:[+-]?(?:[iI][nN][fF](?:[iI][nN][iI][tT][yY])?)|[nN][aA][nN])\Z")


def parse_float(t):
    """strconv.ParseFloat(t, 64): the float, or None where Go returns a syntax error. Like Go, an
    out-of-range value is returned as an infinity (Go also returns an error then; callers that
    read numbers reject infinities either way)."""
    if _SPECIAL_FLOAT.match(t):
        return float(t)
    if _DEC_FLOAT.match(t):
        if "_" in t and not _underscore_ok(t):
            return None
        try:
            return float(t.replace("_", ""))
        except (ValueError, OverflowError):
            return None
    if _HEX_FLOAT.match(t):
        if "_" in t and not _underscore_ok(t):
            return None
        try:
            return float.fromhex(t.replace("_", ""))
        except (ValueError, OverflowError):
            return math.copysign(math.inf, -1.0 if t.startswith("-") else 1.0)
    return None


def go_round(x):
    """math.Round: half away from zero."""
    if math.isinf(x) or math.isnan(x):
        return x
    frac, whole = math.modf(x)
    if abs(frac) >= 0.5:
        whole += math.copysign(1.0, x)
    return whole


def go_format_float(f):
    """strconv.FormatFloat(f, 'f', -1, 64): shortest digits, never an exponent."""
    r = repr(f)
    if "e" in r or "E" in r:
        mant, exp = r.lower().split("e")
        neg = mant.startswith("-")
        mant = mant.lstrip("-")
        exp = int(exp)
        if "." in mant:
            ip, fp = mant.split(".")
        else:
            ip, fp = mant, ""
        digits = ip + fp
        point = len(ip) + exp
        if point <= 0:
            out = "0." + "0" * (-point) + digits
        elif point >= len(digits):
            out = digits + "0" * (point - len(digits))
        else:
            out = digits[:point] + "." + digits[point:]
        out = out.rstrip("0").rstrip(".") if "." in out else out
        return ("-" if neg else "") + out
    if r.endswith(".0"):
        r = r[:-2]
    return r


# ---------------------------------------------------------------------------------------------
# Value rules. rep is a dict of repair counts for the row being cleaned.

def _add(rep, rule):
    rep[rule] = rep.get(rule, 0) + 1


def text(s, rep):
    """Noise characters removed, whitespace trimmed and collapsed."""
    out = SPACES.sub(" ", go_trim_space(NOISE_CHARS.sub("", s)))
    if out != s:
        _add(rep, REP_NOISE)
    return out


def opt_text(s, rep):
    t = text(s, rep)
    if go_lower(t) in NULL_WORDS:
        if s != "":  # an empty cell is missing, not repaired
            _add(rep, REP_NULL_WORD)
        return None
    return t


def title_case(s):
    words = go_lower(s).split(" ")
    out = []
    for w in words:
        if w:
            w = _title_char(w[0]) + w[1:]
        out.append(w)
    return " ".join(out)


def case_fix(s, upper_only, rep):
    if s is None:
        return None
    if upper_only and go_upper(s) != s:
        return s
    t = title_case(s)
    if t != s:
        _add(rep, REP_CASE)
    return t


def parse_id(s, rep):
    """The id, or None when it is missing or invalid."""
    t = text(s, rep)
    m = ID_PATTERN.match(t)
    if m is None:
        return None
    if m.group(2) is not None or not t.startswith(m.group(1)):
        _add(rep, REP_FLOAT_ID)
    n = int(m.group(1))
    if n > MAX_INT64 or n <= 0:
        return None
    return n


def _strip_units(s, rep):
    t = text(s, rep)
    u = UNIT_SUFFIX.sub("", t, count=1)
    if u != t:
        _add(rep, REP_UNITS)
        t = go_trim_space(u)
    return t


def number(s, rep):
    """A numeric value (noise and a unit suffix removed, null words missing), or None."""
    t = _strip_units(s, rep)
    if t.endswith("%"):
        t = t[:-1]
    if go_lower(t) in NULL_WORDS:
        if s != "":
            _add(rep, REP_NULL_WORD)
        return None
    f = parse_float(t)
    if f is None or math.isnan(f) or math.isinf(f):
        return None
    return f


def flag(s, rep):
    f = number(s, rep)
    if f is None:
        return None
    if f == 0:
        return 0
    if f == 1:
        return 1
    if f == -1:
        _add(rep, REP_NEG_FLAG)
        return 1
    _add(rep, REP_BAD_FLAG)
    return None


def quantity(s, rep):
    """(quantity, None), or (None, the drop rule)."""
    t = _strip_units(s, rep)
    if go_lower(t) in NULL_WORDS:
        return None, RULE_MISSING_QTY
    if not INT_DECIMAL.match(t):
        if parse_float(t) is not None:
            return None, RULE_FRACTIONAL_QTY
        return None, RULE_MISSING_QTY
    if "." in t:
        _add(rep, REP_DECIMAL_QTY)
        t = t[:t.index(".")]
    n = int(t)
    if n > MAX_INT64 or n < -MAX_INT64 - 1:
        return None, RULE_MISSING_QTY
    if n < 0:
        _add(rep, REP_NEG_QTY)
        n = -n
    return n, None


def target(s, rep):
    f = number(s, rep)
    if f is None:
        return None
    if f == -1 or f > 100 or f < -100:
        _add(rep, REP_SENTINEL_TARGET)
        return None
    if f < 0:
        _add(rep, REP_NEG_TARGET)
        f = -f
    return go_round(f * 100) / 100


# ---------------------------------------------------------------------------------------------
# Dates, as time.Parse reads the layouts "Monday, January 2, 2006" and "2006-01-02".

DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def _is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def days_in(month, year):
    if month == 2:
        return 29 if _is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def weekday(d):
    """0 = Sunday, for any proleptic Gregorian (year, month, day)."""
    y, m, day = d
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146097 + doe - 719468  # days since 1970-01-01, a Thursday
    return (days + 4) % 7


def format_date(d):
    return "%04d-%02d-%02d" % d


def _match_fold(value, name):
    """time's match(): ASCII letters compared without case."""
    if len(value) < len(name):
        return False
    for c1, c2 in zip(value, name):
        if c1 != c2:
            if ord(c1) >= 0x80:
                return False
            l1 = chr(ord(c1) | 0x20)
            if l1 != chr(ord(c2) | 0x20) or not "a" <= l1 <= "z":
                return False
    return True


def _lookup(value, names):
    for i, n in enumerate(names):
        if _match_fold(value, n):
            return i, value[len(n):]
    return None, value


def _skip(value, prefix):
    """time's skip(): a space in the layout matches one or more spaces."""
    while prefix:
        if prefix[0] == " ":
            if value and value[0] != " ":
                return None
            prefix = prefix.lstrip(" ")
            value = value.lstrip(" ")
            continue
        if not value or value[0] != prefix[0]:
            return None
        prefix = prefix[1:]
        value = value[1:]
    return value


def _getnum(value, fixed):
    if not value or not "0" <= value[0] <= "9":
        return None, value
    if len(value) < 2 or not "0" <= value[1] <= "9":
        if fixed:
            return None, value
        return int(value[0]), value[1:]
    return int(value[:2]), value[2:]


def _year4(value):
    if len(value) < 4 or not all("0" <= c <= "9" for c in value[:4]):
        return None, value
    return int(value[:4]), value[4:]


def _parse_long(t):
    """(date, weekday name as written) for "Monday, January 2, 2006", or None."""
    wd, v = _lookup(t, DAY_NAMES)
    if wd is None:
        return None
    v = _skip(v, ", ")
    if v is None:
        return None
    mo, v = _lookup(v, MONTH_NAMES)
    if mo is None:
        return None
    v = _skip(v, " ")
    if v is None:
        return None
    day, v = _getnum(v, False)
    if day is None:
        return None
    v = _skip(v, ", ")
    if v is None:
        return None
    yr, v = _year4(v)
    if yr is None or v:
        return None
    if day < 1 or day > days_in(mo + 1, yr):
        return None
    return (yr, mo + 1, day)


def _parse_iso(t):
    yr, v = _year4(t)
    if yr is None:
        return None
    v = _skip(v, "-")
    if v is None:
        return None
    mo, v = _getnum(v, True)
    if mo is None:
        return None
    v = _skip(v, "-")
    if v is None:
        return None
    day, v = _getnum(v, True)
    if day is None or v:
        return None
    if mo < 1 or mo > 12 or day < 1 or day > days_in(mo, yr):
        return None
    return (yr, mo, day)


def parse_date(s, rep):
    """A (year, month, day), or None: "Weekday, Month D, YYYY" (a wrong weekday is reported, the
    date kept), "M/D/YYYY" optionally followed by the same year again, or ISO "YYYY-MM-DD"."""
    t = text(s, rep)
    if t == "":
        return None
    d = _parse_long(t)
    if d is not None:
        wd = t.split(",", 1)[0]
        if wd.lower() != DAY_NAMES[weekday(d)].lower():
            _add(rep, REP_WEEKDAY)
        return d
    m = SHORT_DATE.match(t)
    if m is not None:
        if m.group(4) is not None and m.group(4) != m.group(3):
            return None
        mo, da, yr = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if mo < 1 or mo > 12 or da < 1 or da > days_in(mo, yr):
            return None
        _add(rep, REP_SHORT_DATE)
        return (yr, mo, da)
    return _parse_iso(t)


# ---------------------------------------------------------------------------------------------
# CSV, read as Go's encoding/csv reads it (LazyQuotes, any number of fields per record).

def _go_lines(data):
    """Lines as csv.Reader.readLine returns them: "\\r\\n" normalised to "\\n", a trailing "\\r"
    before the end of the file dropped."""
    start = 0
    n = len(data)
    while start < n:
        end = data.find("\n", start)
        if end < 0:
            line = data[start:]
            if line.endswith("\r"):
                line = line[:-1]
            yield line, True
            return
        line = data[start:end + 1]
        if line.endswith("\r\n"):
            line = line[:-2] + "\n"
        yield line, False
        start = end + 1


def _nl_len(line):
    return 1 if line.endswith("\n") else 0


def iter_records(data):
    """Yields the records of data (a str) as Go's csv.Reader with LazyQuotes yields them."""
    lines = _go_lines(data)
    for line, _ in lines:
        if line == "\n":
            continue  # Go skips empty lines
        if line == "":
            continue
        rec = []
        buf = []
        while True:
            if not line or line[0] != '"':
                i = line.find(",")
                if i >= 0:
                    buf.append(line[:i])
                    rec.append("".join(buf))
                    buf = []
                    line = line[i + 1:]
                    continue
                buf.append(line[:len(line) - _nl_len(line)])
                rec.append("".join(buf))
                break
            # quoted field
            line = line[1:]
            done = False
            while True:
                i = line.find('"')
                if i >= 0:
                    buf.append(line[:i])
                    line = line[i + 1:]
                    if line.startswith('"'):
                        buf.append('"')
                        line = line[1:]
                    elif line.startswith(","):
                        line = line[1:]
                        rec.append("".join(buf))
                        buf = []
                        break
                    elif _nl_len(line) == len(line):
                        rec.append("".join(buf))
                        done = True
                        break
                    else:
                        buf.append('"')  # LazyQuotes: a bare quote
                elif line:
                    buf.append(line)
                    nxt = next(lines, None)
                    if nxt is None:
                        rec.append("".join(buf))
                        done = True
                        break
                    line = nxt[0]
                else:
                    rec.append("".join(buf))
                    done = True
                    break
            if done:
                break
        yield rec


def decode(raw):
    """Bytes to text, keeping any byte that is not UTF-8 (it is written back as it was)."""
    return raw.decode("utf-8", "surrogateescape")


# ---------------------------------------------------------------------------------------------
# The data-quality report.

class FileReport(object):
    """What happened to one raw file: the same counts as the Go report's FileReport."""

    def __init__(self, name):
        self.file = name
        self.read = 0
        self.kept = 0
        self.repaired = 0
        self.repairs = {}
        self.dropped = {}
        self.noticed = {}

    def keep(self, rep):
        self.kept += 1
        if rep:
            self.repaired += 1
        for k, v in rep.items():
            self.repairs[k] = self.repairs.get(k, 0) + v

    def drop(self, rule):
        self.dropped[rule] = self.dropped.get(rule, 0) + 1

    def notice(self, rule):
        self.noticed[rule] = self.noticed.get(rule, 0) + 1

    def dropped_total(self):
        return sum(self.dropped.values())

    def merge(self, other):
        """Adds other's counts (the glueetl job counts per partition)."""
        self.read += other.read
        self.kept += other.kept
        self.repaired += other.repaired
        for mine, theirs in ((self.repairs, other.repairs), (self.dropped, other.dropped),
                             (self.noticed, other.noticed)):
            for k, v in theirs.items():
                mine[k] = mine.get(k, 0) + v

    def to_dict(self):
        return {"file": self.file, "read": self.read, "kept": self.kept, "repaired": self.repaired,
                "dropped_total": self.dropped_total(), "repairs": dict(sorted(self.repairs.items())),
                "dropped": dict(sorted(self.dropped.items())), "noticed": dict(sorted(self.noticed.items()))}


def read_rows(data, fr):
    """The data rows of a file (str), counting them in fr: a row whose number of fields differs
    from the header's is dropped; blank lines are skipped and not counted. Raises ValueError on a
    file without a header."""
    records = iter_records(data)
    header = next(records, None)
    if header is None:
        raise ValueError("reading the header of %s: EOF" % fr.file)
    rows = []
    for rec in records:
        if len(rec) == 1 and go_trim_space(rec[0]) == "":
            continue
        fr.read += 1
        if len(rec) != len(header):
            fr.drop(RULE_MALFORMED)
            continue
        rows.append(rec)
    return header, rows


class Dedup(object):
    """Exact duplicates and conflicting keys: the first row of a key is kept."""

    def __init__(self):
        self.by_key = {}

    def check(self, key, whole):
        prev = self.by_key.get(key, _MISSING)
        if prev is _MISSING:
            self.by_key[key] = whole
            return None
        if prev == whole:
            return RULE_DUPLICATE
        return RULE_DUPLICATE_KEY


_MISSING = object()


def _deref(s):
    return "\x00" if s is None else s


def _fptr(f):
    return "nil" if f is None else go_format_float(f)


def _i16(v):
    return "nil" if v is None else str(v)


# ---------------------------------------------------------------------------------------------
# Per-row rules: each returns (row, drop rule, repairs, dedup key, dedup value); row is None when
# the row is dropped by a rule that needs no other row. The cross-row rules (known customer,
# order, product; deduplication) are applied by the caller in the order: per-row rule,
# referential checks, deduplication.

def clean_customer_row(r):
    rep = {}
    cid = parse_id(r[0], rep)
    if cid is None:
        return None, RULE_MISSING_ID, rep, None, None
    name = case_fix(opt_text(r[1], rep), True, rep)
    city = case_fix(opt_text(r[2], rep), False, rep)
    return (cid, name, city), None, rep, str(cid), _deref(name) + "|" + _deref(city)


def clean_target_row(r):
    rep = {}
    cid = parse_id(r[0], rep)
    if cid is None:
        return None, RULE_MISSING_ID, rep, None, None
    ot, inf, otif = target(r[1], rep), target(r[2], rep), target(r[3], rep)
    return (cid, ot, inf, otif), None, rep, str(cid), _fptr(ot) + _fptr(inf) + _fptr(otif)


def clean_product_row(r):
    rep = {}
    pid = parse_id(r[0], rep)
    if pid is None:
        return None, RULE_MISSING_ID, rep, None, None
    name = opt_text(r[1], rep)
    category = case_fix(opt_text(r[2], rep), False, rep)
    return (pid, name, category), None, rep, str(pid), _deref(name) + "|" + _deref(category)


def clean_order_row(r):
    rep = {}
    oid = go_upper(text(r[0], rep))
    if oid == "" or go_lower(oid) in NULL_WORDS:
        return None, RULE_MISSING_ID, rep, None, None
    cid = parse_id(r[1], rep)
    if cid is None:
        return None, RULE_MISSING_ID, rep, None, None
    placed = parse_date(r[2], rep)
    if placed is None:
        return None, RULE_MISSING_DATE, rep, None, None
    return (oid, cid, placed), None, rep, oid, (cid, placed)


def clean_fulfillment_row(r):
    """Go reads the flags after the known-order check; reading them first changes no count, since
    the repairs of a dropped row are not counted and no flag drops a row."""
    rep = {}
    oid = go_upper(text(r[0], rep))
    if oid == "":
        return None, RULE_MISSING_ID, rep, None, None
    ot, inf, otif = flag(r[1], rep), flag(r[2], rep), flag(r[3], rep)
    return (oid, ot, inf, otif), None, rep, oid, _i16(ot) + _i16(inf) + _i16(otif)


def otif_contradicts(ot, inf, otif):
    return ot is not None and inf is not None and otif is not None and (ot == 1 and inf == 1) != (otif == 1)


def clean_line_row(r):
    rep = {}
    oid = go_upper(text(r[0], rep))
    pid = parse_id(r[1], rep)
    if oid == "" or pid is None:
        return None, RULE_MISSING_ID, rep, None, None
    oq, rule = quantity(r[2], rep)
    if rule is None and oq == 0:
        rule = RULE_ZERO_ORDER_QTY
    if rule is not None:
        return None, rule, rep, None, None
    agreed = parse_date(r[3], rep)
    actual = parse_date(r[4], rep)
    if agreed is None or actual is None:
        return None, RULE_MISSING_DATE, rep, None, None
    dq, rule = quantity(r[5], rep)
    if rule is not None:
        return None, rule, rep, None, None
    return (oid, pid, oq, agreed, actual, dq), None, rep, (oid, pid), (oq, agreed, actual, dq)


# ---------------------------------------------------------------------------------------------
# The steps of the seed's DAG (pythonshell): one per raw file, each writing one table.

# (step, raw file, table written, tables read). A step reads the cleaned tables of earlier steps
# (the referential rules look at them), so a step runs after the steps writing what it reads:
# customers and products, then targets and orders, then order lines, then fulfilment (which
# writes the orders' flags into fact_orders). The stack's etl/steps.json orders them; a test keeps
# the two in agreement.
STEPS = [
    ("customers", "customers.csv", "dim_customers", ()),
    ("products", "products.csv", "dim_products", ()),
    ("targets", "customer_targets.csv", "dim_customer_targets", ("dim_customers",)),
    ("orders", "orders.csv", "fact_orders", ("dim_customers",)),
    ("order_lines", "order_lines.csv", "fact_order_lines", ("fact_orders", "dim_products")),
    ("fulfilment", "order_fulfillment.csv", "fact_orders", ("fact_orders",)),
]


def step_spec(step):
    """(raw file, table written, tables read) of a step; KeyError names the known steps."""
    for name, raw, table, needs in STEPS:
        if name == step:
            return raw, table, needs
    raise KeyError("unknown step %r: one of %s" % (step, ", ".join(s[0] for s in STEPS)))


def _kept(fr, data, clean_row, refuse=None, notice=None):
    """The rows of one raw file that survive, in file order: cleaned by clean_row, then refused
    by refuse (a rule, or None: references to the other files), then de-duplicated; each outcome
    counted in fr, with notice's remark on a kept row."""
    _, rows = read_rows(decode(data), fr)
    dd = Dedup()
    out = []
    for r in rows:
        row, rule, rep, key, whole = clean_row(r)
        if row is None:
            fr.drop(rule)
            continue
        rule = refuse(row) if refuse is not None else None
        if rule is None:
            rule = dd.check(key, whole)
        if rule is not None:
            fr.drop(rule)
            continue
        out.append(row)
        fr.keep(rep)
        note = notice(row) if notice is not None else None
        if note is not None:
            fr.notice(note)
    return out


def clean_step(step, data, upstream):
    """Runs one step: data is its raw file's bytes, upstream maps each table the step reads
    (step_spec) to its rows, as clean_step returned them or read_table read them back. Returns
    (rows of the step's table, FileReport). Raises KeyError for an unknown step or a missing
    upstream table and ValueError for a file without a header."""
    raw, _, needs = step_spec(step)
    for t in needs:
        if t not in upstream:
            raise KeyError("step %s reads %s: run the step writing it first" % (step, t))
    fr = FileReport(raw)

    def ids(table):
        return {row[0]: True for row in upstream[table]}

    def unknown_customer(i):
        customers = ids("dim_customers")
        return lambda row: RULE_UNKNOWN_CUST if row[i] not in customers else None

    if step == "customers":
        return _kept(fr, data, clean_customer_row), fr
    if step == "products":
        return _kept(fr, data, clean_product_row), fr
    if step == "targets":
        return _kept(fr, data, clean_target_row, unknown_customer(0)), fr
    if step == "orders":
        rows = _kept(fr, data, clean_order_row, unknown_customer(1))
        return [tuple(row) + (None, None, None) for row in rows], fr
    # The order lines and the fulfilment look orders up by id.
    order_rows = [list(o[:3]) + [None, None, None] for o in upstream["fact_orders"]]
    orders = {o[0]: i for i, o in enumerate(order_rows)}  # order id -> index in order_rows

    if step == "fulfilment":
        # Every order's flags come from this file alone, so a re-run of the step is the same.
        def unknown_order(row):
            return RULE_UNKNOWN_ORDER if row[0] not in orders else None

        for row in _kept(fr, data, clean_fulfillment_row, unknown_order, fulfillment_notice):
            order_rows[orders[row[0]]][3:6] = row[1:4]
        return [tuple(o) for o in order_rows], fr

    products = ids("dim_products")

    def unknown_order_or_product(row):
        if row[0] not in orders:
            return RULE_UNKNOWN_ORDER
        if row[1] not in products:
            return RULE_UNKNOWN_PRODUCT
        return None

    out = []
    for row in _kept(fr, data, clean_line_row, unknown_order_or_product):
        o = order_rows[orders[row[0]]]
        out.append((row[0], row[1], o[1], o[2], row[2], row[3], row[4], row[5]))
    return out, fr


# ---------------------------------------------------------------------------------------------
# The whole run, in order (pythonshell without --step).

def clean_files(files):
    """Cleans the six raw files: every step, in FILES order. files maps a file name (FILES) to
    its bytes. Returns (tables, report): tables maps a table name (TABLES) to its rows in file
    order, report is the list of FileReport in FILES order. Raises KeyError for a missing file
    and ValueError for a file without a header."""
    by_file = {raw: (name, table) for name, raw, table, _ in STEPS}
    report = []
    tables = {}
    for name in FILES:
        step, table = by_file[name]
        tables[table], fr = clean_step(step, files[name], tables)
        report.append(fr)
    return tables, report


# ---------------------------------------------------------------------------------------------
# The same rules in pieces that run per partition (glueetl): a file read line by line, rows
# numbered in file order, the cross-row rules applied by the caller with joins and a group by key.

def parse_partition(header_len, row_fn, items, header_index=0):
    """Applies the per-row rules to one partition of a file read line by line. items are
    (line, index) pairs, index being the line's position in the file (the header's is
    header_index; it is skipped). Yields ("read",) for every counted row, ("drop", rule) for every
    dropped one and ("row", index, row, repairs, key, whole) for the rest. A line is one record: a
    quoted field spanning lines is not joined (the pythonshell job, reading whole files, does)."""
    for line, index in items:
        if index == header_index:
            continue
        for rec in iter_records(line + "\n"):
            if len(rec) == 1 and go_trim_space(rec[0]) == "":
                continue
            yield ("read",)
            if len(rec) != header_len:
                yield ("drop", RULE_MALFORMED)
                continue
            row, rule, rep, key, whole = row_fn(rec)
            if row is None:
                yield ("drop", rule)
                continue
            yield ("row", index, row, rep, key, whole)


def first_record(line):
    """The fields of a header line."""
    for rec in iter_records(line + "\n"):
        return rec
    return []


def dedup_group(group):
    """Deduplication of the rows of one key: group is (key, iterable of (index, row, repairs,
    whole)). The first row in file order is kept; yields ("keep", index, row, repairs) for it and
    ("drop", rule) for each later one."""
    _, rows = group
    rows = sorted(rows, key=lambda r: r[0])
    first = rows[0]
    yield ("keep", first[0], first[1], first[2])
    for r in rows[1:]:
        yield ("drop", RULE_DUPLICATE if r[3] == first[3] else RULE_DUPLICATE_KEY)


def count_outcomes(file_name, items, notice=None):
    """Counts one partition of outcomes ("read",), ("drop", rule), ("keep", index, row, repairs)
    into a FileReport (yielded once, for mapPartitions; merge the partitions' reports with
    FileReport.merge). notice(row) names a finding on a kept row, or returns None."""
    fr = FileReport(file_name)
    for o in items:
        if o[0] == "read":
            fr.read += 1
        elif o[0] == "drop":
            fr.drop(o[1])
        else:
            fr.keep(o[3])
            if notice is not None:
                rule = notice(o[2])
                if rule is not None:
                    fr.notice(rule)
    yield fr


def fulfillment_notice(row):
    return NOTE_OTIF_CONTRADICTS if otif_contradicts(row[1], row[2], row[3]) else None


def format_row(row):
    """A row's cells as the transformed CSV writes them."""
    return [format_value(v) for v in row]


# ---------------------------------------------------------------------------------------------
# Output.

def format_value(v):
    """A cell of a transformed CSV: NULL is an empty field, a date is ISO, a target has two
    decimals (numeric(5,2)), everything else as written."""
    if v is None:
        return ""
    if isinstance(v, tuple):
        return format_date(v)
    if isinstance(v, float):
        return "%.2f" % v
    return str(v)


def to_csv(table, rows):
    """The transformed object of a table: CSV with a header line, gzip-compressed (deterministic:
    no name, mtime 0)."""
    cols = dict(TABLES)[table]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for row in rows:
        w.writerow(format_row(row))
    return gzip.compress(buf.getvalue().encode("utf-8", "surrogateescape"), mtime=0)


# How read_table types a column of a transformed table (format_value's inverse).
_INT_COLUMNS = frozenset(["customer_id", "product_id", "on_time", "in_full", "otif", "order_qty", "delivery_qty"])
_FLOAT_COLUMNS = frozenset(["ontime_target", "infull_target", "otif_target"])
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")


def _read_value(column, cell):
    if cell == "":
        return None
    if column in _INT_COLUMNS:
        return int(cell)
    if column in _FLOAT_COLUMNS:
        return float(cell)
    if column.endswith("_date"):
        m = _ISO_DATE.match(cell)
        if m is None:
            raise ValueError("%r is not YYYY-MM-DD" % cell)
        return (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return cell


def read_table(table, data):
    """The rows of a transformed object (to_csv's output, gzip or not) as the steps made them, so
    that a step can read an earlier step's table back: to_csv(table, read_table(table, b)) == b.
    Raises ValueError when the header is not the table's columns or a cell does not parse."""
    cols = dict(TABLES)[table]
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8", "surrogateescape"), newline="")))
    if not rows or rows[0] != cols:
        raise ValueError("%s: header %r, want %r" % (table, rows[0] if rows else None, cols))
    out = []
    for n, rec in enumerate(rows[1:], 2):
        if len(rec) != len(cols):
            raise ValueError("%s line %d: %d fields, want %d" % (table, n, len(rec), len(cols)))
        try:
            out.append(tuple(_read_value(c, v) for c, v in zip(cols, rec)))
        except ValueError as e:
            raise ValueError("%s line %d: %s" % (table, n, e))
    return out


def report_json(report, run):
    """The data-quality report object of a run: run is a dict of what identifies it (run date,
    source, destination), report the list of FileReport."""
    doc = dict(run)
    doc["files"] = [fr.to_dict() for fr in report]
    return (json.dumps(doc, indent=2, sort_keys=False) + "\n").encode("utf-8")


def report_text(report):
    """The report as the Go cleaner prints it (Report.Write)."""
    lines = ["Data-quality report", "%-24s %8s %8s %8s %8s" % ("file", "read", "kept", "repaired", "dropped")]
    for f in report:
        lines.append("%-24s %8d %8d %8d %8d" % (f.file, f.read, f.kept, f.repaired, f.dropped_total()))
    for f in report:
        if not f.repairs and not f.dropped and not f.noticed:
            continue
        lines.append("")
        lines.append(f.file)
        for k in sorted(f.repairs):
            lines.append("  repaired %6d  %s" % (f.repairs[k], k))
        for k in sorted(f.dropped):
            lines.append("  dropped  %6d  %s" % (f.dropped[k], k))
        for k in sorted(f.noticed):
            lines.append("  noticed  %6d  %s" % (f.noticed[k], k))
    return "\n".join(lines) + "\n"
