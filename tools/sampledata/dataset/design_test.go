package dataset

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// TestDesignStarSchema: the star schema in the repository's DESIGN.md is the one the loader
// creates (StarSchema), column by column.
func TestDesignStarSchema(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "..", "DESIGN.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)### Star schema\n.*?```\n(.*?)```\n").FindSubmatch(b)
	if m == nil {
		t.Fatal("DESIGN.md has no fenced block under \"### Star schema\"")
	}
	var want strings.Builder
	for _, tb := range StarSchema {
		var cols []string
		for _, c := range tb.Columns {
			col := c.Name + " " + c.Type
			if !c.Nullable {
				col += " NOT NULL"
			}
			cols = append(cols, col)
		}
		want.WriteString(strings.Join([]string{tb.Name + " (" + strings.Join(cols, ", ") + ")",
			"PRIMARY KEY (" + strings.Join(tb.PrimaryKey, ", ") + ")"}, " ") + "\n")
	}
	got := regexp.MustCompile(` {2,}\(`).ReplaceAllString(string(m[1]), " (")
	if got != want.String() {
		t.Errorf("DESIGN.md's star schema differs from dataset.StarSchema.\nDESIGN.md:\n%s\ncode:\n%s", got, want.String())
	}
}
