package plangen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Repeat returns a plan of at least n resource changes made by repeating real plans: source s's
// resources become the instances of a module call `s<s>` (s its index in sources) with for_each (module.s3["c17"].…), one
// instance per copy, round-robin over the sources until n changes are reached (whole copies, so
// the count can exceed n by less than one source's changes). resource_changes, planned_values and
// prior_state are copied with their addresses moved into the instance; the configuration holds
// each source's root module once, under its module call, as Terraform writes a module called with
// for_each. S3 bucket names are made unique per copy (a name is global), so that split resources
// still correlate with their own bucket. output_changes, resource_drift and root variables are
// left out. It returns the plan and its number of resource changes.
func Repeat(sources [][]byte, n int) ([]byte, int, error) {
	var srcs []*source
	for i, b := range sources {
		s, err := newSource(b)
		if err != nil {
			return nil, 0, fmt.Errorf("source %d: %w", i, err)
		}
		s.index = i
		if s.changes > 0 {
			srcs = append(srcs, s)
		}
	}
	if len(srcs) == 0 {
		return nil, 0, errors.New("no source plan has resource changes")
	}
	var rcs, planned, prior bytes.Buffer
	total := 0
	used := make([]int, len(srcs)) // copies made of each source
	for k := 0; total < n; k++ {
		si := k % len(srcs)
		s := srcs[si]
		prefix := fmt.Sprintf(`module.s%d["c%d"]`, s.index, used[si])
		part, err := s.copy(prefix, fmt.Sprintf("-c%d-%d", s.index, used[si]))
		if err != nil {
			return nil, 0, err
		}
		used[si]++
		for _, rc := range part.changes {
			sep(&rcs)
			rcs.Write(rc)
		}
		if part.planned != nil {
			sep(&planned)
			planned.Write(part.planned)
		}
		if part.prior != nil {
			sep(&prior)
			prior.Write(part.prior)
		}
		total += len(part.changes)
	}
	calls := map[string]any{}
	providers := map[string]any{}
	for si, s := range srcs {
		if used[si] == 0 {
			continue
		}
		keys := make([]any, used[si])
		for i := range keys {
			keys[i] = fmt.Sprintf("c%d", i)
		}
		calls[fmt.Sprintf("s%d", s.index)] = map[string]any{
			"source":              fmt.Sprintf("./modules/s%d", s.index),
			"for_each_expression": map[string]any{"constant_value": keys},
			"module":              s.rootConfig,
		}
		for k, v := range s.providers {
			if _, ok := providers[k]; !ok {
				providers[k] = v
			}
		}
	}
	cfg, err := json.Marshal(map[string]any{"provider_config": providers, "root_module": map[string]any{"module_calls": calls}})
	if err != nil {
		return nil, 0, err
	}
	var out bytes.Buffer
	out.Grow(rcs.Len() + planned.Len() + prior.Len() + len(cfg) + 512)
	out.WriteString(`{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{"child_modules":[`)
	out.Write(planned.Bytes())
	out.WriteString(`]}},"resource_changes":[`)
	out.Write(rcs.Bytes())
	out.WriteString(`],"prior_state":{"format_version":"1.0","terraform_version":"1.9.8","values":{"root_module":{"child_modules":[`)
	out.Write(prior.Bytes())
	out.WriteString(`]}}},"configuration":`)
	out.Write(cfg)
	out.WriteString(`,"timestamp":"2026-11-27T00:00:00Z","complete":true,"errored":false}`)
	return out.Bytes(), total, nil
}

func sep(b *bytes.Buffer) {
	if b.Len() > 0 {
		b.WriteByte(',')
	}
}

// source is one real plan, its parts kept as text and decoded again for every copy.
type source struct {
	index      int // in the sources given: module call s<index>
	changes    int
	rcs        json.RawMessage // resource_changes
	planned    json.RawMessage // planned_values.root_module
	prior      json.RawMessage // prior_state.values.root_module
	rootConfig any             // configuration.root_module
	providers  map[string]any  // configuration.provider_config
	buckets    []string        // S3 bucket names, longest first
}

