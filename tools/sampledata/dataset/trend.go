package dataset

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Trend chart geometry (SVG user units = CSS pixels) and colours. The colours are what
// `sampledata check-screenshot` looks for in the headless-Chromium screenshot: keep them in step.
const (
	trendWidth, trendHeight = 1300, 190
	trendLeft, trendRight   = 44, 16
	trendTop, trendBottom   = 10, 26
	// TrendValueColour draws a metric's daily value; TrendTargetColour its daily target.
	TrendValueColour  = "#1565c0"
	TrendTargetColour = "#ef6c00"
)

// trendPoint is one day with a value: its position and the figures its tooltip shows.
type trendPoint struct {
	X, Y                      string
	Day, Value, Target, Label string
	Orders                    int64
}

// trendTick is a labelled grid line.
type trendTick struct {
	Pos, Label string
	TX, TY     string // where the label is written
}

// trendChart is one metric's daily trend as SVG shapes: the value line and the target line are
// paths broken at days without scored orders (a gap, never a zero), a dot per day with a value.
type trendChart struct {
	Metric, Title       string
	Width, Height       int
	Left, Right         int
	Top, Bottom         int
	ValuePath           string
	TargetPath          string
	Points              []trendPoint
	YTicks, XTicks      []trendTick
	ValueColour, Target string
	First, Last         string
	Days, Gaps          int
}

func (c trendChart) HasTarget() bool { return c.TargetPath != "" }

func coord(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

// trendCharts lays out OT, IF and OTIF per day over the calendar days from the first to the last
// day with scored orders. Nil when there are no days.
func trendCharts(days []DayRow) []trendChart {
	if len(days) == 0 {
		return nil
	}
	first, last := days[0].Day, days[len(days)-1].Day
	span := int(last.Sub(first).Hours()/24 + 0.5)
	byIndex := make(map[int]DayRow, len(days))
	for _, d := range days {
		byIndex[int(d.Day.Sub(first).Hours()/24+0.5)] = d
	}
	plotW := float64(trendWidth - trendLeft - trendRight)
	plotH := float64(trendHeight - trendTop - trendBottom)
	step := plotW / float64(span+1)
	x := func(i int) float64 { return float64(trendLeft) + step*(float64(i)+0.5) }

	metrics := []struct {
		name, title string
		value       func(DayRow) string
		target      func(DayRow) string
	}{
		{"OT", "On Time % per day", func(d DayRow) string { return d.OT }, func(d DayRow) string { return d.OTTarget }},
		{"IF", "In Full % per day", func(d DayRow) string { return d.IF }, func(d DayRow) string { return d.IFTarget }},
		{"OTIF", "OTIF % per day", func(d DayRow) string { return d.OTIF }, func(d DayRow) string { return d.OTIFTarget }},
	}
	var out []trendChart
	for _, m := range metrics {
		// The y axis runs from a round ten below the lowest figure to 100.
		lo := 100.0
		for _, d := range days {
			for _, s := range []string{m.value(d), m.target(d)} {
				if f, err := strconv.ParseFloat(s, 64); err == nil && f < lo {
					lo = f
				}
			}
		}
		lo = math.Max(0, math.Floor((lo-1)/10)*10)
		if lo > 90 {
			lo = 90
		}
		y := func(f float64) float64 { return float64(trendTop) + plotH*(100-f)/(100-lo) }
		c := trendChart{Metric: m.name, Title: m.title, Width: trendWidth, Height: trendHeight,
			Left: trendLeft, Right: trendWidth - trendRight, Top: trendTop, Bottom: trendHeight - trendBottom,
			ValueColour: TrendValueColour, Target: TrendTargetColour,
			First: first.Format(time.DateOnly), Last: last.Format(time.DateOnly)}
		for v := lo; v <= 100; v += 10 {
			c.YTicks = append(c.YTicks, trendTick{Pos: coord(y(v)), Label: strconv.Itoa(int(v)),
				TX: coord(float64(trendLeft) - 6), TY: coord(y(v) + 4)})
		}
		var vp, tp strings.Builder
		vOpen, tOpen := false, false
		for i := 0; i <= span; i++ {
			day := first.AddDate(0, 0, i)
			if i == 0 || day.Day() == 1 || (day.Weekday() == time.Monday && i > 1 && span < 120) {
				c.XTicks = append(c.XTicks, trendTick{Pos: coord(x(i)), Label: day.Format("2 Jan"),
					TX: coord(x(i)), TY: coord(float64(trendHeight-trendBottom) + 16)})
			}
			d, ok := byIndex[i]
			v, errV := strconv.ParseFloat(m.value(d), 64)
			if !ok || errV != nil {
				vOpen, tOpen = false, false
				c.Gaps++
				continue
			}
			c.Days++
			cmd := "L"
			if !vOpen {
				cmd = "M"
			}
			fmt.Fprintf(&vp, "%s%s %s ", cmd, coord(x(i)), coord(y(v)))
			vOpen = true
			p := trendPoint{X: coord(x(i)), Y: coord(y(v)), Day: d.Day.Format(time.DateOnly), Value: m.value(d),
				Target: m.target(d), Label: m.name, Orders: d.Orders}
			c.Points = append(c.Points, p)
			// The target is a step: the day's target held across the day's slot.
			t, errT := strconv.ParseFloat(m.target(d), 64)
			if errT != nil {
				tOpen = false
				continue
			}
			cmd = "L"
			if !tOpen {
				cmd = "M"
			}
			fmt.Fprintf(&tp, "%s%s %s H%s ", cmd, coord(x(i)-step/2), coord(y(t)), coord(x(i)+step/2))
			tOpen = true
		}
		c.ValuePath = strings.TrimSpace(vp.String())
		c.TargetPath = strings.TrimSpace(tp.String())
		out = append(out, c)
	}
	return out
}
