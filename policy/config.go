package policy

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Config is plangate's configuration file (YAML).
//
//	params:                      # parameters the rules read (see DefaultParams)
//	  bucket_name_pattern: "^nexabrand-[a-z]+-[a-z0-9-]+$"
//	  required_tags: [owner, project]
//	severity_actions:            # what a failing finding of each severity does
//	  critical: deny
//	  high: deny
//	  medium: warn
//	  low: warn
//	rules:                       # per-rule overrides
//	  SC-AWS-S3-009: {action: off}
//	  SC-AWS-S3-001: {action: deny}
//	unknown: warn                # what an unknown finding does: warn, deny or info
//	policy_namespaces: [main]    # packages of user (conftest-style) policies
//	waiver_max_days: 365         # the furthest a waiver may expire, in days from today
//	timeout: 5m                  # evaluation time limit (--timeout wins)
//	memory_limit: 4GiB           # memory limit while evaluating
//
// Every parameter has a type (paramSchema); a value of another type, an unknown key and an
// override of a rule that does not exist are errors.
type Config struct {
	Params           map[string]any        `yaml:"params" json:"params"`
	SeverityActions  map[Severity]Decision `yaml:"severity_actions" json:"severity_actions"`
	Rules            map[string]RuleConfig `yaml:"rules" json:"rules"`
	Unknown          Decision              `yaml:"unknown" json:"unknown"`
	PolicyNamespaces []string              `yaml:"policy_namespaces" json:"policy_namespaces"`
	// WaiverMaxDays is the furthest a waiver's expiry may be, in days from today.
	WaiverMaxDays int `yaml:"waiver_max_days" json:"waiver_max_days"`
	// Timeout bounds the evaluation of a check (--timeout wins); MemoryLimit the memory it uses.
	Timeout     Duration `yaml:"timeout" json:"timeout"`
	MemoryLimit ByteSize `yaml:"memory_limit" json:"memory_limit"`
}

// RuleConfig overrides one rule.
type RuleConfig struct {
	// Action: deny, warn or off (the rule is not evaluated).
	Action string `yaml:"action" json:"action"`
	// Severity replaces the rule's own.
	Severity Severity `yaml:"severity" json:"severity"`
}

// paramKind is the type of a rule parameter.
type paramKind int

const (
	kindString  paramKind = iota // a string
	kindRegexp                   // a regular expression (RE2); empty turns its check off
	kindCount                    // a whole number, 0 or more
	kindBool                     // true or false
	kindStrings                  // a list of strings
	kindPorts                    // a list of port numbers (1 to 65535)
	kindAmount                   // a number, 0 or more (USD or percent; decimals allowed)
)

func (k paramKind) String() string {
	return [...]string{"a string", "a regular expression (a string)", "a whole number (0 or more)", "true or false",
		"a list of strings", "a list of port numbers", "a number (0 or more)"}[k]
}

type paramSpec struct {
	kind paramKind
	def  any
}

// paramSchema is the type and default of every rule parameter (TestParamSchemaMatchesRules
// checks it against the parameters the rules read). The Glue job limits are the seed project's.
var paramSchema = map[string]paramSpec{
	"glue_max_workers":        {kindCount, 2},
	"glue_max_timeout":        {kindCount, 2880},
	"glue_max_retries":        {kindCount, 1},
	"glue_worker_types":       {kindStrings, []any{"G.1X"}},
	"glue_commands":           {kindStrings, []any{"glueetl", "pythonshell"}},
	"glue_python_versions":    {kindStrings, []any{"3", "3.9"}},
	"raw_bucket_pattern":      {kindRegexp, "(^|[-_.])(raw|landing)([-_.]|$)"},
	"kms_required_pattern":    {kindRegexp, ""},
	"bucket_name_pattern":     {kindRegexp, ""},
	"required_tags":           {kindStrings, []any{}},
	"allowed_regions":         {kindStrings, []any{}},
	"allowed_instance_types":  {kindStrings, []any{}},
	"admin_ports":             {kindPorts, []any{22, 3389, 5432, 5439, 3306, 8080, 9090, 3000}},
	"github_oidc_provider":    {kindString, "token.actions.githubusercontent.com"},
	"lake_kms_required":       {kindBool, false},
	"s3_logging_exempt_regex": {kindRegexp, "(^|[-_.])(logs?|access-logs?)([-_.]|$)"},
	// The cost gate (plangate cost, policy/rules/cost, read by policy/cost): USD per month and
	// percent; 0 turns the last two off.
	"cost_fail_increase": {kindAmount, 140},
	"cost_warn_increase": {kindAmount, 70},
	"cost_fail_percent":  {kindAmount, 0},
	"cost_budget":        {kindAmount, 0},
}

