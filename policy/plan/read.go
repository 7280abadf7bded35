// Package plan reads the JSON that `terraform show -json` (or `tofu show -json`) prints for a saved
// plan, redacts every sensitive value, indexes the planned resources by address and type, and
// correlates the split S3 resources of AWS provider v4+ with their bucket.
//
// It is the only package that looks at plan JSON; rules and reports see a *Plan.
package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	gojson "github.com/goccy/go-json"
	tfjson "github.com/hashicorp/terraform-json"
)

// Supported plan format versions: 0.1 (Terraform 0.12) up to any 1.x (Terraform 1.x and
// OpenTofu; minor versions of the format only add fields).
const (
	minMajor = 0
	maxMajor = 1
)

// ReadFile reads and parses the plan at path.
func ReadFile(path string) (*Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Path: path, Kind: Unreadable, Msg: "cannot read the file", Err: err}
	}
	return Parse(path, data)
}

// Read reads a plan from r; name is used in errors and reports.
func Read(name string, r io.Reader) (*Plan, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &Error{Path: name, Kind: Unreadable, Msg: "cannot read the input", Err: err}
	}
	return Parse(name, data)
}

// Parse parses plan JSON held in memory. UTF-8 and UTF-16 (with a byte-order mark, as
// PowerShell's `>` writes it) are accepted.
func Parse(name string, data []byte) (*Plan, error) {
	data, err := toUTF8(data)
	if err != nil {
		return nil, &Error{Path: name, Kind: Malformed, Msg: "bad text encoding", Err: err}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{Path: name, Kind: Empty, Msg: "the file is empty; expected the output of `terraform show -json PLANFILE`"}
	}
	tp, err := decode(data)
	if err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		if errors.As(err, &se) || errors.As(err, &te) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, jsonError(name, data, err)
		}
		// terraform-json validates the format version while decoding.
		if tp.FormatVersion == "" && strings.Contains(err.Error(), "format version is missing") {
			return nil, &Error{Path: name, Kind: NotAPlan, Msg: "no format_version: this JSON is not the output of `terraform show -json PLANFILE`"}
		}
		if strings.Contains(err.Error(), "format version") {
			return nil, &Error{Path: name, Kind: UnsupportedFormat, Msg: "format_version is not supported (this reader knows 0.1 to 1.x)", Err: err}
		}
		return nil, jsonError(name, data, err)
	}
	if t := bytes.TrimRight(data, " \t\r\n"); len(t) > 0 && t[len(t)-1] != '}' {
		line, col := lineCol(data, int64(len(t)))
		return nil, &Error{Path: name, Kind: Malformed, Line: line, Column: col, Msg: "unexpected data after the plan's JSON object"}
	}
	if err := checkFormat(tp.FormatVersion); err != nil {
		return nil, &Error{Path: name, Kind: UnsupportedFormat, Msg: err.Error()}
	}
	if tp.PlannedValues == nil && tp.ResourceChanges == nil {
		msg := "no planned_values and no resource_changes"
		var probe struct {
			Values json.RawMessage `json:"values"`
		}
		if json.Unmarshal(data, &probe) == nil && probe.Values != nil {
			msg = "this is a state (it has \"values\"), not a plan; run `terraform show -json PLANFILE` on a saved plan"
		}
		return nil, &Error{Path: name, Kind: NotAPlan, Msg: msg}
	}
	return build(name, tp)
}

func checkFormat(v string) error {
	major, minor, ok := strings.Cut(v, ".")
	if !ok {
		return fmt.Errorf("format_version %q is not MAJOR.MINOR", v)
	}
	ma, err1 := strconv.Atoi(major)
	_, err2 := strconv.Atoi(minor)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("format_version %q is not MAJOR.MINOR", v)
	}
	if ma < minMajor || ma > maxMajor || v == "0.0" {
		return fmt.Errorf("format_version %q is not supported (this reader knows 0.1 to 1.x)", v)
	}
	return nil
}

