package cost

import (
	"fmt"
	"github.com/nexabrands/supplychain/policy/internal/glob"
	"math/big"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
)

// UsageKeys are the usage values the estimator reads, per resource type: what a plan cannot know.
// A usage-based component whose key has no value is listed as "usage not given", never as 0 USD.
var UsageKeys = map[string]map[string]string{
	"aws_instance":                     {"monthly_hours": "hours the instance runs per month (default 730)"},
	"aws_nat_gateway":                  {"monthly_data_processed_gb": "GB processed by the gateway per month"},
	"aws_s3_bucket":                    {"storage_gb": "GB stored (S3 Standard)", "monthly_put_requests": "PUT, COPY, POST, LIST requests per month", "monthly_get_requests": "GET, SELECT and other requests per month"},
	"supplychain_data_lake":            {"raw_storage_gb": "GB stored in the raw bucket", "code_storage_gb": "GB stored in the code bucket", "transformed_storage_gb": "GB stored in the transformed bucket", "monthly_put_requests": "PUT, COPY, POST, LIST requests per month, all three buckets", "monthly_get_requests": "GET and other requests per month, all three buckets"},
	"aws_glue_job":                     {"monthly_hours": "hours the job runs per month"},
	"aws_glue_crawler":                 {"monthly_dpu_hours": "DPU-hours the crawler uses per month"},
	"aws_glue_catalog_database":        {"billable_objects": "Data Catalog objects above the free million", "billable_monthly_requests": "Data Catalog requests per month above the free million"},
	"aws_redshiftserverless_workgroup": {"monthly_active_hours": "hours per month the workgroup computes at its base capacity", "managed_storage_gb": "GB of Redshift managed storage of its namespace"},
	"aws_redshift_cluster":             {"managed_storage_gb": "GB of Redshift managed storage (RA3 nodes)"},
	"aws_dynamodb_table":               {"storage_gb": "GB stored", "pitr_storage_gb": "GB of point-in-time-recovery backup (when PITR is on)", "monthly_write_request_units": "write request units per month (on-demand tables)", "monthly_read_request_units": "read request units per month (on-demand tables)"},
	"aws_kms_key":                      {"monthly_requests": "symmetric requests per month above the free tier"},
	"aws_vpc_endpoint":                 {"monthly_data_processed_gb": "GB processed by an interface endpoint per month"},
	"aws_cloudwatch_log_group":         {"monthly_ingested_gb": "GB ingested per month", "storage_gb": "GB stored"},
	"aws_secretsmanager_secret":        {"monthly_requests": "API requests per month"},
}

// Usage is a parsed usage file:
//
//	version: 1
//	defaults:                       # per resource type
//	  aws_s3_bucket: {storage_gb: 50}
//	resources:                      # per address glob (* and ? only); a later, longer match wins
//	  "aws_glue_job.clean_*": {monthly_hours: 30}
//	  supplychain_data_lake.main: {raw_storage_gb: 500}
type Usage struct {
	Name      string
	Defaults  map[string]map[string]*big.Rat
	Overrides []Override
}

// Override is the usage of the resources whose address matches Glob.
type Override struct {
	Glob   string
	Values map[string]*big.Rat
	used   bool
}

type usageFile struct {
	Version   int                       `yaml:"version"`
	Defaults  map[string]map[string]any `yaml:"defaults"`
	Resources yaml.MapSlice             `yaml:"resources"`
}

// LoadUsage reads a usage file.
func LoadUsage(p string) (*Usage, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("reading usage file %s: %w", p, err)
	}
	return ParseUsage(p, data)
}

