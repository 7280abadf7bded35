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
	"runtime"
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

// Options choose what the reader keeps. The zero value keeps everything.
type Options struct {
	// NoStateValues skips the attribute values of planned_values and prior_state, half of a
	// plan, for a caller that judges resource_changes alone (conftest-style policies that read
	// only input.resource_changes). Resources are indexed as usual (address, type, actions), but
	// only those that resource_changes alone describes carry Values, S3 resources are correlated
	// by configuration reference only, and Document leaves the values out. The built-in rules
	// need the values: the policy engine refuses such a plan for them.
	NoStateValues bool
	// ChangeValues keeps of each resource_changes entry's before, after and after_unknown only the
	// top-level attributes it names (nil: everything): a caller that knows what its policies read
	// (the seed's read five attributes of after; the built-in rules read the planned values) need
	// not decode, redact and hold the rest. The rest is still checked (keys first, then
	// goccy/go-json's scan), and an entry the scan does not follow is decoded whole. Without
	// NoStateValues the sensitivity marks are kept whole (they redact the planned and prior
	// values too), and so is a change whose resource planned_values does not hold (its after is
	// the resource's values). The plan records it (Plan.ChangeValues).
	ChangeValues *ChangeValues
	// NoConfiguration, with NoStateValues, skips the configuration (checked, not decoded): no
	// resource knows what was configured, S3 resources are not correlated by reference, and
	// Document has no configuration. For a caller whose policies do not read it.
	NoConfiguration bool
}

// ReadFile reads and parses the plan at path.
func ReadFile(path string) (*Plan, error) { return ReadFileWith(path, Options{}) }

// ReadFileWith is ReadFile with options.
func ReadFileWith(path string, opts Options) (*Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Path: path, Kind: Unreadable, Msg: "cannot read the file", Err: err}
	}
	return ParseWith(path, data, opts)
}

// Read reads a plan from r; name is used in errors and reports.
func Read(name string, r io.Reader) (*Plan, error) { return ReadWith(name, r, Options{}) }

// ReadWith is Read with options.
func ReadWith(name string, r io.Reader, opts Options) (*Plan, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &Error{Path: name, Kind: Unreadable, Msg: "cannot read the input", Err: err}
	}
	return ParseWith(name, data, opts)
}

// Parse parses plan JSON held in memory. UTF-8 and UTF-16 (with a byte-order mark, as
// PowerShell's `>` writes it) are accepted.
func Parse(name string, data []byte) (*Plan, error) { return ParseWith(name, data, Options{}) }

