package report

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Output is one report to write: a format, and a file or standard output.
type Output struct {
	Format string
	Path   string // "" for standard output
}

// UsageError is a wrong --format specification (exit 10).
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// ParseOutputs reads --format specifications, F or F=PATH, before anything is read: an unknown
// format, an empty path, two formats to standard output or two to one file are usage errors.
// With none, the text format goes to standard output.
func ParseOutputs(specs []string) ([]Output, error) {
	var outs []Output
	stdout := ""
	files := map[string]string{}
	for _, s := range specs {
		name, path, hasPath := strings.Cut(s, "=")
		if !Known(name) {
			return nil, &UsageError{fmt.Errorf("--format %q: unknown format (one of %s)", s, strings.Join(Formats, ", "))}
		}
		if name == "md" {
			name = "markdown"
		}
		if hasPath && path == "" {
			return nil, &UsageError{fmt.Errorf("--format %q: empty path", s)}
		}
		if !hasPath {
			if stdout != "" {
				return nil, &UsageError{fmt.Errorf("--format %s and --format %s both go to standard output: give one of them a file (--format %s=PATH)", stdout, name, name)}
			}
			stdout = name
		} else {
			key := filepath.Clean(path)
			if abs, err := filepath.Abs(path); err == nil {
				key = abs
			}
			if other, ok := files[key]; ok {
				return nil, &UsageError{fmt.Errorf("--format %s and --format %s both write %s", other, name, path)}
			}
			files[key] = name
		}
		outs = append(outs, Output{Format: name, Path: path})
	}
	if len(outs) == 0 {
		outs = append(outs, Output{Format: "text"})
	}
	return outs, nil
}

// CheckPaths refuses, before anything is read, an output file that is one of the inputs (plan,
// base plan, configuration, waivers: the same file by any name, hard links included) or lies
// in an input directory (policies), an output path that is a symbolic link or not a regular
// file, and one whose directories leave the working directory through a symbolic link. Write
// checks again as it writes.
func CheckPaths(outs []Output, inputs []string) error {
	for _, o := range outs {
		if o.Path == "" {
			continue
		}
		if err := checkPath(o, inputs); err != nil {
			return err
		}
	}
	return nil
}

func checkPath(o Output, inputs []string) error {
	refuse := func(why string) error {
		return fmt.Errorf("refusing to write the %s report to %s: %s", o.Format, o.Path, why)
	}
	absOut, err := filepath.Abs(o.Path)
	if err != nil {
		return refuse(err.Error())
	}
	if fi, err := os.Lstat(o.Path); err == nil {
		if fi.Mode()&os.ModeSymlink != 0 {
			return refuse("it is a symbolic link")
		}
		if !fi.Mode().IsRegular() {
			return refuse("it is not a regular file")
		}
	}
	// Resolve the directories as they are now, to compare with the inputs.
	resolvedOut := absOut
	if dir, err := filepath.EvalSymlinks(filepath.Dir(absOut)); err == nil {
		resolvedOut = filepath.Join(dir, filepath.Base(absOut))
	}
	for _, in := range inputs {
		if in == "" || in == "-" {
			continue
		}
		absIn, err := filepath.Abs(in)
		if err != nil {
			continue
		}
		inInfo, statErr := os.Stat(in)
		if statErr == nil && inInfo.IsDir() {
			resolvedIn := absIn
			if r, err := filepath.EvalSymlinks(absIn); err == nil {
				resolvedIn = r
			}
			if within(absOut, absIn) || within(resolvedOut, resolvedIn) {
				return refuse("it is inside the input directory " + in)
			}
			continue
		}
		if absOut == absIn {
			return refuse("it is an input (" + in + ")")
		}
		if statErr == nil {
			if outStat, err := os.Stat(o.Path); err == nil && os.SameFile(outStat, inInfo) {
				return refuse("it is the same file as the input " + in)
			}
		}
	}
	// Inside the working directory, no directory on the way may be a link leading out of it.
	if wd, err := os.Getwd(); err == nil && within(absOut, wd) {
		root, err := os.OpenRoot(wd)
		if err != nil {
			return refuse(err.Error())
		}
		defer root.Close()
		rel, err := filepath.Rel(wd, absOut)
		if err != nil {
			return refuse(err.Error())
		}
		if dir := filepath.Dir(rel); dir != "." {
			if _, err := root.Stat(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
				return refuse(err.Error())
			}
		}
	}
	return nil
}

