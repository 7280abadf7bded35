package plan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLocateReportsWhatItCannotRead: a --source directory that does not exist, a .tf that cannot
// be read, a line too long to scan and a local module whose directory is missing are reported,
// each naming the path and ending with the cause; what could be read is located all the same.
func TestLocateReportsWhatItCannotRead(t *testing.T) {
	p := fixture(t, "supplychain_pipeline.json")

	if locs, errs := p.Locate(filepath.Join(t.TempDir(), "nope")); len(locs) != 0 || !mentions(errs, "nope", "no such file") {
		t.Errorf("missing directory: %v, %v", locs, errs)
	}

	dir := t.TempDir()
	copyTree(t, "testdata/src", dir)
	// A .tf that is a directory cannot be read; a line longer than the scanner takes stops it.
	if err := os.Mkdir(filepath.Join(dir, "broken.tf"), 0o755); err != nil {
		t.Fatal(err)
	}
	long := "resource \"aws_s3_bucket\" \"late\" {}\n# " + strings.Repeat("x", 2<<20) + "\nresource \"aws_s3_bucket\" \"after\" {}\n"
	if err := os.WriteFile(filepath.Join(dir, "long.tf"), []byte(long), 0o600); err != nil {
		t.Fatal(err)
	}
	// The plan's local module ./modules/lake, gone.
	if err := os.RemoveAll(filepath.Join(dir, "modules", "lake")); err != nil {
		t.Fatal(err)
	}
	locs, errs := p.Locate(dir)
	if l := locs["aws_redshift_cluster.dw"]; l.File != "main.tf" || l.Line != 23 {
		t.Errorf("what can be read must still be located: %+v", l)
	}
	for _, want := range [][]string{{"broken.tf", "directory"}, {"long.tf", "too long"}, {"modules/lake", "no such file"}} {
		if !mentions(errs, want...) {
			t.Errorf("no error naming %v among %v", want, errs)
		}
	}

	// A clean tree reports nothing.
	if _, errs := p.Locate("testdata/src"); len(errs) != 0 {
		t.Errorf("clean tree: %v", errs)
	}
}

func mentions(errs []error, parts ...string) bool {
	for _, e := range errs {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(e.Error(), p)
		}
		if ok {
			return true
		}
	}
	return false
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}
