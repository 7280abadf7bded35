// Package action tests the composite action (action.yml at the repository's root) and its
// install script offline: a fake release is served on loopback with the archive and checksum
// names .goreleaser.yml gives them.
package action

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

const version = "1.4.2"

func root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

var script = filepath.Join(root(), "tools", "action", "install-plangate.sh")

// names renders .goreleaser.yml's plangate archive and checksum names, so the script and the
// release configuration cannot drift apart.
func names(t *testing.T, goos, goarch string) (archive, sums string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root(), ".goreleaser.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		ProjectName string `yaml:"project_name"`
		Archives    []struct {
			ID              string   `yaml:"id"`
			Formats         []string `yaml:"formats"`
			NameTemplate    string   `yaml:"name_template"`
			FormatOverrides []struct {
				Goos    string   `yaml:"goos"`
				Formats []string `yaml:"formats"`
			} `yaml:"format_overrides"`
		} `yaml:"archives"`
		Checksum struct {
			NameTemplate string `yaml:"name_template"`
		} `yaml:"checksum"`
	}
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	render := func(s string) string {
		return strings.NewReplacer("{{ .Version }}", version, "{{ .Os }}", goos, "{{ .Arch }}", goarch, "{{ .ProjectName }}", cfg.ProjectName).Replace(s)
	}
	for _, a := range cfg.Archives {
		if a.ID != "plangate" {
			continue
		}
		format := a.Formats[0]
		for _, o := range a.FormatOverrides {
			if o.Goos == goos {
				format = o.Formats[0]
			}
		}
		archive = render(a.NameTemplate) + "." + format
	}
	if archive == "" || strings.Contains(archive, "{{") {
		t.Fatalf("no plangate archive name in .goreleaser.yml (%q)", archive)
	}
	return archive, render(cfg.Checksum.NameTemplate)
}

// fakePlangate is the archive's binary: a script that says which build it is.
func fakePlangate(goos, goarch string) []byte {
	return []byte(fmt.Sprintf("#!/bin/sh\necho \"plangate %s %s/%s $*\"\n", version, goos, goarch))
}

func tarGz(t *testing.T, name string, data []byte) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, f := range []struct {
		name string
		data []byte
	}{{"LICENSE", []byte("license\n")}, {name, data}} {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o755, Size: int64(len(f.data))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zipped(t *testing.T, name string, data []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// release serves v<version>/<file> for files; sums lists each file's SHA-256 unless overridden.
func release(t *testing.T, files map[string][]byte, sumsName string, sums string) *httptest.Server {
	t.Helper()
	if sums == "" {
		var b strings.Builder
		for name, data := range files {
			h := sha256.Sum256(data)
			fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(h[:]), name)
		}
		// Another artifact with a name that contains the archive's name must not be taken for it.
		fmt.Fprintf(&b, "%s  extra_%s.sig\n", strings.Repeat("0", 64), "x")
		sums = b.String()
	}
	all := map[string][]byte{sumsName: []byte(sums)}
	for k, v := range files {
		all[k] = v
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := strings.CutPrefix(r.URL.Path, "/releases/download/v"+version+"/")
		data, found := all[name]
		if !ok || !found {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv
}

type result struct {
	code      int
	stdout    string
	stderr    string
	dir       string
	githubEnv string
}

func install(t *testing.T, srv *httptest.Server, runnerOS, runnerArch, ver string) result {
	t.Helper()
	dir := t.TempDir()
	ghPath := filepath.Join(dir, "github_path")
	cmd := exec.Command("bash", script)
	cmd.Env = append(os.Environ(),
		"PLANGATE_VERSION="+ver,
		"PLANGATE_RELEASE_URL="+srv.URL+"/releases/download",
		"PLANGATE_INSTALL_DIR="+filepath.Join(dir, "bin"),
		"RUNNER_OS="+runnerOS, "RUNNER_ARCH="+runnerArch,
		"GITHUB_PATH="+ghPath,
	)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	code := 0
	if err := cmd.Run(); err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatal(err)
		}
		code = ee.ExitCode()
	}
	p, _ := os.ReadFile(ghPath)
	return result{code: code, stdout: out.String(), stderr: errb.String(), dir: filepath.Join(dir, "bin"), githubEnv: string(p)}
}

func TestTargetMapping(t *testing.T) {
	cases := map[[2]string]string{
		{"Linux", "X64"}:     "linux amd64",
		{"Linux", "ARM64"}:   "linux arm64",
		{"macOS", "ARM64"}:   "darwin arm64",
		{"macOS", "X64"}:     "darwin amd64",
		{"Windows", "X64"}:   "windows amd64",
		{"Windows", "ARM64"}: "windows arm64",
		{"Linux", "X86"}:     "",
		{"Linux", "ARM"}:     "",
		{"FreeBSD", "X64"}:   "",
	}
	for in, want := range cases {
		out, err := exec.Command("bash", "-c", `source "$1"; plangate_target "$2" "$3"`, "bash", script, in[0], in[1]).CombinedOutput()
		got := strings.TrimSpace(string(out))
		if want == "" {
			if err == nil || !strings.Contains(got, "unsupported runner") {
				t.Errorf("%v: accepted (%q)", in, got)
			}
			continue
		}
		if err != nil || got != want {
			t.Errorf("%v: got %q (%v), want %q", in, got, err, want)
		}
	}
}

func TestInstallLinuxVerifiesAndRuns(t *testing.T) {
	for _, arch := range [][2]string{{"X64", "amd64"}, {"ARM64", "arm64"}} {
		archive, sums := names(t, "linux", arch[1])
		if !strings.HasSuffix(archive, ".tar.gz") {
			t.Fatalf("linux archive %q is not a tar.gz", archive)
		}
		srv := release(t, map[string][]byte{archive: tarGz(t, "plangate", fakePlangate("linux", arch[1]))}, sums, "")
		r := install(t, srv, "Linux", arch[0], "v"+version)
		if r.code != 0 {
			t.Fatalf("%s: exit %d: %s", arch[0], r.code, r.stderr)
		}
		if strings.TrimSpace(r.stdout) != r.dir || strings.TrimSpace(r.githubEnv) != r.dir {
			t.Fatalf("printed %q, GITHUB_PATH %q, want %q", r.stdout, r.githubEnv, r.dir)
		}
		out, err := exec.Command(filepath.Join(r.dir, "plangate"), "version").CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "plangate "+version+" linux/"+arch[1]+" version" {
			t.Fatalf("installed binary: %q %v", out, err)
		}
	}
}

func TestInstallWindowsZip(t *testing.T) {
	if _, err := exec.LookPath("unzip"); err != nil {
		t.Skip("unzip is not installed here (Windows runners have it in Git Bash): the zip branch is not exercised")
	}
	archive, sums := names(t, "windows", "amd64")
	if !strings.HasSuffix(archive, ".zip") {
		t.Fatalf("windows archive %q is not a zip", archive)
	}
	srv := release(t, map[string][]byte{archive: zipped(t, "plangate.exe", fakePlangate("windows", "amd64"))}, sums, "")
	r := install(t, srv, "Windows", "X64", version)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(r.dir, "plangate.exe")); err != nil {
		t.Fatal(err)
	}
}

