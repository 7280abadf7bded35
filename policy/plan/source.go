package plan

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Location is a place in the .tf source.
type Location struct {
	File string // relative to the directory given to Locate, slash-separated
	Line int
}

var blockHeader = regexp.MustCompile(`^\s*(resource|data)\s+"([^"]+)"\s+"([^"]+)"`)

// Locate finds the .tf file and line of each resource block, keyed by configuration address
// (ConfigAddress). The plan's configuration names the modules and, for local modules, their
// source directory; dir is the root module's directory. Remote modules are not searched.
func (p *Plan) Locate(dir string) map[string]Location {
	out := map[string]Location{}
	var root *tfjson.ConfigModule
	if p.raw != nil && p.raw.Config != nil {
		root = p.raw.Config.RootModule
	}
	var walk func(m *tfjson.ConfigModule, moduleDir, prefix string, depth int)
	walk = func(m *tfjson.ConfigModule, moduleDir, prefix string, depth int) {
		if depth > 20 {
			return
		}
		scanDir(dir, moduleDir, prefix, out)
		if m == nil {
			return
		}
		for name, mc := range m.ModuleCalls {
			if mc == nil || (!strings.HasPrefix(mc.Source, "./") && !strings.HasPrefix(mc.Source, "../")) {
				continue
			}
			walk(mc.Module, filepath.Join(moduleDir, filepath.FromSlash(mc.Source)), prefix+"module."+name+".", depth+1)
		}
	}
	walk(root, dir, "", 0)
	return out
}

func scanDir(base, dir, prefix string, out map[string]Location) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			continue
		}
		rel, err := filepath.Rel(base, f)
		if err != nil {
			rel = f
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		line := 0
		for sc.Scan() {
			line++
			m := blockHeader.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			addr := prefix + m[2] + "." + m[3]
			if m[1] == "data" {
				addr = prefix + "data." + m[2] + "." + m[3]
			}
			if _, seen := out[addr]; !seen {
				out[addr] = Location{File: filepath.ToSlash(rel), Line: line}
			}
		}
		fh.Close()
	}
}
