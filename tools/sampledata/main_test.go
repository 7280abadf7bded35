package main

import (
	"encoding/csv"
	"encoding/json"
	"image"
	"image/color"
	"os"
	"path/filepath"
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