func jsonError(name string, data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := lineCol(data, se.Offset)
		kind, msg := Malformed, "invalid JSON"
		if se.Offset >= int64(len(bytes.TrimRight(data, " \t\r\n"))) && strings.Contains(se.Error(), "end of JSON input") {
			kind, msg = Truncated, "the JSON stops before the document ends (was the file cut short?)"
		}
		return &Error{Path: name, Kind: kind, Line: line, Column: col, Msg: msg, Err: err}
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := lineCol(data, int64(len(data)))
		return &Error{Path: name, Kind: Truncated, Line: line, Column: col, Msg: "the JSON stops before the document ends (was the file cut short?)", Err: err}
	case errors.As(err, &te):
		line, col := lineCol(data, te.Offset)
		field := te.Field
		if field == "" {
			field = "(top level)"
		}
		return &Error{Path: name, Kind: Malformed, Line: line, Column: col,
			Msg: fmt.Sprintf("field %s holds a JSON %s where a plan has %s", field, te.Value, te.Type)}
	}
	return &Error{Path: name, Kind: Malformed, Msg: "not a Terraform plan", Err: err}
}

// toUTF8 strips a UTF-8 byte-order mark and decodes UTF-16 with a byte-order mark.
func toUTF8(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:], nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		le := data[0] == 0xFF
		body := data[2:]
		if len(body)%2 != 0 {
			return nil, errors.New("UTF-16 input has an odd number of bytes")
		}
		u := make([]uint16, len(body)/2)
		for i := range u {
			if le {
				u[i] = uint16(body[2*i]) | uint16(body[2*i+1])<<8
			} else {
				u[i] = uint16(body[2*i])<<8 | uint16(body[2*i+1])
			}
		}
		runes := utf16.Decode(u)
		out := make([]byte, 0, len(runes))
		for _, r := range runes {
			out = utf8.AppendRune(out, r)
		}
		return out, nil
	}
	return data, nil
}

// plainPlan is terraform-json's Plan without its UnmarshalJSON method, so that a faster decoder
// can fill it (terraform-json's own method goes through encoding/json, three times slower on a
// 10,000-resource plan).
type plainPlan tfjson.Plan

// plainState is terraform-json's State without its UnmarshalJSON method (encoding/json again):
// the prior state holds every existing resource's values.
type plainState tfjson.State

// fastPlan holds the plan's large parts as raw JSON, to be decoded side by side; the outer fields
// hide plainPlan's of the same JSON name.
type fastPlan struct {
	plainPlan
	PlannedValues   gojson.RawMessage `json:"planned_values,omitempty"`
	PriorState      gojson.RawMessage `json:"prior_state,omitempty"`
	ResourceChanges gojson.RawMessage `json:"resource_changes,omitempty"`
	Config          gojson.RawMessage `json:"configuration,omitempty"`
}

// decode fills terraform-json's Plan with goccy/go-json and validates it as terraform-json does.
// When the fast decoder refuses the input, terraform-json's own decoder runs, for its precise,
// standard errors (or, should the two disagree, its result).
func decode(data []byte) (*tfjson.Plan, error) {
	if tp, err := decodeFast(data); err == nil {
		return tp, tp.Validate()
	}
	var tp tfjson.Plan
	err := tp.UnmarshalJSON(data)
	return &tp, err
}

// decodeFast splits the plan into its top-level parts and decodes the four large ones
// (planned_values, prior_state, resource_changes, configuration) on separate goroutines.
func decodeFast(data []byte) (*tfjson.Plan, error) {
	var fp fastPlan
	if err := gojson.Unmarshal(data, &fp); err != nil {
		return nil, err
	}
	tp := tfjson.Plan(fp.plainPlan)
	var (
		pv    *tfjson.StateValues
		ps    *plainState
		rcs   []*tfjson.ResourceChange
		cfg   *tfjson.Config
		errs  [4]error
		wg    sync.WaitGroup
		parts = []struct {
			raw gojson.RawMessage
			dst any
		}{{fp.PlannedValues, &pv}, {fp.PriorState, &ps}, {fp.ResourceChanges, &rcs}, {fp.Config, &cfg}}
	)
	for i, part := range parts {
		if len(part.raw) == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = gojson.Unmarshal(part.raw, part.dst)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if ps != nil {
		st := tfjson.State(*ps)
		if err := st.Validate(); err != nil {
			return nil, err
		}
		tp.PriorState = &st
	}
	tp.PlannedValues, tp.ResourceChanges, tp.Config = pv, rcs, cfg
	return &tp, nil
}
