package main

import (
	"encoding/csv"
	"encoding/json"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/tools/sampledata/dataset"
)

func TestCountColours(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 30, 10))
	for x := 0; x < 30; x++ {
		for y := 0; y < 10; y++ {
			c := color.RGBA{0xff, 0xff, 0xff, 0xff}
			switch {
			case x < 10:
				c = color.RGBA{0x2e, 0x7d, 0x32, 0xff}
			case x < 15:
				c = color.RGBA{0xc6, 0x28, 0x28, 0xff}
			case x == 20:
				c = color.RGBA{0x11, 0x11, 0x11, 0xff}
			}
			img.Set(x, y, c)
		}
	}
	got := countColours(img)
	if got["green"] != 100 || got["red"] != 50 || got["black"] != 10 {
		t.Errorf("countColours = %v", got)
	}
}

func TestGenerateWritesCSVs(t *testing.T) {
	dir := t.TempDir()
	if err := cmdGenerate([]string{"--order-lines", "500", "--seed", "3", "--out", dir}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "fact_order_lines.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 501 || rows[0][0] != "order_id" {
		t.Errorf("fact_order_lines.csv has %d rows (header %v), want 500 + header", len(rows), rows[0])
	}
}

func TestTargetsJSONKeepsMissingTargetsNull(t *testing.T) {
	p := filepath.Join(t.TempDir(), "t.json")
	v := 87.5
	if err := writeTargetsJSON(p, []dataset.Target{{CustomerID: 1, OnTime: &v}}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	var got struct {
		CustomerTargets []map[string]any `json:"customer_targets"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.CustomerTargets) != 1 || got.CustomerTargets[0]["ontime"] != 87.5 || got.CustomerTargets[0]["infull"] != nil {
		t.Errorf("targets JSON = %s", b)
	}
}

// TestTrendBands: a chart is a wide band of the trend colour; three charts make three bands, a
// missing chart or a narrow legend swatch does not count.
func TestTrendBands(t *testing.T) {
	value := color.RGBA{0x15, 0x65, 0xc0, 0xff}
	target := color.RGBA{0xef, 0x6c, 0x00, 0xff}
	draw := func(charts int) image.Image {
		img := image.NewRGBA(image.Rect(0, 0, 400, 700))
		for y := 0; y < 700; y++ {
			for x := 0; x < 400; x++ {
				img.Set(x, y, color.White)
			}
		}
		for x := 10; x < 22; x++ { // legend swatches
			for y := 5; y < 17; y++ {
				img.Set(x, y, value)
				img.Set(x+20, y, target)
			}
		}
		for c := 0; c < charts; c++ {
			top := 60 + c*200
			for x := 20; x < 380; x++ {
				img.Set(x, top+20, target)
				img.Set(x, top+21, target)
				img.Set(x, top+60+x%30, value)
			}
		}
		return img
	}
	for charts := 0; charts <= 3; charts++ {
		got := trendBands(draw(charts), 200)
		if got["trend"] != charts || got["trend-target"] != charts {
			t.Errorf("%d charts drawn: bands %v", charts, got)
		}
	}
}

func TestCheckTrendSVG(t *testing.T) {
	chart := func(m string, target bool) string {
		s := `<svg class="trend" data-metric="` + m + `" width="10"><path class="value-line" d="M1 2 L3 4"/><circle class="day" cx="1" cy="2" r="2"></circle>`
		if target {
			s += `<path class="target-line" d="M0 1 H2"/>`
		}
		return s + "</svg>"
	}
	ok := "<html>" + chart("OT", true) + chart("IF", true) + chart("OTIF", true) + "</html>"
	if err := checkTrendSVG(ok); err != nil {
		t.Errorf("a page with three charts: %v", err)
	}
	for name, page := range map[string]string{
		"missing chart":  chart("OT", true) + chart("OTIF", true),
		"missing target": chart("OT", true) + chart("IF", false) + chart("OTIF", true),
		"empty line":     strings.Replace(ok, `d="M1 2 L3 4"`, `d=""`, 1),
		"script":         ok + "<script>x()</script>",
	} {
		if err := checkTrendSVG(page); err == nil {
			t.Errorf("%s: passed", name)
		}
	}
}
