package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
)

// cmdCheckScreenshot checks a headless-Chromium screenshot of scorecard.html: it must decode as
// a PNG and show both bar colours (green: at or above target or no target; red: below target)
// and the black target lines, so a page that failed to render (blank, error page) fails.
func cmdCheckScreenshot(args []string) error {
	fs := flag.NewFlagSet("check-screenshot", flag.ExitOnError)
	minPixels := fs.Int("min-pixels", 200, "minimum number of pixels of each colour")
	_ = fs.Parse(args)
	if fs.NArg() != 1 {
		return errors.New("usage: sampledata check-screenshot FILE.png")
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
	counts := countColours(img)
	fmt.Printf("%s: %dx%d, green %d px, red %d px, target-line %d px\n", fs.Arg(0), img.Bounds().Dx(), img.Bounds().Dy(),
		counts["green"], counts["red"], counts["black"])
	for _, c := range []string{"green", "red", "black"} {
		if counts[c] < *minPixels {
			return fmt.Errorf("%s: only %d %s pixels; the scorecard did not render its bars", fs.Arg(0), counts[c], c)
		}
	}
	return nil
}

func countColours(img image.Image) map[string]int {
	near := func(r, g, b, R, G, B uint32) bool {
		d := func(a, b uint32) uint32 {
			if a > b {
				return a - b
			}
			return b - a
		}
		return d(r, R) < 12 && d(g, G) < 12 && d(b, B) < 12
	}
	out := map[string]int{}
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			r, g, b = r>>8, g>>8, b>>8
			switch {
			case near(r, g, b, 0x2e, 0x7d, 0x32):
				out["green"]++
			case near(r, g, b, 0xc6, 0x28, 0x28):
				out["red"]++
			case near(r, g, b, 0x11, 0x11, 0x11):
				out["black"]++
			}
		}
	}
	return out
}
