package dataset

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestTrendGaps: a day without scored orders breaks the value and target lines and has no point;
// a day without a target breaks only the target line.
func TestTrendGaps(t *testing.T) {
	days := []DayRow{
		{Day: day("2022-03-01"), Orders: 10, OT: "50.00", IF: "60.00", OTIF: "40.00", OTTarget: "80.00", IFTarget: "70.00", OTIFTarget: "60.00"},
		{Day: day("2022-03-02"), Orders: 5, OT: "40.00", IF: "60.00", OTIF: "20.00", OTTarget: "80.00", IFTarget: "70.00", OTIFTarget: ""},
		// 2022-03-03 and -04: no scored orders.
		{Day: day("2022-03-05"), Orders: 8, OT: "75.00", IF: "62.50", OTIF: "50.00", OTTarget: "85.00", IFTarget: "72.00", OTIFTarget: "61.00"},
	}
	charts := trendCharts(days)
	if len(charts) != 3 || charts[0].Metric != "OT" || charts[1].Metric != "IF" || charts[2].Metric != "OTIF" {
		t.Fatalf("charts %+v", charts)
	}
	for _, c := range charts {
		if c.Days != 3 || c.Gaps != 2 || len(c.Points) != 3 {
			t.Errorf("%s: %d days, %d gaps, %d points; want 3, 2, 3", c.Metric, c.Days, c.Gaps, len(c.Points))
		}
		if m := strings.Count(c.ValuePath, "M"); m != 2 {
			t.Errorf("%s value line %q: %d segments, want 2 (broken at the gap)", c.Metric, c.ValuePath, m)
		}
	}
	if m, h := strings.Count(charts[0].TargetPath, "M"), strings.Count(charts[0].TargetPath, "H"); m != 2 || h != 3 {
		t.Errorf("OT target line %q: %d segments, %d steps; want 2, 3", charts[0].TargetPath, m, h)
	}
	if m, h := strings.Count(charts[2].TargetPath, "M"), strings.Count(charts[2].TargetPath, "H"); m != 2 || h != 2 {
		t.Errorf("OTIF target line %q: %d segments, %d steps; want 2, 2 (no target on 2022-03-02)", charts[2].TargetPath, m, h)
	}
	var html bytes.Buffer
	if err := (Scorecard{Overall: ScoreRow{Label: "Overall"}, Days: days}).WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"(2 of 5 days)", "<title>2022-03-02 OTIF 20.00 % (target none), 5 orders</title>",
		"<title>2022-03-05 OT 75.00 % (target 85.00 %), 8 orders</title>"} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(html.String(), "2022-03-03 OT") {
		t.Error("a day without orders has a point")
	}
	if trendCharts(nil) != nil {
		t.Error("no days, yet charts")
	}
}

func TestSortByGap(t *testing.T) {
	rows := []ScoreRow{
		{Label: "no target", OTIF: "10.00"},
		{Label: "b", OTIF: "50.00", OTIFTarget: "60.00"},
		{Label: "above", OTIF: "70.00", OTIFTarget: "60.00"},
		{Label: "a", OTIF: "40.00", OTIFTarget: "50.00"},
		{Label: "worst", OTIF: "10.01", OTIFTarget: "60.00"},
		{Label: "a no value", OTIFTarget: "60.00"},
	}
	SortByGap(rows)
	var got []string
	for _, r := range rows {
		got = append(got, r.Label+" "+r.OTIFGap())
	}
	want := "worst -49.99|a -10.00|b -10.00|above +10.00|a no value |no target "
	if strings.Join(got, "|") != want {
		t.Errorf("SortByGap:\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
}