// DefaultParams are the rule parameters when the configuration names none.
func DefaultParams() map[string]any {
	out := make(map[string]any, len(paramSchema))
	for k, p := range paramSchema {
		if l, ok := p.def.([]any); ok {
			p.def = append([]any{}, l...)
		}
		out[k] = p.def
	}
	return out
}

// checkParam checks a parameter's value against its type and returns it normalised (whole
// numbers as int).
func checkParam(name string, v any) (any, error) {
	spec := paramSchema[name]
	bad := func(path string, got any) error {
		return fmt.Errorf("params.%s: want %s, got %s", path, spec.kind, describe(got))
	}
	switch spec.kind {
	case kindString, kindRegexp:
		s, ok := v.(string)
		if !ok {
			return nil, bad(name, v)
		}
		if spec.kind == kindRegexp && s != "" {
			if _, err := regexp.Compile(s); err != nil {
				return nil, fmt.Errorf("params.%s: %w", name, err)
			}
		}
		return s, nil
	case kindCount:
		n, ok := wholeNumber(v)
		if !ok || n < 0 {
			return nil, bad(name, v)
		}
		return n, nil
	case kindAmount:
		switch n := v.(type) {
		case int:
			if n >= 0 {
				return n, nil
			}
		case int64:
			if n >= 0 {
				return n, nil
			}
		case uint64:
			return n, nil
		case float64:
			if n >= 0 {
				return n, nil
			}
		}
		return nil, bad(name, v)
	case kindBool:
		if _, ok := v.(bool); !ok {
			return nil, bad(name, v)
		}
		return v, nil
	}
	l, ok := v.([]any)
	if !ok {
		return nil, bad(name, v)
	}
	out := make([]any, len(l))
	for i, x := range l {
		path := fmt.Sprintf("%s[%d]", name, i)
		if spec.kind == kindStrings {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("params.%s: want a string, got %s (quote it)", path, describe(x))
			}
			out[i] = s
			continue
		}
		n, ok := wholeNumber(x)
		if !ok || n < 1 || n > 65535 {
			return nil, fmt.Errorf("params.%s: want a port number (1 to 65535), got %s", path, describe(x))
		}
		out[i] = n
	}
	return out, nil
}

func wholeNumber(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), int64(int(n)) == n
	case uint64:
		return int(n), n <= uint64(int(^uint(0)>>1))
	case float64:
		if n == float64(int(n)) {
			return int(n), true
		}
	}
	return 0, false
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "nothing (null)"
	case string:
		return fmt.Sprintf("the string %q", x)
	case bool:
		return fmt.Sprintf("%v", x)
	case []any:
		return "a list"
	case map[string]any:
		return "a map"
	}
	return fmt.Sprintf("the number %v", v)
}

// DefaultConfig returns the configuration used when no file is given.
func DefaultConfig() *Config {
	return &Config{
		Params:           DefaultParams(),
		SeverityActions:  map[Severity]Decision{Critical: Deny, High: Deny, Medium: Warn, Low: Warn},
		Rules:            map[string]RuleConfig{},
		Unknown:          Warn,
		PolicyNamespaces: []string{"main"},
		WaiverMaxDays:    DefaultWaiverMaxDays,
		Timeout:          Duration{DefaultTimeout},
		MemoryLimit:      ByteSize{DefaultMemoryLimit},
	}
}

// WaiverOptions returns the bounds the configuration sets on waiver files.
func (c *Config) WaiverOptions() WaiverOptions { return WaiverOptions{MaxDays: c.WaiverMaxDays} }

// LoadConfig reads a configuration file; values it sets override the defaults.
func LoadConfig(path string) (*Config, error) {
	data, err := readBounded(path)
	if err != nil {
		return nil, fmt.Errorf("reading config %s: %w", path, err)
	}
	return ParseConfig(path, data)
}

// ParseConfig parses configuration YAML; unknown keys are errors.
func ParseConfig(name string, data []byte) (*Config, error) {
	var c Config
	var raw map[string]any
	if err := unmarshalYAML(data, &raw); err != nil {
		return nil, fmt.Errorf("reading config %s: %w", name, err)
	}
	if err := unmarshalYAML(data, &c); err != nil {
		return nil, fmt.Errorf("reading config %s: %w", name, err)
	}
	out := DefaultConfig()
	for k, v := range c.Params {
		if _, known := out.Params[k]; !known {
			names := make([]string, 0, len(out.Params))
			for n := range out.Params {
				names = append(names, n)
			}
			sort.Strings(names)
			return nil, fmt.Errorf("reading config %s: params.%s is not a rule parameter (known: %s)", name, k, strings.Join(names, ", "))
		}
		nv, err := checkParam(k, v)
		if err != nil {
			return nil, fmt.Errorf("reading config %s: %w", name, err)
		}
		out.Params[k] = nv
	}
	for s, d := range c.SeverityActions {
		out.SeverityActions[s] = d
	}
	for id, rc := range c.Rules {
		out.Rules[id] = rc
	}
	if c.Unknown != "" {
		out.Unknown = c.Unknown
	}
	if len(c.PolicyNamespaces) > 0 {
		out.PolicyNamespaces = c.PolicyNamespaces
	}
	if _, set := raw["waiver_max_days"]; set {
		out.WaiverMaxDays = c.WaiverMaxDays
	}
	if _, set := raw["timeout"]; set {
		out.Timeout = c.Timeout
	}
	if _, set := raw["memory_limit"]; set {
		out.MemoryLimit = c.MemoryLimit
	}
	if err := out.validate(); err != nil {
		return nil, fmt.Errorf("reading config %s: %w", name, err)
	}
	return out, nil
}