func newSource(b []byte) (*source, error) {
	var p struct {
		ResourceChanges []json.RawMessage `json:"resource_changes"`
		PlannedValues   struct {
			RootModule json.RawMessage `json:"root_module"`
		} `json:"planned_values"`
		PriorState struct {
			Values struct {
				RootModule json.RawMessage `json:"root_module"`
			} `json:"values"`
		} `json:"prior_state"`
		Configuration struct {
			ProviderConfig map[string]any `json:"provider_config"`
			RootModule     any            `json:"root_module"`
		} `json:"configuration"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, err
	}
	s := &source{changes: len(p.ResourceChanges), planned: p.PlannedValues.RootModule, prior: p.PriorState.Values.RootModule,
		rootConfig: p.Configuration.RootModule, providers: p.Configuration.ProviderConfig}
	s.rcs, _ = json.Marshal(p.ResourceChanges)
	if s.rootConfig == nil {
		s.rootConfig = map[string]any{}
	}
	names := map[string]bool{}
	for _, rc := range p.ResourceChanges {
		var c struct {
			Type   string `json:"type"`
			Change struct {
				Before, After map[string]any
			} `json:"change"`
		}
		if err := json.Unmarshal(rc, &c); err != nil {
			return nil, err
		}
		if c.Type != "aws_s3_bucket" {
			continue
		}
		for _, v := range []map[string]any{c.Change.Before, c.Change.After} {
			if n, ok := v["bucket"].(string); ok && len(n) >= 3 {
				names[n] = true
			}
		}
	}
	for n := range names {
		s.buckets = append(s.buckets, n)
	}
	sort.Slice(s.buckets, func(i, j int) bool { return len(s.buckets[i]) > len(s.buckets[j]) })
	return s, nil
}

type copied struct {
	changes        []json.RawMessage
	planned, prior []byte
}

// copy returns the source's parts moved into the module instance prefix, bucket names suffixed.
func (s *source) copy(prefix, suffix string) (copied, error) {
	rename := func(b []byte) []byte {
		for _, n := range s.buckets {
			// Whole names only: as a JSON string, in an ARN, as a key prefix.
			b = bytes.ReplaceAll(b, []byte(`"`+n+`"`), []byte(`"`+n+suffix+`"`))
			b = bytes.ReplaceAll(b, []byte(`:::`+n), []byte(`:::`+n+suffix))
		}
		return b
	}
	var out copied
	var rcs []map[string]any
	if err := json.Unmarshal(rename(s.rcs), &rcs); err != nil {
		return out, err
	}
	for _, rc := range rcs {
		for _, k := range []string{"address", "previous_address"} {
			if a, ok := rc[k].(string); ok {
				rc[k] = prefix + "." + a
			}
		}
		if m, ok := rc["module_address"].(string); ok && m != "" {
			rc["module_address"] = prefix + "." + m
		} else {
			rc["module_address"] = prefix
		}
		b, err := json.Marshal(rc)
		if err != nil {
			return out, err
		}
		out.changes = append(out.changes, b)
	}
	var err error
	if out.planned, err = moveModule(rename(s.planned), prefix); err != nil {
		return out, err
	}
	if out.prior, err = moveModule(rename(s.prior), prefix); err != nil {
		return out, err
	}
	return out, nil
}

// moveModule turns a root module of planned_values or prior_state into the child module prefix.
func moveModule(b []byte, prefix string) ([]byte, error) {
	if len(bytes.TrimSpace(b)) == 0 || string(bytes.TrimSpace(b)) == "null" {
		return nil, nil
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	var walk func(m map[string]any)
	walk = func(m map[string]any) {
		if a, ok := m["address"].(string); ok && a != "" {
			m["address"] = prefix + "." + a
		} else {
			m["address"] = prefix
		}
		if rs, ok := m["resources"].([]any); ok {
			for _, r := range rs {
				if r, ok := r.(map[string]any); ok {
					if a, ok := r["address"].(string); ok {
						r["address"] = prefix + "." + a
					}
				}
			}
		}
		if cs, ok := m["child_modules"].([]any); ok {
			for _, c := range cs {
				if c, ok := c.(map[string]any); ok {
					walk(c)
				}
			}
		}
	}
	walk(m)
	if rs, _ := m["resources"].([]any); len(rs) == 0 {
		if cs, _ := m["child_modules"].([]any); len(cs) == 0 {
			return nil, nil
		}
	}
	return json.Marshal(m)
}

// Sources reads the plans matching the glob patterns, in name order, and keeps those accept
// takes (a caller passes its plan reader: a source it refuses would make the repetition refused).
func Sources(patterns []string, accept func(name string, data []byte) bool) ([][]byte, []string, error) {
	var names []string
	for _, p := range patterns {
		m, err := filepath.Glob(p)
		if err != nil {
			return nil, nil, err
		}
		names = append(names, m...)
	}
	sort.Strings(names)
	var out [][]byte
	var kept []string
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return nil, nil, err
		}
		if accept(n, b) {
			out = append(out, b)
			kept = append(kept, n)
		}
	}
	return out, kept, nil
}
