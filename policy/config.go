package policy

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"
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
type Config struct {
	Params           map[string]any        `yaml:"params" json:"params"`
	SeverityActions  map[Severity]Decision `yaml:"severity_actions" json:"severity_actions"`
	Rules            map[string]RuleConfig `yaml:"rules" json:"rules"`
	Unknown          Decision              `yaml:"unknown" json:"unknown"`
	PolicyNamespaces []string              `yaml:"policy_namespaces" json:"policy_namespaces"`
}

// RuleConfig overrides one rule.
type RuleConfig struct {
	// Action: deny, warn or off (the rule is not evaluated).
	Action string `yaml:"action" json:"action"`
	// Severity replaces the rule's own.
	Severity Severity `yaml:"severity" json:"severity"`
}

// DefaultParams are the rule parameters when the configuration names none. The Glue job limits
// are the seed project's.
func DefaultParams() map[string]any {
	return map[string]any{
		"glue_max_workers":        2,
		"glue_max_timeout":        2880,
		"glue_max_retries":        1,
		"glue_worker_types":       []any{"G.1X"},
		"glue_commands":           []any{"glueetl", "pythonshell"},
		"glue_python_versions":    []any{"3", "3.9"},
		"raw_bucket_pattern":      "(^|[-_.])(raw|landing)([-_.]|$)",
		"kms_required_pattern":    "",
		"bucket_name_pattern":     "",
		"required_tags":           []any{},
		"allowed_regions":         []any{},
		"allowed_instance_types":  []any{},
		"admin_ports":             []any{22, 3389, 5432, 5439, 3306, 8080, 9090, 3000},
		"github_oidc_provider":    "token.actions.githubusercontent.com",
		"lake_kms_required":       false,
		"s3_logging_exempt_regex": "(^|[-_.])(logs?|access-logs?)([-_.]|$)",
		// The cost gate (plangate cost, policy/rules/cost): USD per month; 0 turns the last two off.
		"cost_fail_increase": 140,
		"cost_warn_increase": 70,
		"cost_fail_percent":  0,
		"cost_budget":        0,
	}
}

// DefaultConfig returns the configuration used when no file is given.
func DefaultConfig() *Config {
	return &Config{
		Params:           DefaultParams(),
		SeverityActions:  map[Severity]Decision{Critical: Deny, High: Deny, Medium: Warn, Low: Warn},
		Rules:            map[string]RuleConfig{},
		Unknown:          Warn,
		PolicyNamespaces: []string{"main"},
	}
}

// LoadConfig reads a configuration file; values it sets override the defaults.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading config %s: %w", path, err)
	}
	return ParseConfig(path, data)
}

// ParseConfig parses configuration YAML; unknown keys are errors.
func ParseConfig(name string, data []byte) (*Config, error) {
	var c Config
	if err := yaml.UnmarshalWithOptions(data, &c, yaml.DisallowUnknownField()); err != nil {
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
		out.Params[k] = v
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
	switch c.Unknown {
	case Deny, Warn, Info:
	default:
		return fmt.Errorf("unknown: %q is not deny, warn or info", c.Unknown)
	}
	for _, k := range []string{"bucket_name_pattern", "raw_bucket_pattern", "kms_required_pattern", "s3_logging_exempt_regex"} {
		if s, ok := c.Params[k].(string); ok && s != "" {
			if _, err := regexp.Compile(s); err != nil {
				return fmt.Errorf("params.%s: %w", k, err)
			}
		}
	}
	return nil
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
