package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/nexabrands/supplychain/tools/sampledata/dataset"
)

// The colours the screenshot check looks for: the bars' (scorecard.go's stylesheet) and the trend
// charts' (dataset.TrendValueColour, dataset.TrendTargetColour).
var shotColours = []struct {
	name    string
	r, g, b uint32
}{
	{"green", 0x2e, 0x7d, 0x32},
	{"red", 0xc6, 0x28, 0x28},
	{"black", 0x11, 0x11, 0x11},
	{"trend", hexByte(dataset.TrendValueColour, 1), hexByte(dataset.TrendValueColour, 3), hexByte(dataset.TrendValueColour, 5)},
	{"trend-target", hexByte(dataset.TrendTargetColour, 1), hexByte(dataset.TrendTargetColour, 3), hexByte(dataset.TrendTargetColour, 5)},
}

func hexByte(colour string, at int) uint32 {
	v, err := strconv.ParseUint(colour[at:at+2], 16, 8)
	if err != nil {
		panic("bad colour " + colour)
	}
	return uint32(v)
}

// trendMetrics are the trend charts the page must carry, in order.
var trendMetrics = []string{"OT", "IF", "OTIF"}

// cmdCheckScreenshot checks a headless-Chromium screenshot of scorecard.html: it must decode as
// a PNG and show both bar colours (green: at or above target or no target; red: below target)
// and the black target lines, so a page that failed to render (blank, error page) fails; and one
// band per trend chart (OT, IF, OTIF) of the value colour and of the target colour, each drawn
// across at least 40% of the width (a legend swatch is not a chart). With --html it also checks
// the page's SVG: the three charts, each with a value line and a target line that are not empty.
func cmdCheckScreenshot(args []string) error {
	fs := flag.NewFlagSet("check-screenshot", flag.ExitOnError)
	minPixels := fs.Int("min-pixels", 200, "minimum number of pixels of each colour (and of each trend band)")
	htmlFile := fs.String("html", "", "also check the trend charts' SVG in this page (the one the screenshot was taken of)")
	_ = fs.Parse(args)
	if fs.NArg() != 1 {
		return errors.New("usage: sampledata check-screenshot [--html FILE.html] FILE.png")
	}
	if *htmlFile != "" {
		b, err := os.ReadFile(*htmlFile)
		if err != nil {
			return err
		}
		if err := checkTrendSVG(string(b)); err != nil {
			return fmt.Errorf("%s: %w", *htmlFile, err)
		}
		fmt.Printf("%s: trend charts %s, each with a value line and a target line\n", *htmlFile, strings.Join(trendMetrics, ", "))
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return fmt.Errorf("decoding %s: %w", fs.Arg(0), err)
	}
	counts, bands := countColours(img), trendBands(img, *minPixels)
	fmt.Printf("%s: %dx%d, green %d px, red %d px, target-line %d px, trend %d px in %d chart bands, trend target %d px in %d chart bands\n",
		fs.Arg(0), img.Bounds().Dx(), img.Bounds().Dy(), counts["green"], counts["red"], counts["black"],
		counts["trend"], bands["trend"], counts["trend-target"], bands["trend-target"])
	for _, c := range []string{"green", "red", "black"} {
		if counts[c] < *minPixels {
			return fmt.Errorf("%s: only %d %s pixels; the scorecard did not render its bars", fs.Arg(0), counts[c], c)
		}
	}
	for _, c := range []string{"trend", "trend-target"} {
		if bands[c] < len(trendMetrics) {
			what := "trend charts"
			if c == "trend-target" {
				what = "trend charts' target lines"
			}
			return fmt.Errorf("%s: %d of %d %s drawn (%s bands of %s wide enough and with %d+ pixels)", fs.Arg(0), bands[c],
				len(trendMetrics), what, c, colourHex(c), *minPixels)
		}
	}
	return nil
}

func colourHex(name string) string {
	for _, c := range shotColours {
		if c.name == name {
			return fmt.Sprintf("#%02x%02x%02x", c.r, c.g, c.b)
		}
	}
	return name
}

var (
	svgTrend   = regexp.MustCompile(`(?s)<svg class="trend" data-metric="([A-Z]+)".*?</svg>`)
	svgValue   = regexp.MustCompile(`<path class="value-line" d="M[^"]+"`)
	svgTarget  = regexp.MustCompile(`<path class="target-line" d="M[^"]+"`)
	svgPoint   = regexp.MustCompile(`<circle class="day"`)
	svgScripts = regexp.MustCompile(`(?i)<script|<link|<img|src=|href=`)
)

// checkTrendSVG checks the page's structure: a static page (no scripts, no linked resources) with
// an SVG chart per metric in trendMetrics, each with a non-empty value line, points and a target line.
func checkTrendSVG(html string) error {
	if svgScripts.MatchString(html) {
		return errors.New("the page must be static and self-contained: it has a script, a link or an external resource")
	}
	charts := svgTrend.FindAllStringSubmatch(html, -1)
	var got []string
	for _, c := range charts {
		got = append(got, c[1])
	}
	if strings.Join(got, ",") != strings.Join(trendMetrics, ",") {
		return fmt.Errorf("trend charts %v, want %v", got, trendMetrics)
	}
	for _, c := range charts {
		switch {
		case !svgValue.MatchString(c[0]) || !svgPoint.MatchString(c[0]):
			return fmt.Errorf("the %s trend chart has no value line or no points", c[1])
		case !svgTarget.MatchString(c[0]):
			return fmt.Errorf("the %s trend chart has no target line", c[1])
		}
	}
	return nil
}

func classify(r, g, b uint32) string {
	near := func(a, b uint32) bool { return a-b < 12 || b-a < 12 }
	for _, c := range shotColours {
		if near(r, c.r) && near(g, c.g) && near(b, c.b) {
			return c.name
		}
	}
	return ""
}

func countColours(img image.Image) map[string]int {
	out := map[string]int{}
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if c := classify(r>>8, g>>8, b>>8); c != "" {
				out[c]++
			}
		}
	}
	return out
}

// trendBands counts, per trend colour, the horizontal bands of the image that draw a chart: runs
// of rows holding that colour (rows closer than 24 px joined), with at least minPixels pixels of
// it spread over at least 40% of the image's width.
func trendBands(img image.Image, minPixels int) map[string]int {
	bd := img.Bounds()
	out := map[string]int{}
	for _, name := range []string{"trend", "trend-target"} {
		type band struct{ last, n, minX, maxX int }
		var cur *band
		flush := func() {
			if cur != nil && cur.n >= minPixels && float64(cur.maxX-cur.minX) >= 0.4*float64(bd.Dx()) {
				out[name]++
			}
			cur = nil
		}
		for y := bd.Min.Y; y < bd.Max.Y; y++ {
			for x := bd.Min.X; x < bd.Max.X; x++ {
				r, g, b, _ := img.At(x, y).RGBA()
				if classify(r>>8, g>>8, b>>8) != name {
					continue
				}
				if cur != nil && y-cur.last > 24 {
					flush()
				}
				if cur == nil {
					cur = &band{minX: x, maxX: x}
				}
				cur.last, cur.n = y, cur.n+1
				cur.minX, cur.maxX = min(cur.minX, x), max(cur.maxX, x)
			}
		}
		flush()
	}
	return out
}