func (c *Config) validate() error {
	for s, d := range c.SeverityActions {
		if s.Rank() == 0 {
			return fmt.Errorf("severity_actions: unknown severity %q (critical, high, medium, low)", s)
		}
		if d != Deny && d != Warn && d != Info {
			return fmt.Errorf("severity_actions.%s: unknown action %q (deny, warn, info)", s, d)
		}
	}
	ids := make([]string, 0, len(c.Rules))
	for id := range c.Rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		rc := c.Rules[id]
		switch rc.Action {
		case "", "deny", "warn", "info", "off":
		default:
			return fmt.Errorf("rules.%s.action: unknown action %q (deny, warn, info, off)", id, rc.Action)
		}
		if rc.Severity != "" && rc.Severity.Rank() == 0 {
			return fmt.Errorf("rules.%s.severity: unknown severity %q", id, rc.Severity)
		}
	}
	if c.WaiverMaxDays < 1 {
		return fmt.Errorf("waiver_max_days: %d is not a number of days (1 or more)", c.WaiverMaxDays)
	}
	if c.Timeout.Duration <= 0 {
		return fmt.Errorf("timeout: %v is not a positive duration", c.Timeout.Duration)
	}
	if c.MemoryLimit.Bytes < 64<<20 {
		return fmt.Errorf("memory_limit: %s is below 64 MiB", formatBytes(c.MemoryLimit.Bytes))
	}
	switch c.Unknown {
	case Deny, Warn, Info:
	default:
		return fmt.Errorf("unknown: %q is not deny, warn or info", c.Unknown)
	}
	return c.checkBuiltinIDs()
}

// decide returns the decision for a finding of a rule with the given severity and status.
func (c *Config) decide(ruleID string, sev Severity, st Status) Decision {
	switch st {
	case Pass:
		return Passed
	case Unknown:
		return c.Unknown
	}
	if rc, ok := c.Rules[ruleID]; ok && rc.Action != "" && rc.Action != "off" {
		return Decision(rc.Action)
	}
	if d, ok := c.SeverityActions[sev]; ok {
		return d
	}
	return Warn
}

func (c *Config) enabled(ruleID string) bool { return c.Rules[ruleID].Action != "off" }

func (c *Config) severity(ruleID string, sev Severity) Severity {
	if s := c.Rules[ruleID].Severity; s != "" {
		return s
	}
	return sev
}

// checkBuiltinIDs refuses an override of a built-in rule id (SC-…) that the catalogue lacks.
func (c *Config) checkBuiltinIDs() error {
	var ids []string
	for id := range c.Rules {
		if strings.HasPrefix(id, "SC-") {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	sort.Strings(ids)
	rs, err := BuiltinRules()
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, r := range rs {
		known[r.ID] = true
	}
	for _, id := range ids {
		if !known[id] {
			return fmt.Errorf("rules.%s: no built-in rule has this id (see 'plangate policy list')", id)
		}
	}
	return nil
}

// checkUserIDs refuses an override of a user rule that the user policies lack: an id under a
// policy namespace (main.deny_x) must be one of their rules; any other id that is not a built-in
// one needs user policies, whose results may carry it.
func (c *Config) checkUserIDs(user *UserPolicies) error {
	ids := make([]string, 0, len(c.Rules))
	for id := range c.Rules {
		if !strings.HasPrefix(id, "SC-") {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		if user == nil {
			return invalid(fmt.Errorf("rules.%s: no built-in rule has this id, and no user policies are loaded", id))
		}
		for _, ns := range c.PolicyNamespaces {
			if strings.HasPrefix(id, ns+".") && !user.hasRule(id) {
				return invalid(fmt.Errorf("rules.%s: the user policies have no rule %s (they have %s)", id, id, strings.Join(user.ruleNames(), ", ")))
			}
		}
	}
	return nil
}