// ParseWith is Parse with options.
func ParseWith(name string, data []byte, opts Options) (*Plan, error) {
	data, err := toUTF8(data)
	if err != nil {
		return nil, &Error{Path: name, Kind: Malformed, Msg: "bad text encoding", Err: err}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{Path: name, Kind: Empty, Msg: "the file is empty; expected the output of `terraform show -json PLANFILE`"}
	}
	// Keys first: what decoders would read in a way of their own is refused before they run. The
	// top level is split meanwhile, on another core (a scan that reads and decodes nothing).
	sc := make(chan *splitParts, 1)
	go func() { sc <- splitOf(data) }()
	errored, kerr := checkKeys(data)
	parts := <-sc
	if kerr != nil {
		line, col := lineCol(data, int64(kerr.off))
		return nil, &Error{Path: name, Kind: Malformed, Line: line, Column: col, Msg: kerr.msg}
	}
	if !opts.NoStateValues {
		opts.NoConfiguration = false
	}
	tp, err := decodeWith(data, opts, parts)
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
	if err := checkWhole(name, errored, tp.Complete); err != nil {
		return nil, err
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
	return build(name, tp, opts)
}

// checkWhole refuses a plan that says it is not the whole change: "errored": true (Terraform
// stopped planning on an error; since 1.5 it can still print such a plan) or "complete": false
// (Terraform 1.8+: -target or deferred changes leave changes out). Judging part of a change as if
// it were all of it could pass what the rest would deny.
func checkWhole(name string, errored []byte, complete *bool) error {
	if errored != nil {
		var b *bool
		if err := gojson.Unmarshal(errored, &b); err != nil {
			return &Error{Path: name, Kind: Malformed, Msg: "field errored holds a JSON value that is not a boolean"}
		}
		if b != nil && *b {
			return &Error{Path: name, Kind: Incomplete, Msg: "the plan is marked \"errored\": true: Terraform stopped planning on an error, so the plan is not the whole change; fix the error and plan again"}
		}
	}
	if complete != nil && !*complete {
		return &Error{Path: name, Kind: Incomplete, Msg: "the plan is marked \"complete\": false: it leaves changes out (-target, or deferred changes), and only a whole plan is judged"}
	}
	return nil
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
	PlannedValues   span `json:"planned_values,omitempty"`
	PriorState      span `json:"prior_state,omitempty"`
	ResourceChanges span `json:"resource_changes,omitempty"`
	Config          span `json:"configuration,omitempty"`
}

// span is a JSON value kept raw. goccy/go-json hands UnmarshalJSON a copy of its own, which is
// kept as it is (json.RawMessage would copy it a second time). Only for goccy/go-json.
type span []byte

func (s *span) UnmarshalJSON(b []byte) error {
	*s = b
	return nil
}

// decode fills terraform-json's Plan with goccy/go-json and validates it as terraform-json does.
// When the fast decoder refuses the input, terraform-json's own decoder runs, for its precise,
// standard errors (or, should the two disagree, its result).
func decode(data []byte) (*tfjson.Plan, error) { return decodeWith(data, Options{}, splitOf(data)) }

// decodeWith is decode, leaving out the values of planned_values and prior_state when
// opts.NoStateValues is set, and the attributes of resource_changes' values opts.ChangeValues
// does not name (the input is still checked in full: goccy validates what it skips, and an
// input it refuses goes to terraform-json's decoder as before, which decodes everything).
func decodeWith(data []byte, opts Options, parts *splitParts) (*tfjson.Plan, error) {
	noStateValues := opts.NoStateValues
	if tp, err := decodeFast(data, opts, parts); err == nil {
		return tp, tp.Validate()
	}
	var tp tfjson.Plan
	err := tp.UnmarshalJSON(data)
	if err == nil && opts.NoConfiguration {
		tp.Config = nil
	}
	if err == nil && noStateValues {
		dropStateValues(tp.PlannedValues)
		if tp.PriorState != nil {
			dropStateValues(tp.PriorState.Values)
		}
	}
	return &tp, err
}

// decodeFast splits the plan into its top-level parts and decodes the large ones
// (planned_values, prior_state, resource_changes element by element, configuration) side by side.
func decodeFast(data []byte, opts Options, parts *splitParts) (*tfjson.Plan, error) {
	noStateValues, cv := opts.NoStateValues, opts.ChangeValues
	// The parts are found without a copy where the top level is as expected, else goccy splits.
	fp, small, rcRaw, ok := parts.fp, parts.small, parts.rcs, parts.ok
	if ok {
		if err := gojson.Unmarshal(small, &fp.plainPlan); err != nil {
			return nil, err
		}
	} else {
		fp = fastPlan{}
		if err := gojson.Unmarshal(data, &fp); err != nil {
			return nil, err
		}
	}
	tp := tfjson.Plan(fp.plainPlan)
	var (
		pv    *tfjson.StateValues
		lpv   *leanValues
		ps    *plainState
		lps   *leanState
		cfg   *tfjson.Config
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	run := func(f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	part := func(raw span, dst any) {
		if len(raw) > 0 {
			run(func() error { return gojson.Unmarshal(raw, dst) })
		}
	}
	if noStateValues {
		part(fp.PlannedValues, &lpv)
		part(fp.PriorState, &lps)
	} else {
		part(fp.PlannedValues, &pv)
		part(fp.PriorState, &ps)
	}
	if !ok {
		part(fp.ResourceChanges, &rcRaw)
	}
	if opts.NoConfiguration {
		part(fp.Config, &skipped{})
	} else {
		part(fp.Config, &cfg)
	}
	// resource_changes, the largest part, element by element on every core, alongside the parts
	// (after them where goccy split the top level: rcRaw is one of them).
	if !ok {
		wg.Wait()
		if first != nil {
			return nil, first
		}
	}
	var rcs []*tfjson.ResourceChange
	var partial []bool // rcs[i] was read in part
	if rcRaw != nil {
		rcs = make([]*tfjson.ResourceChange, len(rcRaw))
		partial = make([]bool, len(rcRaw))
		// The marks of what is kept of before and after apply to either (redact takes their union).
		// In a whole reading they also redact the planned and prior values: they are kept whole.
		var marks [2]map[string]bool
		if cv != nil && noStateValues {
			kept := union(cv.Before, cv.After)
			marks = [2]map[string]bool{union(kept, cv.BeforeSensitive), union(kept, cv.AfterSensitive)}
		}
		w := min(runtime.GOMAXPROCS(0), len(rcRaw))
		for c := range w {
			lo, hi := c*len(rcRaw)/w, (c+1)*len(rcRaw)/w
			run(func() error {
				for i := lo; i < hi; i++ {
					if cv != nil {
						rc, err := decodePartialChange(rcRaw[i], cv, marks)
						if err != nil {
							return err
						}
						if rc != nil {
							rcs[i], partial[i] = rc, true
							continue
						}
					}
					if err := gojson.Unmarshal(rcRaw[i], &rcs[i]); err != nil {
						return err
					}
				}
				return nil
			})
		}
	}
	wg.Wait()
	if first != nil {
		return nil, first
	}
	// In a whole reading, a resource that planned_values does not hold takes its values from the
	// change's after (a deleted resource, a plan of format 0.1): that change is read again, whole.
	if cv != nil && !noStateValues {
		planned := map[string]bool{}
		if pv != nil {
			walkState(pv.RootModule, func(sr *tfjson.StateResource) { planned[sr.Address] = true })
		}
		for i, rc := range rcs {
			if partial[i] && !planned[rc.Address] {
				rcs[i] = nil
				if err := gojson.Unmarshal(rcRaw[i], &rcs[i]); err != nil {
					return nil, err
				}
			}
		}
	}
	if lpv != nil {
		pv = lpv.values()
	}
	if lps != nil {
		st := lps.plainState
		st.Values = lps.Values.values()
		ps = &st
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

// skipped is a JSON value that is checked and thrown away.
type skipped struct{}

func (*skipped) UnmarshalJSON([]byte) error { return nil }

// The lean types mirror terraform-json's state types without the resources' values; their outer
// fields hide the embedded ones of the same JSON name.
type (
	leanResource struct {
		tfjson.StateResource
		AttributeValues skipped `json:"values,omitempty"`
		SensitiveValues skipped `json:"sensitive_values,omitempty"`
	}
	leanModule struct {
		tfjson.StateModule
		Resources    []*leanResource `json:"resources,omitempty"`
		ChildModules []*leanModule   `json:"child_modules,omitempty"`
	}
	leanValues struct {
		tfjson.StateValues
		RootModule *leanModule `json:"root_module,omitempty"`
	}
	leanState struct {
		plainState
		Values *leanValues `json:"values,omitempty"`
	}
)

func (v *leanValues) values() *tfjson.StateValues {
	if v == nil {
		return nil
	}
	out := v.StateValues
	out.RootModule = v.RootModule.module()
	return &out
}

func (m *leanModule) module() *tfjson.StateModule {
	if m == nil {
		return nil
	}
	out := m.StateModule
	out.Resources, out.ChildModules = nil, nil
	for _, r := range m.Resources {
		if r == nil {
			out.Resources = append(out.Resources, nil)
			continue
		}
		sr := r.StateResource
		out.Resources = append(out.Resources, &sr)
	}
	for _, c := range m.ChildModules {
		out.ChildModules = append(out.ChildModules, c.module())
	}
	return &out
}

// dropStateValues removes the resources' values from a state, as the lean decoder leaves them out.
func dropStateValues(sv *tfjson.StateValues) {
	if sv != nil {
		walkState(sv.RootModule, func(sr *tfjson.StateResource) {
			sr.AttributeValues, sr.SensitiveValues = nil, nil
		})
	}
}
