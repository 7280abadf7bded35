package policy

import (
	"fmt"
	"github.com/nexabrands/supplychain/policy/internal/glob"
	"sort"
	"strings"
	"time"
)

// Waiver suppresses the findings of one rule on the addresses its glob matches, until it expires.
//
//	waivers:
//	  - rule: SC-AWS-S3-009           # one rule id, or one family of built-in rules: SC-AWS-S3-*
//	    address: module.lake[*]        # resource address glob starting with a literal; only * and ? are special
//	    reason: access logs go to the central account
//	    owner: data-platform@nexabrands.example
//	    expires: 2027-03-31            # the waiver applies up to and including this day (UTC)
type Waiver struct {
	Rule    string `yaml:"rule" json:"rule"`
	Address string `yaml:"address" json:"address"`
	Reason  string `yaml:"reason" json:"reason"`
	Owner   string `yaml:"owner" json:"owner"`
	Expires string `yaml:"expires" json:"expires"`

	expires time.Time
	used    bool
}

type waiverFile struct {
	Waivers []*Waiver `yaml:"waivers"`
}

// DefaultWaiverMaxDays is how far away a waiver's expiry may be when the configuration does not
// say (waiver_max_days).
const DefaultWaiverMaxDays = 365

// WaiverOptions bound what a waiver file may hold.
type WaiverOptions struct {
	// Now is the clock the expiry horizon is counted from; nil: time.Now.
	Now func() time.Time
	// MaxDays is the furthest expiry, in days from today (UTC); 0: DefaultWaiverMaxDays.
	MaxDays int
}

// LoadWaivers reads a waiver file; every field is required and expires must be YYYY-MM-DD.
func LoadWaivers(path string, opts WaiverOptions) ([]*Waiver, error) {
	data, err := readBounded(path)
	if err != nil {
		return nil, fmt.Errorf("reading waivers %s: %w", path, err)
	}
	return ParseWaiversWith(path, data, opts)
}

// ParseWaivers parses waiver YAML with the default options.
func ParseWaivers(name string, data []byte) ([]*Waiver, error) {
	return ParseWaiversWith(name, data, WaiverOptions{})
}

// ParseWaiversWith parses waiver YAML. A waiver names one rule id or one family of built-in
// rules (SC-AWS-S3-*), an address glob that starts with a literal, and an expiry no further
// away than opts.MaxDays: a wider waiver would waive every denial silently.
func ParseWaiversWith(name string, data []byte, opts WaiverOptions) ([]*Waiver, error) {
	var wf waiverFile
	if err := unmarshalYAML(data, &wf); err != nil {
		return nil, fmt.Errorf("reading waivers %s: %w", name, err)
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	maxDays := opts.MaxDays
	if maxDays <= 0 {
		maxDays = DefaultWaiverMaxDays
	}
	y, m, d := now().UTC().Date()
	horizon := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(0, 0, maxDays)
	for i, w := range wf.Waivers {
		if w == nil {
			return nil, fmt.Errorf("reading waivers %s: entry %d is empty", name, i+1)
		}
		var missing []string
		for _, f := range []struct{ n, v string }{{"rule", w.Rule}, {"address", w.Address}, {"reason", w.Reason}, {"owner", w.Owner}, {"expires", w.Expires}} {
			if strings.TrimSpace(f.v) == "" {
				missing = append(missing, f.n)
			}
		}
		if len(missing) > 0 {
			return nil, fmt.Errorf("reading waivers %s: entry %d (%s %s) lacks %s", name, i+1, w.Rule, w.Address, strings.Join(missing, ", "))
		}
		t, err := time.Parse("2006-01-02", w.Expires)
		if err != nil {
			return nil, fmt.Errorf("reading waivers %s: entry %d (%s): expires %q is not YYYY-MM-DD", name, i+1, w.Rule, w.Expires)
		}
		w.expires = t
		if t.After(horizon) {
			return nil, fmt.Errorf("reading waivers %s: entry %d (%s on %s): expires %s is more than %d days away (the limit is waiver_max_days in the configuration)",
				name, i+1, w.Rule, w.Address, w.Expires, maxDays)
		}
		if err := checkWaiverRule(w.Rule); err != nil {
			return nil, fmt.Errorf("reading waivers %s: entry %d (%s on %s): rule: %w", name, i+1, w.Rule, w.Address, err)
		}
		if strings.IndexAny(w.Address, "*?") == 0 {
			return nil, fmt.Errorf("reading waivers %s: entry %d (%s on %s): address: a glob must start with a literal resource address or module path (module.lake.*, aws_s3_bucket.logs[*])",
				name, i+1, w.Rule, w.Address)
		}
	}
	return wf.Waivers, nil
}

// checkWaiverRule accepts one rule id (no wildcard) or FAMILY-* where FAMILY is the family of
// built-in rules (SC-AWS-S3 of SC-AWS-S3-001).
func checkWaiverRule(rule string) error {
	i := strings.IndexAny(rule, "*?")
	if i < 0 {
		return nil
	}
	family, ok := strings.CutSuffix(rule, "-*")
	if !ok || strings.ContainsAny(family, "*?") {
		return fmt.Errorf("a waiver names one rule id, or one family of built-in rules as in SC-AWS-S3-*")
	}
	rs, err := BuiltinRules()
	if err != nil {
		return err
	}
	var families []string
	seen := map[string]bool{}
	for _, r := range rs {
		f := r.ID[:strings.LastIndex(r.ID, "-")]
		if f == family {
			return nil
		}
		if !seen[f] {
			seen[f] = true
			families = append(families, f+"-*")
		}
	}
	sort.Strings(families)
	return fmt.Errorf("%s-* is not a family of built-in rules (one of %s)", family, strings.Join(families, ", "))
}

func (w *Waiver) expired(now time.Time) bool {
	return now.UTC().After(w.expires.Add(24*time.Hour - time.Nanosecond))
}

func (w *Waiver) matches(f *Finding) bool {
	return glob.Match(w.Rule, f.RuleID) && glob.Match(w.Address, f.Address)
}
