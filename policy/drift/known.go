package drift

import (
	"fmt"
	"github.com/nexabrands/supplychain/policy/internal/glob"
	"os"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
)

// KnownFile is the known-drift file (YAML):
//
//	known_drift:
//	  - address: module.lake.supplychain_data_lake.main   # resource address glob (not a bare *)
//	    attribute: tags.*                                 # attribute path glob; * is every change
//	    reason: finance tags buckets by hand until the tagging job lands
//	    owner: data-platform@nexabrands.example
//	    expires: 2027-03-31                               # silences up to and including this day (UTC)
//	benign_attributes: [last_seen]   # attribute names added to DefaultBenign
//	default_benign: true             # false: only benign_attributes are benign
//	cost_attributes: [shard_count]   # attribute names added to DefaultCost
//
// Globs match as waivers' do: * is any run of characters (dots and brackets included), ? one
// character. A deleted resource's change has the path "": only attribute * silences it. An
// expired entry silences nothing and fails the run.
type KnownFile struct {
	Entries          []*KnownEntry `yaml:"known_drift"`
	BenignAttributes []string      `yaml:"benign_attributes"`
	DefaultBenign    *bool         `yaml:"default_benign"`
	CostAttributes   []string      `yaml:"cost_attributes"`
}

// KnownEntry silences the drift of the attributes its globs match until it expires.
type KnownEntry struct {
	Address   string `yaml:"address" json:"address"`
	Attribute string `yaml:"attribute" json:"attribute"`
	Reason    string `yaml:"reason" json:"reason"`
	Owner     string `yaml:"owner" json:"owner"`
	Expires   string `yaml:"expires" json:"expires"`

	expires time.Time
	used    bool
}

// LoadKnown reads a known-drift file.
func LoadKnown(path string) (*KnownFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading known drift %s: %w", path, err)
	}
	return ParseKnown(path, data)
}

// ParseKnown parses known-drift YAML: unknown keys, missing fields, a bad date and an address
// glob that matches every resource are errors.
func ParseKnown(name string, data []byte) (*KnownFile, error) {
	var kf KnownFile
	if err := yaml.UnmarshalWithOptions(data, &kf, yaml.DisallowUnknownField()); err != nil {
		return nil, fmt.Errorf("reading known drift %s: %w", name, err)
	}
	for i, e := range kf.Entries {
		if e == nil {
			return nil, fmt.Errorf("reading known drift %s: entry %d is empty", name, i+1)
		}
		var missing []string
		for _, f := range []struct{ n, v string }{{"address", e.Address}, {"attribute", e.Attribute}, {"reason", e.Reason}, {"owner", e.Owner}, {"expires", e.Expires}} {
			if strings.TrimSpace(f.v) == "" {
				missing = append(missing, f.n)
			}
		}
		if len(missing) > 0 {
			return nil, fmt.Errorf("reading known drift %s: entry %d (%s %s) lacks %s", name, i+1, e.Address, e.Attribute, strings.Join(missing, ", "))
		}
		if onlyWildcards(e.Address) {
			return nil, fmt.Errorf("reading known drift %s: entry %d: address %q matches every resource; name the resources (a type, a module, an address)", name, i+1, e.Address)
		}
		t, err := time.Parse("2006-01-02", e.Expires)
		if err != nil {
			return nil, fmt.Errorf("reading known drift %s: entry %d (%s): expires %q is not YYYY-MM-DD", name, i+1, e.Address, e.Expires)
		}
		e.expires = t
	}
	for _, g := range append(append([]string{}, kf.BenignAttributes...), kf.CostAttributes...) {
		if onlyWildcards(g) {
			return nil, fmt.Errorf("reading known drift %s: attribute name glob %q matches every attribute", name, g)
		}
	}
	return &kf, nil
}

func (k *KnownFile) lists() classLists {
	var l classLists
	if k.DefaultBenign == nil || *k.DefaultBenign {
		l.benign = append(l.benign, DefaultBenign...)
	}
	l.benign = append(l.benign, k.BenignAttributes...)
	l.cost = append(append(l.cost, DefaultCost...), k.CostAttributes...)
	return l
}

func (e *KnownEntry) expired(now time.Time) bool {
	return now.UTC().After(e.expires.Add(24*time.Hour - time.Nanosecond))
}

func (e *KnownEntry) String() string {
	return fmt.Sprintf("known-drift entry for %s attribute %s (owner %s)", e.Address, e.Attribute, e.Owner)
}

// apply marks the changes that live entries match, and reports expired and unused entries.
func (k *KnownFile) apply(rep *Report, now time.Time) {
	for _, e := range k.Entries {
		e.used = false
		if e.expired(now) {
			rep.Errors = append(rep.Errors, fmt.Sprintf("%s expired on %s", e, e.Expires))
		}
	}
	for i := range rep.Drifted {
		d := &rep.Drifted[i]
		for j := range d.Changes {
			c := &d.Changes[j]
			for _, e := range k.Entries {
				if e.expired(now) || !glob.Match(e.Address, d.Address) || !glob.Match(e.Attribute, c.Path) {
					continue
				}
				e.used = true
				ec := *e
				c.Known = &ec
				break
			}
		}
	}
	for _, e := range k.Entries {
		if !e.used && !e.expired(now) {
			rep.Notices = append(rep.Notices, fmt.Sprintf("%s matched no drift", e))
		}
	}
}

// onlyWildcards reports whether a glob has nothing but wildcards and separators (*, *.*, *[*]):
// it would match every resource or attribute.
func onlyWildcards(g string) bool {
	return strings.Trim(g, "*?.[]\"") == ""
}
