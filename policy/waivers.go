package policy

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
)

// Waiver suppresses the findings of one rule on the addresses its glob matches, until it expires.
//
//	waivers:
//	  - rule: SC-AWS-S3-009           # rule id; * matches any run of characters
//	    address: module.lake[*]        # resource address glob; only * and ? are special
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

// LoadWaivers reads a waiver file; every field is required and expires must be YYYY-MM-DD.
func LoadWaivers(path string) ([]*Waiver, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading waivers %s: %w", path, err)
	}
	return ParseWaivers(path, data)
}

// ParseWaivers parses waiver YAML.
func ParseWaivers(name string, data []byte) ([]*Waiver, error) {
	var wf waiverFile
	if err := yaml.UnmarshalWithOptions(data, &wf, yaml.DisallowUnknownField()); err != nil {
		return nil, fmt.Errorf("reading waivers %s: %w", name, err)
	}
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
	}
	return wf.Waivers, nil
}

func (w *Waiver) expired(now time.Time) bool {
	return now.UTC().After(w.expires.Add(24*time.Hour - time.Nanosecond))
}

func (w *Waiver) matches(f *Finding) bool {
	return globMatch(w.Rule, f.RuleID) && globMatch(w.Address, f.Address)
}

// globMatch matches s against a pattern where * is any run of characters and ? one character;
// everything else, brackets and quotes of instance keys included, is literal.
func globMatch(pattern, s string) bool {
	p, t := []rune(pattern), []rune(s)
	pi, ti, star, mark := 0, 0, -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
