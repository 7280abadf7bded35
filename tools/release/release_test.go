// Package release checks the release configuration (.goreleaser.yml at the repository's root)
// without running goreleaser: its structure, that every build is archived, that each build's
// main package has the variable its -X ldflag sets, and the Terraform Registry's layout for the
// provider.
package release

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// config is the part of goreleaser's v2 schema the file uses; decoding is strict, so a key that is
// misspelt or not modelled here fails the test.
type config struct {
	Version     int    `yaml:"version"`
	ProjectName string `yaml:"project_name"`
	Before      struct {
		Hooks []string `yaml:"hooks"`
	} `yaml:"before"`
	Builds   []build   `yaml:"builds"`
	Archives []archive `yaml:"archives"`
	Checksum struct {
		ExtraFiles   []extraFile `yaml:"extra_files"`
		NameTemplate string      `yaml:"name_template"`
		Algorithm    string      `yaml:"algorithm"`
	} `yaml:"checksum"`
	Signs []struct {
		Artifacts string   `yaml:"artifacts"`
		Args      []string `yaml:"args"`
	} `yaml:"signs"`
	Release struct {
		ExtraFiles []extraFile `yaml:"extra_files"`
	} `yaml:"release"`
	Changelog struct {
		Disable bool `yaml:"disable"`
	} `yaml:"changelog"`
}

type build struct {
	ID           string   `yaml:"id"`
	Main         string   `yaml:"main"`
	Binary       string   `yaml:"binary"`
	Env          []string `yaml:"env"`
	Flags        []string `yaml:"flags"`
	Ldflags      []string `yaml:"ldflags"`
	ModTimestamp string   `yaml:"mod_timestamp"`
	Goos         []string `yaml:"goos"`
	Goarch       []string `yaml:"goarch"`
}

type archive struct {
	ID              string   `yaml:"id"`
	IDs             []string `yaml:"ids"`
	Formats         []string `yaml:"formats"`
	NameTemplate    string   `yaml:"name_template"`
	FormatOverrides []struct {
		Goos    string   `yaml:"goos"`
		Formats []string `yaml:"formats"`
	} `yaml:"format_overrides"`
}

type extraFile struct {
	Glob         string `yaml:"glob"`
	NameTemplate string `yaml:"name_template"`
}

func root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

func load(t *testing.T) config {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root(), ".goreleaser.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var c config
	if err := yaml.UnmarshalWithOptions(b, &c, yaml.Strict()); err != nil {
		t.Fatalf(".goreleaser.yml: %v", err)
	}
	return c
}

// TestGoreleaserBuilds: the provider and plangate are built static (CGO_ENABLED=0), with
// -trimpath and the version set by ldflags, each build archived exactly once.
func TestGoreleaserBuilds(t *testing.T) {
	c := load(t)
	if c.Version != 2 {
		t.Errorf("version = %d, want 2 (goreleaser v2 schema)", c.Version)
	}
	mains := map[string]string{}
	for _, b := range c.Builds {
		if b.ID == "" || mains[b.ID] != "" {
			t.Errorf("build id %q is empty or repeated", b.ID)
		}
		mains[b.ID] = b.Main
		if !slices.Contains(b.Env, "CGO_ENABLED=0") {
			t.Errorf("build %s: env %v lacks CGO_ENABLED=0", b.ID, b.Env)
		}
		if !slices.Contains(b.Flags, "-trimpath") {
			t.Errorf("build %s: flags %v lack -trimpath", b.ID, b.Flags)
		}
		if !strings.Contains(strings.Join(b.Ldflags, " "), "-X main.version={{ .Version }}") {
			t.Errorf("build %s: ldflags %v do not set main.version", b.ID, b.Ldflags)
		}
		if len(b.Goos) == 0 || len(b.Goarch) == 0 || b.Binary == "" {
			t.Errorf("build %s: goos %v, goarch %v, binary %q", b.ID, b.Goos, b.Goarch, b.Binary)
		}
		if !declaresVersionVar(t, filepath.Join(root(), b.Main)) {
			t.Errorf("build %s: package main in %q declares no package-level string variable version: -X main.version would set nothing", b.ID, b.Main)
		}
	}
	if mains["provider"] != "." || mains["plangate"] != "./tools/plangate" {
		t.Errorf("builds = %v, want provider (.) and plangate (./tools/plangate)", mains)
	}
	archived := map[string]int{}
	names := map[string]bool{}
	for _, a := range c.Archives {
		if len(a.IDs) == 0 || len(a.Formats) == 0 || a.NameTemplate == "" || names[a.NameTemplate] {
			t.Errorf("archive %s: ids %v, formats %v, name %q (must be set and differ between archives)", a.ID, a.IDs, a.Formats, a.NameTemplate)
		}
		names[a.NameTemplate] = true
		for _, id := range a.IDs {
			if _, ok := mains[id]; !ok {
				t.Errorf("archive %s names build %q, which does not exist", a.ID, id)
			}
			archived[id]++
		}
		for _, f := range a.Formats {
			if !slices.Contains([]string{"tar.gz", "tgz", "tar.xz", "txz", "tar.zst", "tar", "gz", "zip", "binary"}, f) {
				t.Errorf("archive %s: unknown format %q", a.ID, f)
			}
		}
	}
	for id := range mains {
		if archived[id] != 1 {
			t.Errorf("build %s is in %d archives, want 1", id, archived[id])
		}
	}
}