func TestInstallRefuses(t *testing.T) {
	archive, sums := names(t, "linux", "amd64")
	good := tarGz(t, "plangate", fakePlangate("linux", "amd64"))
	h := sha256.Sum256(good)
	sum := hex.EncodeToString(h[:])
	tampered := tarGz(t, "plangate", []byte("#!/bin/sh\necho evil\n"))
	cases := []struct {
		name    string
		files   map[string][]byte
		sums    string
		version string
		code    int
		want    string
	}{
		{"tampered archive", map[string][]byte{archive: tampered}, sum + "  " + archive + "\n", version, 1, "checksum mismatch"},
		{"archive not listed", map[string][]byte{archive: good}, sum + "  other_" + archive + "\n", version, 1, "does not list " + archive},
		{"archive listed twice", map[string][]byte{archive: good}, sum + "  " + archive + "\n" + sum + "  " + archive + "\n", version, 1, "exactly once"},
		{"no archive for this version", map[string][]byte{}, sum + "  " + archive + "\n", version, 1, "downloading"},
		{"latest", map[string][]byte{archive: good}, "", "latest", 2, "'latest' is refused"},
		{"not a version", map[string][]byte{archive: good}, "", "v1.2", 2, "not a release version"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := release(t, c.files, sums, c.sums)
			r := install(t, srv, "Linux", "X64", c.version)
			if r.code != c.code || !strings.Contains(r.stderr, c.want) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)", r.code, c.code, r.stderr, c.want)
			}
			if _, err := os.Stat(filepath.Join(r.dir, "plangate")); err == nil {
				t.Fatal("plangate was installed anyway")
			}
			if r.githubEnv != "" {
				t.Fatalf("GITHUB_PATH written: %q", r.githubEnv)
			}
		})
	}
}

// TestActionPassesInputsThroughEnv: no `${{ inputs.* }}` expression is expanded inside a run
// script (a crafted input would be shell code), and the script the action runs exists.
func TestActionPassesInputsThroughEnv(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(root(), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		Inputs map[string]struct {
			Required bool `yaml:"required"`
		} `yaml:"inputs"`
		Runs struct {
			Using string `yaml:"using"`
			Steps []struct {
				Run   string `yaml:"run"`
				Shell string `yaml:"shell"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(raw, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" || !a.Inputs["version"].Required {
		t.Fatalf("action.yml: using %q, version required %v", a.Runs.Using, a.Inputs["version"].Required)
	}
	found := false
	for _, s := range a.Runs.Steps {
		if strings.Contains(s.Run, "${{") {
			t.Errorf("a run script expands an expression: %q", s.Run)
		}
		if s.Shell != "bash" {
			t.Errorf("step shell %q, want bash (the same on every runner OS)", s.Shell)
		}
		if strings.Contains(s.Run, "$GITHUB_ACTION_PATH/tools/action/install-plangate.sh") {
			found = true
		}
	}
	if !found {
		t.Fatal("action.yml does not run tools/action/install-plangate.sh")
	}
}
