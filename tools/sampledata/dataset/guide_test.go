package dataset

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The cleaning guide (templates/guides/sample-data-cleaning.md.tmpl, rendered into docs/ by
// tfplugindocs) states figures of the sample; these tests recompute each one from the code and the
// data, so the guide cannot drift from either.

func guideText(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "..", "templates", "guides", "sample-data-cleaning.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// flat collapses runs of whitespace, so a sentence can be found across the guide's line breaks.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func mustContain(t *testing.T, guide, want string) {
	t.Helper()
	if !strings.Contains(flat(guide), flat(want)) {
		t.Errorf("the cleaning guide does not say %q", want)
	}
}

// TestGuideSampleReport: the guide's sample report is what `sampledata clean` prints today.
func TestGuideSampleReport(t *testing.T) {
	_, report, err := Clean(rawDir())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	report.Write(&b)
	guide := guideText(t)
	m := regexp.MustCompile("(?s)## The report for the sample\n.*?```\n(.*?)```\n").FindStringSubmatch(guide)
	if m == nil {
		t.Fatal("the guide has no fenced report under \"## The report for the sample\"")
	}
	if m[1] != b.String() {
		t.Errorf("the guide's sample report differs from the code's output.\nguide:\n%s\ncode:\n%s", m[1], b.String())
	}
}

// TestGuideSampleKPIs: the overall figures under the sample report are the Go computation's.
func TestGuideSampleKPIs(t *testing.T) {
	ds, _, err := Clean(rawDir())
	if err != nil {
		t.Fatal(err)
	}
	k := Reference(ds, Overall)[""]
	mustContain(t, guideText(t), fmt.Sprintf("Overall: %s scored orders (%s have a missing flag and no lines), %s lines; "+
		"OT %s %%, IF %s %%, OTIF %s %%, LFR %s %%, VFR %s %% (targets, order-weighted: OT %s, IF %s, OTIF %s).",
		thousands(int(k.Orders)), thousands(len(ds.Orders)-int(k.Orders)), thousands(int(k.Lines)),
		k.OT, k.IF, k.OTIF, k.LFR, k.VFR, k.OTTarget, k.IFTarget, k.OTIFTarget))
}

type lineFlags struct{ onTime, inFull bool }

func sampleLineFlags(ds Dataset) map[string]*lineFlags {
	per := map[string]*lineFlags{}
	for _, l := range ds.Lines {
		p := per[l.OrderID]
		if p == nil {
			p = &lineFlags{true, true}
			per[l.OrderID] = p
		}
		p.onTime = p.onTime && !l.Actual.After(l.Agreed)
		p.inFull = p.inFull && l.DeliveryQty >= l.OrderQty
	}
	return per
}

// TestGuidePartialFeedFlags: the orders named by the guide are exactly those whose OTIF differs
// between the code's rule (on-time AND in-full, each from the feed or else the lines) and OTIF
// from the lines alone; the Go computation counts them as the guide says.
func TestGuidePartialFeedFlags(t *testing.T) {
	ds, _, err := Clean(rawDir())
	if err != nil {
		t.Fatal(err)
	}
	per := sampleLineFlags(ds)
	var depend []string
	var sub Dataset
	sub.Customers = ds.Customers
	for _, o := range ds.Orders {
		p := per[o.ID]
		if o.OTIF != nil || p == nil {
			continue
		}
		or := func(f *int16, lines bool) bool { return f != nil && *f == 1 || f == nil && lines }
		if or(o.OnTime, p.onTime) && or(o.InFull, p.inFull) != (p.onTime && p.inFull) {
			depend = append(depend, o.ID)
			sub.Orders = append(sub.Orders, o)
		}
	}
	sort.Strings(depend)
	if len(depend) == 0 {
		t.Fatal("no order of the sample depends on the rule: the test checks nothing")
	}
	guide := guideText(t)
	mustContain(t, guide, "the sample's "+strings.Join(depend, " and ")+" have")
	for _, l := range ds.Lines {
		for _, o := range sub.Orders {
			if l.OrderID == o.ID {
				sub.Lines = append(sub.Lines, l)
			}
		}
	}
	k := Reference(sub, Overall)[""]
	if k.Orders != int64(len(depend)) || k.OTIFOrders != 0 || k.InFullOrders != 0 || k.OnTimeOrders != int64(len(depend)) {
		t.Errorf("orders %v: Reference = %+v, want all scored, on time, not in full, not OTIF (as the guide says)", depend, k)
	}
	for _, o := range sub.Orders {
		if o.OnTime == nil || *o.OnTime != 1 || o.InFull == nil || *o.InFull != 0 || !per[o.ID].onTime || !per[o.ID].inFull {
			t.Errorf("%s: feed on time %s, in full %s, lines %+v; the guide says 1, 0 and all lines on time and in full",
				o.ID, i16(o.OnTime), i16(o.InFull), *per[o.ID])
		}
	}
}

// TestGuidePopulation: the counts the guide gives for unscored orders, and the Go computation's
// one population for OT, IF and OTIF.
func TestGuidePopulation(t *testing.T) {
	ds, _, err := Clean(rawDir())
	if err != nil {
		t.Fatal(err)
	}
	per := sampleLineFlags(ds)
	noOTIF, onlyIFOTIF := 0, 0
	for _, o := range ds.Orders {
		if per[o.ID] != nil {
			continue
		}
		if o.OnTime != nil && o.InFull != nil && o.OTIF == nil {
			noOTIF++
		}
		if o.OnTime == nil && o.InFull != nil && o.OTIF != nil {
			onlyIFOTIF++
		}
	}
	guide := guideText(t)
	mustContain(t, guide, fmt.Sprintf("also OTIF when the feed has both other flags (%s orders of the sample)", thousands(noOTIF)))
	mustContain(t, guide, fmt.Sprintf("the %s orders of the sample with in-full and OTIF in the feed but neither on-time nor lines do not count in IF %% either", thousands(onlyIFOTIF)))

	// The rules on a handmade set, one order per case, all of one customer.
	one, zero := ptr(int16(1)), ptr(int16(0))
	day := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)
	line := func(id string, onTime, inFull bool) Line {
		l := Line{OrderID: id, ProductID: 1, CustomerID: 1, Placed: day, OrderQty: 10, DeliveryQty: 10, Agreed: day, Actual: day}
		if !onTime {
			l.Actual = day.AddDate(0, 0, 1)
		}
		if !inFull {
			l.DeliveryQty = 9
		}
		return l
	}
	cases := []struct {
		name                string
		order               Order
		lines               []Line
		scored, ot, inf, ok int64
	}{
		{"all flags from the feed, contradicting OTIF kept", Order{OnTime: one, InFull: one, OTIF: zero}, nil, 1, 1, 1, 0},
		{"feed OT 1, IF 0, no OTIF; lines all good", Order{OnTime: one, InFull: zero}, []Line{line("x", true, true)}, 1, 1, 0, 0},
		{"no OT in the feed, IF 1; lines on time", Order{InFull: one}, []Line{line("x", true, false)}, 1, 1, 1, 1},
		{"no flags; lines on time and in full", Order{}, []Line{line("x", true, true), line("x", true, true)}, 1, 1, 1, 1},
		{"no flags; one line late", Order{}, []Line{line("x", true, true), line("x", false, true)}, 1, 0, 1, 0},
		{"OT and IF, no OTIF, no lines: not scored", Order{OnTime: one, InFull: one}, nil, 0, 0, 0, 0},
		{"IF and OTIF, no OT, no lines: left out of IF too", Order{InFull: one, OTIF: one}, nil, 0, 0, 0, 0},
	}
	for _, c := range cases {
		c.order.ID, c.order.CustomerID, c.order.Placed = "x", 1, day
		for i := range c.lines {
			c.lines[i].ProductID = int64(i + 1)
		}
		k := Reference(Dataset{Customers: []Customer{{ID: 1}}, Orders: []Order{c.order}, Lines: c.lines}, Overall)[""]
		if k.Orders != c.scored || k.OnTimeOrders != c.ot || k.InFullOrders != c.inf || k.OTIFOrders != c.ok {
			t.Errorf("%s: orders %d, on time %d, in full %d, OTIF %d; want %d, %d, %d, %d",
				c.name, k.Orders, k.OnTimeOrders, k.InFullOrders, k.OTIFOrders, c.scored, c.ot, c.inf, c.ok)
		}
	}
}

