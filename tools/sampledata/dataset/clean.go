package dataset

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The cleaning rules are written out in docs/guides/sample-data-cleaning.md; the rule names
// below are the ones the data-quality report prints.
const (
	ruleMalformed      = "malformed row (wrong number of fields)"
	ruleMissingID      = "missing or invalid id"
	ruleDuplicate      = "duplicate row"
	ruleDuplicateKey   = "duplicate key with different values (first kept)"
	ruleMissingDate    = "missing or unparseable date"
	ruleMissingQty     = "missing or unparseable quantity"
	ruleFractionalQty  = "fractional quantity"
	ruleZeroOrderQty   = "order_qty is 0"
	ruleUnknownOrder   = "order not in the cleaned orders"
	ruleUnknownCust    = "customer not in the cleaned customers"
	ruleUnknownProduct = "product not in the cleaned products"

	repNoise       = "noise characters removed / whitespace trimmed"
	repFloatID     = "id written as a float (789201.0) or prefixed (ID_)"
	repNullWord    = "null word or blank read as missing"
	repUnits       = "unit suffix removed"
	repNegFlag     = "flag -1 read as 1"
	repBadFlag     = "flag outside {0,1} read as missing"
	repDecimalQty  = "integral decimal quantity (339.0) read as integer"
	repNegQty      = "negative quantity read as its absolute value"
	repCase        = "letter case normalised"
	repShortDate   = "numeric date (M/D/YYYY) read"
	repNegTarget   = "negative target read as its absolute value"
	repSentinelTgt = "target -1 or above 100 read as missing"
	repWeekday     = "weekday does not match the date (date kept)"

	// Noticed, not changed: the row is kept as it is.
	noteOTIFContradicts = "OTIF flag is not on-time AND in-full (OTIF kept as delivered)"
)

// FileReport counts what happened to one raw file.
type FileReport struct {
	File     string
	Read     int // data rows read (header excluded)
	Kept     int
	Repaired int            // kept rows with at least one repaired value
	Repairs  map[string]int // values repaired, per rule
	Dropped  map[string]int // rows dropped, per rule
	Noticed  map[string]int // kept rows with a finding that changed nothing, per rule
}

// Report is the data-quality report of a cleaning run, one entry per file.
type Report []*FileReport

func newFileReport(name string) *FileReport {
	return &FileReport{File: name, Repairs: map[string]int{}, Dropped: map[string]int{}, Noticed: map[string]int{}}
}

// DroppedTotal sums the dropped rows.
func (f *FileReport) DroppedTotal() int {
	n := 0
	for _, v := range f.Dropped {
		n += v
	}
	return n
}

