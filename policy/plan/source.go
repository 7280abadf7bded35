package plan

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Location is a place in the .tf source.
type Location struct {
	File string // relative to the directory given to Locate, slash-separated
	Line int
}

var blockHeader = regexp.MustCompile(`^\s*(resource|data)\s+"([^"]+)"\s+"([^"]+)"`)

// maxSourceProblems bounds the problems Locate reports; the rest are counted.
const maxSourceProblems = 10

// Locate finds the .tf file and line of each resource block, keyed by configuration address
// (ConfigAddress). The plan's configuration names the modules and, for local modules, their
// source directory; dir is the root module's directory. Remote modules are not searched.
// What cannot be read (a directory that does not exist, a file that cannot be read, a line too
// long to scan) is returned as errors, at most maxSourceProblems and a count of the rest; what
// could be read is located all the same.
func (p *Plan) Locate(dir string) (map[string]Location, []error) {
	out := map[string]Location{}
	var problems []error
	more := 0
	report := func(err error) {
		if len(problems) < maxSourceProblems {
			problems = append(problems, err)
		} else {
			more++
		}
	}
	var root *tfjson.ConfigModule
	if p.raw != nil && p.raw.Config != nil {
		root = p.raw.Config.RootModule
	}
	var walk func(m *tfjson.ConfigModule, moduleDir, prefix string, depth int)
	walk = func(m *tfjson.ConfigModule, moduleDir, prefix string, depth int) {
		if depth > 20 {
			return
		}
		if fi, err := os.Stat(moduleDir); err != nil {
			who := "the root module"
			if prefix != "" {
				who = strings.TrimSuffix(prefix, ".")
			}
			report(fmt.Errorf("locating the resources of %s: %w", who, err))
			return
		} else if !fi.IsDir() {
			report(fmt.Errorf("locating resources: %s is not a directory", strconv.Quote(moduleDir)))
			return
		}
		scanDir(dir, moduleDir, prefix, out, report)
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
	if more > 0 {
		problems = append(problems, fmt.Errorf("locating resources: %d more problems", more))
	}
	return out, problems
}

func scanDir(base, dir, prefix string, out map[string]Location, report func(error)) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		report(fmt.Errorf("listing the .tf files of %s: %w", strconv.Quote(dir), err))
		return
	}
	for _, f := range files {
		if err := scanFile(base, f, prefix, out); err != nil {
			report(fmt.Errorf("reading %s: %w", strconv.Quote(f), err))
		}
	}
}

func scanFile(base, f, prefix string, out map[string]Location) error {
	fh, err := os.Open(f)
	if err != nil {
		return err
	}
	defer fh.Close()
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
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("after line %d: a line is too long (over 1 MiB): %w", line, err)
		}
		return err
	}
	return nil
}