// TestGuideLineDates: the dates the order lines cover, and what is left after them.
func TestGuideLineDates(t *testing.T) {
	ds, _, err := Clean(rawDir())
	if err != nil {
		t.Fatal(err)
	}
	var first, last, oFirst, oLast time.Time
	withLines := map[string]bool{}
	span := func(d time.Time, lo, hi *time.Time) {
		if lo.IsZero() || d.Before(*lo) {
			*lo = d
		}
		if d.After(*hi) {
			*hi = d
		}
	}
	for _, l := range ds.Lines {
		span(l.Placed, &first, &last)
		withLines[l.OrderID] = true
	}
	after, afterAll := 0, 0
	for _, o := range ds.Orders {
		span(o.Placed, &oFirst, &oLast)
		if o.Placed.After(last) {
			after++
			if o.OnTime != nil && o.InFull != nil && o.OTIF != nil {
				afterAll++
			}
			if withLines[o.ID] {
				t.Errorf("%s placed %s after the last line's order date %s has lines", o.ID, o.Placed, last)
			}
		}
	}
	if first.Month() != last.Month() || first.Year() != last.Year() {
		t.Fatalf("the lines span %s to %s: the guide's phrasing assumes one month", first, last)
	}
	guide := guideText(t)
	mustContain(t, guide, fmt.Sprintf("holds lines of orders placed %d–%d %s %d (%s orders), while the orders run from %d %s to %d %s %d.",
		first.Day(), last.Day(), first.Month(), first.Year(), thousands(len(withLines)),
		oFirst.Day(), oFirst.Month(), oLast.Day(), oLast.Month(), oLast.Year()))
	mustContain(t, guide, fmt.Sprintf("A period after %d %s has OT, IF and OTIF from the feed alone (%s of its %s orders have all three flags) and no LFR or VFR.",
		last.Day(), last.Month(), thousands(afterAll), thousands(after)))
}