// ParseUsage parses a usage file. Unknown keys, unknown resource types and values that are not
// non-negative numbers are errors.
func ParseUsage(name string, data []byte) (*Usage, error) {
	var f usageFile
	if err := yaml.UnmarshalWithOptions(data, &f, yaml.DisallowUnknownField(), yaml.UseOrderedMap()); err != nil {
		return nil, fmt.Errorf("reading usage file %s: %w", name, err)
	}
	if f.Version != 1 {
		return nil, fmt.Errorf("reading usage file %s: version must be 1, got %d", name, f.Version)
	}
	u := &Usage{Name: name, Defaults: map[string]map[string]*big.Rat{}}
	types := make([]string, 0, len(f.Defaults))
	for t := range f.Defaults {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		if UsageKeys[t] == nil {
			return nil, fmt.Errorf("reading usage file %s: defaults.%s: no usage is read for this resource type (types with usage: %s)", name, t, strings.Join(sortedKeys(UsageKeys), ", "))
		}
		vals, err := usageValues(fmt.Sprintf("defaults.%s", t), f.Defaults[t], []string{t})
		if err != nil {
			return nil, fmt.Errorf("reading usage file %s: %w", name, err)
		}
		u.Defaults[t] = vals
	}
	for _, item := range f.Resources {
		glob, ok := item.Key.(string)
		if !ok || glob == "" {
			return nil, fmt.Errorf("reading usage file %s: resources: key %v is not an address glob", name, item.Key)
		}
		raw, ok := toStringMap(item.Value)
		if !ok {
			return nil, fmt.Errorf("reading usage file %s: resources.%q: expected a map of usage keys to numbers", name, glob)
		}
		// The keys an address glob may set: those of the types its glob can match.
		var cand []string
		for t := range UsageKeys {
			if globCouldMatchType(glob, t) {
				cand = append(cand, t)
			}
		}
		sort.Strings(cand)
		vals, err := usageValues(fmt.Sprintf("resources.%q", glob), raw, cand)
		if err != nil {
			return nil, fmt.Errorf("reading usage file %s: %w", name, err)
		}
		u.Overrides = append(u.Overrides, Override{Glob: glob, Values: vals})
	}
	return u, nil
}

func toStringMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case yaml.MapSlice:
		out := map[string]any{}
		for _, it := range m {
			k, ok := it.Key.(string)
			if !ok {
				return nil, false
			}
			out[k] = it.Value
		}
		return out, true
	case nil:
		return map[string]any{}, true
	}
	return nil, false
}

// usageValues checks that every key is known for one of types and every value a number ≥ 0.
func usageValues(where string, raw map[string]any, types []string) (map[string]*big.Rat, error) {
	known := map[string]bool{}
	for _, t := range types {
		for k := range UsageKeys[t] {
			known[k] = true
		}
	}
	out := map[string]*big.Rat{}
	for _, k := range sortedKeys(raw) {
		if !known[k] {
			return nil, fmt.Errorf("%s: unknown usage key %q (known for %s: %s)", where, k, strings.Join(types, ", "), strings.Join(sortedKeys(known), ", "))
		}
		r, err := usageNumber(raw[k])
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", where, k, err)
		}
		out[k] = r
	}
	return out, nil
}

func usageNumber(v any) (*big.Rat, error) {
	var r *big.Rat
	switch n := v.(type) {
	case uint64:
		r = new(big.Rat).SetUint64(n)
	case int64:
		r = ratInt(n)
	case int:
		r = ratInt(int64(n))
	case float64:
		// The shortest decimal that reads back as this float is what the file says (12.5, 0.3).
		r, _ = new(big.Rat).SetString(strconv.FormatFloat(n, 'f', -1, 64))
	default:
		return nil, fmt.Errorf("expected a number, got %v (%T)", v, v)
	}
	if r == nil || r.Sign() < 0 {
		return nil, fmt.Errorf("expected a number of 0 or more, got %v", v)
	}
	return r, nil
}

// globCouldMatchType reports whether an address glob can match resources of type t: its last
// resource step (after any module. parts) starts with the type, or with a wildcard.
func globCouldMatchType(glob, t string) bool {
	steps := strings.Split(stripGlobKeys(glob), ".")
	// module.NAME.TYPE.NAME: skip module steps.
	for len(steps) >= 2 && steps[0] == "module" {
		steps = steps[2:]
	}
	if len(steps) == 0 {
		return true
	}
	ok, _ := path.Match(steps[0], t)
	return ok || strings.ContainsAny(steps[0], "*?")
}

func stripGlobKeys(s string) string {
	var b strings.Builder
	depth := 0
	for _, c := range s {
		switch {
		case c == '[':
			depth++
		case c == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// For returns the usage of one resource: its type's defaults, then every matching override in
// file order (a later one wins key by key). It marks the overrides used.
func (u *Usage) For(address, typ string) map[string]*big.Rat {
	out := map[string]*big.Rat{}
	if u == nil {
		return out
	}
	for k, v := range u.Defaults[typ] {
		out[k] = v
	}
	for i := range u.Overrides {
		o := &u.Overrides[i]
		if !glob.Match(o.Glob, address) {
			continue
		}
		o.used = true
		for k, v := range o.Values {
			if _, known := UsageKeys[typ][k]; known {
				out[k] = v
			}
		}
	}
	return out
}

// Unmatched returns the address globs that matched no resource, for a notice.
func (u *Usage) Unmatched() []string {
	if u == nil {
		return nil
	}
	var out []string
	for _, o := range u.Overrides {
		if !o.used {
			out = append(out, o.Glob)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
