package dataset

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func rawDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "stacks", "nexabrands", "sample-data", "raw")
}

func TestQuantity(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		rule string
	}{
		{"339", 339, ""},
		{"339.0", 339, ""}, // the origin stripped every non-digit and read 3390
		{"84units", 84, ""},
		{"1.0 UNITS", 1, ""},
		{"-208", 208, ""},
		{" 12 ", 12, ""},
		{"12.5", 0, ruleFractionalQty},
		{"nan units", 0, ruleMissingQty},
		{"", 0, ruleMissingQty},
		{"NULL", 0, ruleMissingQty},
		{"abc", 0, ruleMissingQty},
	}
	for _, c := range cases {
		got, rule := quantity(c.in, rowRepairs{})
		if got != c.want || rule != c.rule {
			t.Errorf("quantity(%q) = %d, %q; want %d, %q", c.in, got, rule, c.want, c.rule)
		}
	}
}

func TestDate(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"Tuesday, March 1, 2022", d(2022, 3, 1), true}, // the origin mangled these before parsing
		{"Wednesday, March 30, 2022", d(2022, 3, 30), true},
		{"Friday, March 4, 2022 #@$", d(2022, 3, 4), true},
		{"03/03/2022", d(2022, 3, 3), true},
		{"03/03/2022, 2022", d(2022, 3, 3), true},
		{"03/03/2022, 2021", time.Time{}, false},
		{"2022-04-01", d(2022, 4, 1), true},
		{"02/30/2022", time.Time{}, false},
		{"", time.Time{}, false},
		{"soon", time.Time{}, false},
	}
	for _, c := range cases {
		got, ok := date(c.in, rowRepairs{})
		if ok != c.ok || !got.Equal(c.want) {
			t.Errorf("date(%q) = %v, %t; want %v, %t", c.in, got, ok, c.want, c.ok)
		}
	}
	rep := rowRepairs{}
	if got, ok := date("Monday, March 1, 2022", rep); !ok || !got.Equal(d(2022, 3, 1)) || rep[repWeekday] != 1 {
		t.Errorf("wrong weekday: %v %t %v", got, ok, rep)
	}
}