// TestGoreleaserRegistryLayout: what the Terraform Registry expects of a provider release.
func TestGoreleaserRegistryLayout(t *testing.T) {
	c := load(t)
	if !strings.HasPrefix(c.ProjectName, "terraform-provider-") {
		t.Errorf("project_name %q: the registry wants terraform-provider-NAME", c.ProjectName)
	}
	for _, b := range c.Builds {
		if b.ID == "provider" && b.Binary != "{{ .ProjectName }}_v{{ .Version }}" {
			t.Errorf("provider binary %q, want {{ .ProjectName }}_v{{ .Version }}", b.Binary)
		}
	}
	for _, a := range c.Archives {
		if a.ID == "provider" && (!slices.Equal(a.Formats, []string{"zip"}) || a.NameTemplate != "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}") {
			t.Errorf("provider archive: formats %v, name %q; the registry wants zip files named NAME_VERSION_OS_ARCH", a.Formats, a.NameTemplate)
		}
	}
	if c.Checksum.Algorithm != "sha256" || c.Checksum.NameTemplate != "{{ .ProjectName }}_{{ .Version }}_SHA256SUMS" {
		t.Errorf("checksum: %q, %q", c.Checksum.Algorithm, c.Checksum.NameTemplate)
	}
	if len(c.Signs) != 1 || c.Signs[0].Artifacts != "checksum" || !slices.Contains(c.Signs[0].Args, "--detach-sign") {
		t.Errorf("signs = %+v, want a detached signature of the checksum file", c.Signs)
	}
	b, err := os.ReadFile(filepath.Join(root(), "terraform-registry-manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("terraform-registry-manifest.json: %v", err)
	}
	if !slices.Equal(m.Metadata.ProtocolVersions, []string{"6.0"}) {
		t.Errorf("manifest protocol_versions %v, want [6.0] (terraform-plugin-framework, protocol 6)", m.Metadata.ProtocolVersions)
	}
	for _, files := range [][]extraFile{c.Checksum.ExtraFiles, c.Release.ExtraFiles} {
		if len(files) != 1 || files[0].Glob != "terraform-registry-manifest.json" || files[0].NameTemplate != "{{ .ProjectName }}_{{ .Version }}_manifest.json" {
			t.Errorf("extra files %+v, want the manifest as NAME_VERSION_manifest.json", files)
		}
	}
}

// declaresVersionVar reports whether the main package in dir has a package-level variable
// version of type string (what the linker's -X main.version sets).
func declaresVersionVar(t *testing.T, dir string) bool {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no Go file in %s (%v)", dir, err)
	}
	fset := token.NewFileSet()
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatalf("parsing %s: %v", p, err)
		}
		if f.Name.Name != "main" {
			continue
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, s := range g.Specs {
				vs, ok := s.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for i, n := range vs.Names {
					if n.Name != "version" {
						continue
					}
					if id, ok := vs.Type.(*ast.Ident); ok && id.Name == "string" {
						return true
					}
					if vs.Type == nil && i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							return true
						}
					}
				}
			}
		}
	}
	return false
}
