package plan

import (
	"errors"
	"fmt"
)

// ErrorKind says what is wrong with a plan file.
type ErrorKind int

const (
	// Unreadable: the file could not be opened or read.
	Unreadable ErrorKind = iota + 1
	// Empty: the file holds no bytes (or only white space).
	Empty
	// Truncated: the JSON ends before the document does.
	Truncated
	// Malformed: the bytes are not JSON, or not JSON of a plan's shape.
	Malformed
	// NotAPlan: valid JSON but no plan (no format_version, or a state file).
	NotAPlan
	// UnsupportedFormat: a format_version this reader does not know.
	UnsupportedFormat
	// Incomplete: a plan that says it is not whole (errored: true, complete: false).
	Incomplete
)

func (k ErrorKind) String() string {
	switch k {
	case Unreadable:
		return "unreadable"
	case Empty:
		return "empty"
	case Truncated:
		return "truncated"
	case Malformed:
		return "malformed"
	case NotAPlan:
		return "not a plan"
	case UnsupportedFormat:
		return "unsupported format"
	case Incomplete:
		return "incomplete plan"
	}
	return "unknown"
}

// Error is returned for any plan that cannot be read. It names the file, what is wrong and,
// where the JSON decoder knows it, the line and column.
type Error struct {
	Path   string
	Kind   ErrorKind
	Line   int // 1-based; 0 when not known
	Column int
	Msg    string
	Err    error
}

func (e *Error) Error() string {
	where := e.Path
	if where == "" {
		where = "<plan>"
	}
	if e.Line > 0 {
		where = fmt.Sprintf("%s:%d:%d", where, e.Line, e.Column)
	}
	s := fmt.Sprintf("reading plan %s: %s: %s", where, e.Kind, e.Msg)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of a plan error, or 0 when err is not one.
func KindOf(err error) ErrorKind {
	var pe *Error
	if errors.As(err, &pe) {
		return pe.Kind
	}
	return 0
}

// lineCol converts a byte offset into a 1-based line and column.
func lineCol(data []byte, off int64) (int, int) {
	if off < 0 {
		return 0, 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line, col := 1, 1
	for _, b := range data[:off] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}