func TestFlagsTargetsIDs(t *testing.T) {
	for in, want := range map[string]string{"1.0": "1", "0.0": "0", "-1.0": "1", "1.0 units": "1", "-1.0 UNITS": "1", "nan units": "nil", "": "nil", "2": "nil"} {
		if got := i16(flag(in, rowRepairs{})); got != want {
			t.Errorf("flag(%q) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]string{"87.0": "87", "69 units": "69", "85.0 UNITS": "85", "-68": "68", "-1": "nil", "-1.0": "nil", "": "nil", "140": "nil", "81.555": "81.56"} {
		if got := fptr(target(in, rowRepairs{})); got != want {
			t.Errorf("target(%q) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]int64{"789201.0": 789201, "789201": 789201, "ID_789201": 789201, " 789201 #@$": 789201} {
		if got, ok := parseID(in, rowRepairs{}); !ok || got != want {
			t.Errorf("parseID(%q) = %d, %t", in, got, ok)
		}
	}
	for _, bad := range []string{"", "abc", "789201.5", "0"} {
		if _, ok := parseID(bad, rowRepairs{}); ok {
			t.Errorf("parseID(%q) accepted", bad)
		}
	}
}

// TestCleanSample checks the cleaned sample row by row where the raw file is noisy, and the
// report's arithmetic: every row read is either kept or dropped.
func TestCleanSample(t *testing.T) {
	ds, report, err := Clean(rawDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range report {
		if f.Read != f.Kept+f.DroppedTotal() {
			t.Errorf("%s: read %d != kept %d + dropped %d", f.File, f.Read, f.Kept, f.DroppedTotal())
		}
	}
	lines := map[string]Line{}
	for _, l := range ds.Lines {
		lines[l.OrderID+"/"+itoa(l.ProductID)] = l
	}
	l := lines["FMR35303101/25891101"] // delivery_qty "339.0"
	if l.DeliveryQty != 339 || l.OrderQty != 339 {
		t.Errorf("FMR35303101: order %d, delivered %d; want 339, 339 (not 3390)", l.OrderQty, l.DeliveryQty)
	}
	if l := lines["FMR34601402/25891402"]; l.OrderQty != 208 || !l.Actual.Equal(time.Date(2022, 3, 4, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("FMR34601402: %+v", l)
	}
	for _, l := range ds.Lines {
		if l.DeliveryQty > 10*l.OrderQty+10 {
			t.Errorf("%s: delivered %d for %d ordered: a decimal point was dropped", l.OrderID, l.DeliveryQty, l.OrderQty)
		}
		if l.Placed.Year() != 2022 || l.Agreed.Year() != 2022 || l.Actual.Year() != 2022 {
			t.Errorf("%s: date outside 2022: %+v", l.OrderID, l)
		}
	}
	cities := map[string]bool{}
	for _, c := range ds.Customers {
		if c.City != nil {
			cities[*c.City] = true
		}
	}
	for _, want := range []string{"George", "East London", "Pietermaritzburg", "Johannesburg", "Bloemfontein"} {
		if !cities[want] {
			t.Errorf("city %q missing after normalisation", want)
		}
	}
	for c := range cities {
		if titleCase(c) != c {
			t.Errorf("city %q not normalised", c)
		}
	}
	if len(ds.Customers) != 35 || len(ds.Products) != 18 || len(ds.Orders) != 5628 {
		t.Errorf("customers %d, products %d, orders %d", len(ds.Customers), len(ds.Products), len(ds.Orders))
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestSyntheticIsDeterministic(t *testing.T) {
	a, b := Synthetic(5000, 9), Synthetic(5000, 9)
	if len(a.Lines) != 5000 || len(a.Orders) != len(b.Orders) {
		t.Fatalf("lines %d, orders %d vs %d", len(a.Lines), len(a.Orders), len(b.Orders))
	}
	for i := range a.Lines {
		if a.Lines[i] != b.Lines[i] {
			t.Fatalf("line %d differs between two runs with the same seed", i)
		}
	}
	c := Synthetic(5000, 10)
	same := 0
	for i := range a.Lines {
		if a.Lines[i] == c.Lines[i] {
			same++
		}
	}
	if same == len(a.Lines) {
		t.Error("a different seed gave the same data")
	}
}

// TestNullWordCountsOnlyNonEmptyCells: a cell that was already empty is missing, not repaired;
// a null word, a blank or noise-only cell read as missing is a repair (the guide's *null word*).
func TestNullWordCountsOnlyNonEmptyCells(t *testing.T) {
	cases := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"nan", 1},
		{"NA", 1},
		{"  ", 1},
		{"#@$", 1},
		{"1.0", 0},
	}
	for _, c := range cases {
		for name, read := range map[string]func(string, rowRepairs){
			"flag":    func(s string, r rowRepairs) { flag(s, r) },
			"target":  func(s string, r rowRepairs) { target(s, r) },
			"optText": func(s string, r rowRepairs) { optText(s, r) },
		} {
			rep := rowRepairs{}
			read(c.in, rep)
			if rep[repNullWord] != c.want {
				t.Errorf("%s(%q) counted %d %q, want %d", name, c.in, rep[repNullWord], repNullWord, c.want)
			}
		}
	}
	rep := rowRepairs{}
	if flag("nan units", rep); rep[repNullWord] != 1 || rep[repUnits] != 1 {
		t.Errorf("flag(\"nan units\") repairs %v, want a unit suffix and a null word", rep)
	}
}

// TestCleanSampleNullWords checks the sample's count against the raw file: in order_fulfillment.csv
// only the "nan units" cells of the kept rows are null words; its ~1,000 empty cells are not.
func TestCleanSampleNullWords(t *testing.T) {
	ds, report, err := Clean(rawDir())
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]bool{}
	for _, o := range ds.Orders {
		kept[o.ID] = true
	}
	f, err := os.Open(filepath.Join(rawDir(), "order_fulfillment.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The first row of each kept order is the one kept (later ones are duplicates and dropped).
	want, empty, seen := 0, 0, map[string]bool{}
	for _, row := range rows[1:] {
		id := strings.ToUpper(strings.TrimSpace(row[0]))
		if len(row) != 4 || !kept[id] || seen[id] {
			continue
		}
		seen[id] = true
		for _, cell := range row[1:] {
			switch strings.ToLower(strings.TrimSpace(cell)) {
			case "nan units", "nan", "na", "n/a", "none", "null", "unknown":
				want++
			case "":
				empty++
			}
		}
	}
	for _, fr := range report {
		if fr.File != "order_fulfillment.csv" {
			continue
		}
		if got := fr.Repairs[repNullWord]; got != want || want == 0 || empty == 0 {
			t.Errorf("order_fulfillment.csv: %q = %d, want %d (the raw file's null words in kept rows; %d empty cells are not repairs)",
				repNullWord, got, want, empty)
		}
	}
}

// TestTitleCaseRunes: the first letter of a word is a rune, not a byte.
func TestTitleCaseRunes(t *testing.T) {
	for in, want := range map[string]string{
		"élodie":        "Élodie",
		"ÉLODIE DUPONT": "Élodie Dupont",
		"ßtraße":        "ßtraße", // ß has no one-rune title case: it stays, and stays whole
		"ǆemal":         "ǅemal",  // a digraph's title case is not its upper case (Ǆ)
		"çava":          "Çava",
		"GEORGE":        "George",
		"east  london":  "East  London",
		"":              "",
	} {
		got := titleCase(in)
		if got != want {
			t.Errorf("titleCase(%q) = %q, want %q", in, got, want)
		}
		if !utf8.ValidString(got) {
			t.Errorf("titleCase(%q) = %q is not valid UTF-8", in, got)
		}
	}
}

// TestCleanSampleCountsContradictoryFeedRows: the report counts the kept fulfilment rows whose
// OTIF flag is not on-time AND in-full (the views take the feed's OTIF as delivered), and prints it.
func TestCleanSampleCountsContradictoryFeedRows(t *testing.T) {
	ds, report, err := Clean(rawDir())
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, o := range ds.Orders {
		if o.OnTime == nil || o.InFull == nil || o.OTIF == nil {
			continue
		}
		if both := *o.OnTime == 1 && *o.InFull == 1; both != (*o.OTIF == 1) {
			want++
		}
	}
	if want == 0 {
		t.Fatal("the sample has no contradictory fulfilment row: the test checks nothing")
	}
	var fr *FileReport
	for _, f := range report {
		if f.File == "order_fulfillment.csv" {
			fr = f
		}
	}
	if fr == nil {
		t.Fatal("no order_fulfillment.csv in the report")
	}
	if got := fr.Noticed[noteOTIFContradicts]; got != want {
		t.Errorf("noticed %q = %d, want %d", noteOTIFContradicts, got, want)
	}
	var b strings.Builder
	report.Write(&b)
	if line := fmt.Sprintf("  noticed  %6d  %s\n", want, noteOTIFContradicts); !strings.Contains(b.String(), line) {
		t.Errorf("the printed report lacks %q:\n%s", line, b.String())
	}
}