// Write prints the report as a text table.
func (r Report) Write(w io.Writer) {
	fmt.Fprintf(w, "Data-quality report\n")
	fmt.Fprintf(w, "%-24s %8s %8s %8s %8s\n", "file", "read", "kept", "repaired", "dropped")
	for _, f := range r {
		fmt.Fprintf(w, "%-24s %8d %8d %8d %8d\n", f.File, f.Read, f.Kept, f.Repaired, f.DroppedTotal())
	}
	for _, f := range r {
		if len(f.Repairs) == 0 && len(f.Dropped) == 0 && len(f.Noticed) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s\n", f.File)
		for _, k := range sortedKeys(f.Repairs) {
			fmt.Fprintf(w, "  repaired %6d  %s\n", f.Repairs[k], k)
		}
		for _, k := range sortedKeys(f.Dropped) {
			fmt.Fprintf(w, "  dropped  %6d  %s\n", f.Dropped[k], k)
		}
		for _, k := range sortedKeys(f.Noticed) {
			fmt.Fprintf(w, "  noticed  %6d  %s\n", f.Noticed[k], k)
		}
	}
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// rowRepairs collects the repairs of one row; they count only if the row is kept.
type rowRepairs map[string]int

func (r rowRepairs) add(rule string) { r[rule]++ }

func (f *FileReport) keep(r rowRepairs) {
	f.Kept++
	if len(r) > 0 {
		f.Repaired++
	}
	for k, v := range r {
		f.Repairs[k] += v
	}
}

func (f *FileReport) drop(rule string) { f.Dropped[rule]++ }

var (
	noiseChars = regexp.MustCompile(`[#@$|]`)
	spaces     = regexp.MustCompile(`\s+`)
	unitSuffix = regexp.MustCompile(`(?i)\s*units?$`)
	intDecimal = regexp.MustCompile(`^-?\d+(\.0+)?$`)
	idPattern  = regexp.MustCompile(`(?i)^(?:id_)?(\d+)(\.0+)?$`)
	shortDate  = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})(?:,\s*(\d{4}))?$`)
	nullWords  = map[string]bool{"": true, "na": true, "n/a": true, "none": true, "null": true, "unknown": true, "nan": true}
)

// text removes noise characters, trims and collapses whitespace.
func text(s string, rep rowRepairs) string {
	out := spaces.ReplaceAllString(strings.TrimSpace(noiseChars.ReplaceAllString(s, "")), " ")
	if out != s {
		rep.add(repNoise)
	}
	return out
}

// optText is text with null words read as missing.
func optText(s string, rep rowRepairs) *string {
	t := text(s, rep)
	if nullWords[strings.ToLower(t)] {
		if s != "" { // an empty cell is missing, not repaired
			rep.add(repNullWord)
		}
		return nil
	}
	return &t
}

// titleCase lower-cases s, then puts the first rune of each space-separated word in title case
// (runes, not bytes: "élodie" → "Élodie").
func titleCase(s string) string {
	words := strings.Split(strings.ToLower(s), " ")
	for i, w := range words {
		if r, n := utf8.DecodeRuneInString(w); n > 0 {
			words[i] = string(unicode.ToTitle(r)) + w[n:]
		}
	}
	return strings.Join(words, " ")
}

func caseFix(s *string, upperOnly bool, rep rowRepairs) *string {
	if s == nil {
		return nil
	}
	if upperOnly && strings.ToUpper(*s) != *s {
		return s
	}
	t := titleCase(*s)
	if t != *s {
		rep.add(repCase)
	}
	return &t
}

func parseID(s string, rep rowRepairs) (int64, bool) {
	t := text(s, rep)
	m := idPattern.FindStringSubmatch(t)
	if m == nil {
		return 0, false
	}
	if m[2] != "" || !strings.HasPrefix(t, m[1]) {
		rep.add(repFloatID)
	}
	id, err := strconv.ParseInt(m[1], 10, 64)
	return id, err == nil && id > 0
}

// number reads a numeric value: noise and a unit suffix removed, null words missing.
func number(s string, rep rowRepairs) (float64, bool) {
	t := text(s, rep)
	if u := unitSuffix.ReplaceAllString(t, ""); u != t {
		rep.add(repUnits)
		t = strings.TrimSpace(u)
	}
	t = strings.TrimSuffix(t, "%")
	if nullWords[strings.ToLower(t)] {
		if s != "" { // an empty cell is missing, not repaired
			rep.add(repNullWord)
		}
		return 0, false
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func flag(s string, rep rowRepairs) *int16 {
	f, ok := number(s, rep)
	if !ok {
		return nil
	}
	switch f {
	case 0:
		return ptr(int16(0))
	case 1:
		return ptr(int16(1))
	case -1:
		rep.add(repNegFlag)
		return ptr(int16(1))
	}
	rep.add(repBadFlag)
	return nil
}

// quantity reads a non-negative integral quantity; err names the drop rule.
func quantity(s string, rep rowRepairs) (int64, string) {
	t := text(s, rep)
	if u := unitSuffix.ReplaceAllString(t, ""); u != t {
		rep.add(repUnits)
		t = strings.TrimSpace(u)
	}
	if nullWords[strings.ToLower(t)] {
		return 0, ruleMissingQty
	}
	if !intDecimal.MatchString(t) {
		if _, err := strconv.ParseFloat(t, 64); err == nil {
			return 0, ruleFractionalQty
		}
		return 0, ruleMissingQty
	}
	if strings.Contains(t, ".") {
		rep.add(repDecimalQty)
		t = t[:strings.Index(t, ".")]
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return 0, ruleMissingQty
	}
	if n < 0 {
		rep.add(repNegQty)
		n = -n
	}
	return n, ""
}

// date reads "Weekday, Month D, YYYY" (the weekday must match), "M/D/YYYY" optionally followed by
// the year again, or ISO "YYYY-MM-DD".
func date(s string, rep rowRepairs) (time.Time, bool) {
	t := text(s, rep)
	if t == "" {
		return time.Time{}, false
	}
	if d, err := time.Parse("Monday, January 2, 2006", t); err == nil {
		// Go checks the weekday's spelling but not its value: a wrong weekday is reported and
		// the calendar date is kept.
		if wd, _, _ := strings.Cut(t, ","); !strings.EqualFold(wd, d.Weekday().String()) {
			rep.add(repWeekday)
		}
		return d, true
	}
	if m := shortDate.FindStringSubmatch(t); m != nil {
		if m[4] != "" && m[4] != m[3] {
			return time.Time{}, false
		}
		mo, _ := strconv.Atoi(m[1])
		da, _ := strconv.Atoi(m[2])
		yr, _ := strconv.Atoi(m[3])
		d := time.Date(yr, time.Month(mo), da, 0, 0, 0, 0, time.UTC)
		if d.Month() != time.Month(mo) || d.Day() != da {
			return time.Time{}, false
		}
		rep.add(repShortDate)
		return d, true
	}
	if d, err := time.Parse("2006-01-02", t); err == nil {
		return d, true
	}
	return time.Time{}, false
}

func target(s string, rep rowRepairs) *float64 {
	f, ok := number(s, rep)
	if !ok {
		return nil
	}
	if f == -1 || f > 100 || f < -100 {
		rep.add(repSentinelTgt)
		return nil
	}
	if f < 0 {
		rep.add(repNegTarget)
		f = -f
	}
	f = math.Round(f*100) / 100
	return &f
}

// readCSV reads a file's data rows, dropping rows whose field count differs from the header's.
func readCSV(path string, fr *FileReport) ([]string, [][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("reading the header of %s: %w", path, err)
	}
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				fr.Read++
				fr.drop(ruleMalformed)
				continue
			}
			return nil, nil, fmt.Errorf("reading %s: %w", path, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		fr.Read++
		if len(rec) != len(header) {
			fr.drop(ruleMalformed)
			continue
		}
		rows = append(rows, rec)
	}
	return header, rows, nil
}

// dedup tracks exact duplicates and conflicting keys.
type dedup struct {
	byKey map[string]string
}

func (d *dedup) check(key, whole string) string {
	if d.byKey == nil {
		d.byKey = map[string]string{}
	}
	prev, ok := d.byKey[key]
	if !ok {
		d.byKey[key] = whole
		return ""
	}
	if prev == whole {
		return ruleDuplicate
	}
	return ruleDuplicateKey
}

// Clean reads the six raw files in dir and returns the cleaned star schema rows and the report.
func Clean(dir string) (Dataset, Report, error) {
	var ds Dataset
	var report Report
	file := func(name string) (*FileReport, [][]string, error) {
		fr := newFileReport(name)
		report = append(report, fr)
		_, rows, err := readCSV(filepath.Join(dir, name), fr)
		return fr, rows, err
	}

	// customers.csv: CUSTOMER_ID, customer.name, city
	fr, rows, err := file("customers.csv")
	if err != nil {
		return ds, report, err
	}
	customers := map[int64]bool{}
	var dd dedup
	for _, r := range rows {
		rep := rowRepairs{}
		id, ok := parseID(r[0], rep)
		if !ok {
			fr.drop(ruleMissingID)
			continue
		}
		c := Customer{ID: id, Name: caseFix(optText(r[1], rep), true, rep), City: caseFix(optText(r[2], rep), false, rep)}
		if rule := dd.check(fmt.Sprint(id), fmt.Sprint(deref(c.Name), "|", deref(c.City))); rule != "" {
			fr.drop(rule)
			continue
		}
		customers[id] = true
		ds.Customers = append(ds.Customers, c)
		fr.keep(rep)
	}

	// customer_targets.csv: CUSTOMER_ID, ontime_target%, infull_target%, OTIF_TARGET%
	fr, rows, err = file("customer_targets.csv")
	if err != nil {
		return ds, report, err
	}
	dd = dedup{}
	for _, r := range rows {
		rep := rowRepairs{}
		id, ok := parseID(r[0], rep)
		if !ok {
			fr.drop(ruleMissingID)
			continue
		}
		if !customers[id] {
			fr.drop(ruleUnknownCust)
			continue
		}
		t := Target{CustomerID: id, OnTime: target(r[1], rep), InFull: target(r[2], rep), OTIF: target(r[3], rep)}
		if rule := dd.check(fmt.Sprint(id), fmt.Sprint(fptr(t.OnTime), fptr(t.InFull), fptr(t.OTIF))); rule != "" {
			fr.drop(rule)
			continue
		}
		ds.Targets = append(ds.Targets, t)
		fr.keep(rep)
	}

	// products.csv: PRODUCT_ID, product.name, category
	fr, rows, err = file("products.csv")
	if err != nil {
		return ds, report, err
	}
	products := map[int64]bool{}
	dd = dedup{}
	for _, r := range rows {
		rep := rowRepairs{}
		id, ok := parseID(r[0], rep)
		if !ok {
			fr.drop(ruleMissingID)
			continue
		}
		p := Product{ID: id, Name: optText(r[1], rep), Category: caseFix(optText(r[2], rep), false, rep)}
		if rule := dd.check(fmt.Sprint(id), fmt.Sprint(deref(p.Name), "|", deref(p.Category))); rule != "" {
			fr.drop(rule)
			continue
		}
		products[id] = true
		ds.Products = append(ds.Products, p)
		fr.keep(rep)
	}

	// orders.csv: order_id, customer_id, order_placement_date
	fr, rows, err = file("orders.csv")
	if err != nil {
		return ds, report, err
	}
	orders := map[string]int{} // order id -> index in ds.Orders
	dd = dedup{}
	for _, r := range rows {
		rep := rowRepairs{}
		oid := strings.ToUpper(text(r[0], rep))
		if oid == "" || nullWords[strings.ToLower(oid)] {
			fr.drop(ruleMissingID)
			continue
		}
		cid, ok := parseID(r[1], rep)
		if !ok {
			fr.drop(ruleMissingID)
			continue
		}
		placed, ok := date(r[2], rep)
		if !ok {
			fr.drop(ruleMissingDate)
			continue
		}
		if !customers[cid] {
			fr.drop(ruleUnknownCust)
			continue
		}
		if rule := dd.check(oid, fmt.Sprint(cid, placed)); rule != "" {
			fr.drop(rule)
			continue
		}
		orders[oid] = len(ds.Orders)
		ds.Orders = append(ds.Orders, Order{ID: oid, CustomerID: cid, Placed: placed})
		fr.keep(rep)
	}

	// order_fulfillment.csv: ORDER_ID, on.time, in_full, OTIF
	fr, rows, err = file("order_fulfillment.csv")
	if err != nil {
		return ds, report, err
	}
	dd = dedup{}
	for _, r := range rows {
		rep := rowRepairs{}
		oid := strings.ToUpper(text(r[0], rep))
		if oid == "" {
			fr.drop(ruleMissingID)
			continue
		}
		i, ok := orders[oid]
		if !ok {
			fr.drop(ruleUnknownOrder)
			continue
		}
		ot, inf, otif := flag(r[1], rep), flag(r[2], rep), flag(r[3], rep)
		if rule := dd.check(oid, fmt.Sprint(i16(ot), i16(inf), i16(otif))); rule != "" {
			fr.drop(rule)
			continue
		}
		o := &ds.Orders[i]
		o.OnTime, o.InFull, o.OTIF = ot, inf, otif
		fr.keep(rep)
		if ot != nil && inf != nil && otif != nil && (*ot == 1 && *inf == 1) != (*otif == 1) {
			fr.Noticed[noteOTIFContradicts]++
		}
	}

	// order_lines.csv: order_id, product_id, order_qty, agreed_delivery_date, actual_delivery_date, delivery_qty
	fr, rows, err = file("order_lines.csv")
	if err != nil {
		return ds, report, err
	}
	dd = dedup{}
	for _, r := range rows {
		rep := rowRepairs{}
		oid := strings.ToUpper(text(r[0], rep))
		pid, ok := parseID(r[1], rep)
		if oid == "" || !ok {
			fr.drop(ruleMissingID)
			continue
		}
		oq, rule := quantity(r[2], rep)
		if rule == "" && oq == 0 {
			rule = ruleZeroOrderQty
		}
		if rule != "" {
			fr.drop(rule)
			continue
		}
		agreed, ok1 := date(r[3], rep)
		actual, ok2 := date(r[4], rep)
		if !ok1 || !ok2 {
			fr.drop(ruleMissingDate)
			continue
		}
		dq, rule := quantity(r[5], rep)
		if rule != "" {
			fr.drop(rule)
			continue
		}
		i, ok := orders[oid]
		if !ok {
			fr.drop(ruleUnknownOrder)
			continue
		}
		if !products[pid] {
			fr.drop(ruleUnknownProduct)
			continue
		}
		if rule := dd.check(fmt.Sprint(oid, "|", pid), fmt.Sprint(oq, agreed, actual, dq)); rule != "" {
			fr.drop(rule)
			continue
		}
		o := ds.Orders[i]
		ds.Lines = append(ds.Lines, Line{OrderID: oid, ProductID: pid, CustomerID: o.CustomerID, Placed: o.Placed,
			OrderQty: oq, Agreed: agreed, Actual: actual, DeliveryQty: dq})
		fr.keep(rep)
	}
	return ds, report, nil
}

func deref(s *string) string {
	if s == nil {
		return "\x00"
	}
	return *s
}

func fptr(f *float64) string {
	if f == nil {
		return "nil"
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func i16(v *int16) string {
	if v == nil {
		return "nil"
	}
	return strconv.Itoa(int(*v))
}