func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// rootOf opens the directory a report is written under: the working directory when the path
// is inside it (so no symbolic link may lead a report out of the checkout), else the path's
// own directory (whose chain the caller named).
func rootOf(abs string) (*os.Root, string, error) {
	if wd, err := os.Getwd(); err == nil && within(abs, wd) {
		rel, err := filepath.Rel(wd, abs)
		if err == nil {
			r, err := os.OpenRoot(wd)
			return r, rel, err
		}
	}
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", err
	}
	r, err := os.OpenRoot(dir)
	return r, filepath.Base(abs), err
}

// staged is a report rendered into a temporary file beside its path, not yet renamed.
type staged struct {
	o         Output
	root      *os.Root
	name, tmp string
}

// stage renders the report into a new temporary file in the report's directory, refusing a
// symbolic link or anything but a regular file at the report's path.
func (s *staged) stage(render RenderFunc) error {
	if dir := filepath.Dir(s.name); dir != "." {
		if err := s.root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	if fi, err := s.root.Lstat(s.name); err == nil {
		if fi.Mode()&os.ModeSymlink != 0 {
			return errors.New("refusing to write over a symbolic link")
		}
		if !fi.Mode().IsRegular() {
			return errors.New("refusing to write over something that is not a regular file")
		}
	}
	var rnd [6]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(s.name), "."+filepath.Base(s.name)+".plangate-"+hex.EncodeToString(rnd[:]))
	f, err := s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	s.tmp = tmp
	w := bufio.NewWriterSize(f, 1<<16)
	err = render(w, s.o.Format, true)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Write renders d in every output, all or nothing: each file is rendered into a new temporary
// file beside it, then standard output is written, then every temporary file is renamed over
// its report. When anything fails, no report of this run is left in place. Files are written
// through os.Root: a symbolic link at a report's path is refused, and none on the way may lead
// out of the working directory. Colour is for standard output only.
func Write(outs []Output, d *Document, opts Options, stdout io.Writer) error {
	return WriteWith(outs, func(w io.Writer, format string, toFile bool) error {
		o := opts
		o.Color = opts.Color && !toFile
		return Render(w, format, d, o)
	}, stdout)
}

// RenderFunc renders one format of a report; toFile is true when it goes to a file (no colour).
type RenderFunc func(w io.Writer, format string, toFile bool) error

// WriteWith writes every output through render with Write's guarantees (all or nothing, no
// symbolic link followed, none leading out of the working directory): commands whose reports
// are not a Document yet (plangate drift) write through it too.
func WriteWith(outs []Output, render RenderFunc, stdout io.Writer) error {
	var files []*staged
	cleanup := func() {
		for _, s := range files {
			if s.tmp != "" {
				_ = s.root.Remove(s.tmp)
			}
			_ = s.root.Close()
		}
	}
	undo := func(done []*staged) {
		for _, s := range done {
			_ = s.root.Remove(s.name)
		}
	}
	var out bytes.Buffer
	for _, o := range outs {
		if o.Path == "" {
			if err := render(&out, o.Format, false); err != nil {
				cleanup()
				return fmt.Errorf("rendering the %s report: %w", o.Format, err)
			}
			continue
		}
		abs, err := filepath.Abs(o.Path)
		if err != nil {
			cleanup()
			return fmt.Errorf("writing the %s report to %s: %w", o.Format, o.Path, err)
		}
		root, name, err := rootOf(abs)
		if err != nil {
			cleanup()
			return fmt.Errorf("writing the %s report to %s: %w", o.Format, o.Path, err)
		}
		s := &staged{o: o, root: root, name: name}
		files = append(files, s)
		if err := s.stage(render); err != nil {
			cleanup()
			return fmt.Errorf("writing the %s report to %s: %w", o.Format, o.Path, err)
		}
	}
	if _, err := stdout.Write(out.Bytes()); err != nil {
		cleanup()
		return fmt.Errorf("writing to standard output: %w", err)
	}
	for i, s := range files {
		if err := s.root.Rename(s.tmp, s.name); err != nil {
			undo(files[:i])
			cleanup()
			return fmt.Errorf("writing the %s report to %s: %w", s.o.Format, s.o.Path, err)
		}
		s.tmp = ""
	}
	cleanup()
	return nil
}
