package policy

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/policy/rules"
)

// TestConfigTypes: a parameter or setting of the wrong type is an error naming the key, not a
// rule silently turned off.
func TestConfigTypes(t *testing.T) {
	for _, c := range []struct{ yaml, key string }{
		{"params: {allowed_regions: eu-west-1}\n", "params.allowed_regions"},
		{"params: {glue_max_workers: \"2\"}\n", "params.glue_max_workers"},
		{"params: {glue_max_workers: 2.5}\n", "params.glue_max_workers"},
		{"params: {glue_max_workers: -1}\n", "params.glue_max_workers"},
		{"params: {required_tags: owner}\n", "params.required_tags"},
		{"params: {required_tags: [owner, 3]}\n", "params.required_tags[1]"},
		{"params: {glue_python_versions: [3, 3.9]}\n", "params.glue_python_versions[0]"},
		{"params: {lake_kms_required: \"yes\"}\n", "params.lake_kms_required"},
		{"params: {bucket_name_pattern: [a]}\n", "params.bucket_name_pattern"},
		{"params: {admin_ports: [22, \"ssh\"]}\n", "params.admin_ports[1]"},
		{"params: {admin_ports: [70000]}\n", "params.admin_ports[0]"},
		{"params: [a]\n", "params"},
		{"rules: {SC-AWS-S3-001: deny}\n", "rules"},
		{"rules: {SC-AWS-S3-099: {action: deny}}\n", "rules.SC-AWS-S3-099"},
		{"rules: {SC-AWS-S3-01: {action: \"off\"}}\n", "rules.SC-AWS-S3-01"},
		{"policy_namespaces: main\n", "policy_namespaces"},
		{"severity_actions: deny\n", "severity_actions"},
		{"waiver_max_days: soon\n", "waiver_max_days"},
	} {
		_, err := ParseConfig("c.yaml", []byte(c.yaml))
		if err == nil {
			t.Errorf("%q: accepted", c.yaml)
			continue
		}
		if !strings.Contains(err.Error(), "c.yaml") || !strings.Contains(err.Error(), c.key) {
			t.Errorf("%q: %v does not name c.yaml and %s", c.yaml, err, c.key)
		}
	}
	cfg, err := ParseConfig("c.yaml", []byte("params:\n  glue_max_workers: 4\n  glue_python_versions: [\"3\"]\n  admin_ports: [22]\n  lake_kms_required: true\nrules:\n  SC-AWS-S3-001: {action: deny}\n  main.deny: {action: warn}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Params["glue_max_workers"] != 4 {
		t.Errorf("glue_max_workers = %#v, want 4", cfg.Params["glue_max_workers"])
	}
}

// TestConfigUserRuleIDs: an override of a rule that neither the catalogue nor the user policies
// have is refused when the check starts.
func TestConfigUserRuleIDs(t *testing.T) {
	p := readPlan(t, "supplychain_pipeline.json")
	up, err := LoadUserPolicies(context.Background(), []string{"testdata/conftest"}, []string{"main"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		yaml string
		user *UserPolicies
		ok   bool
	}{
		{"rules: {main.deny: {action: warn}}\n", up, true},
		{"rules: {ACME-001: {action: warn}}\n", up, true}, // an id a policy's results may carry
		{"rules: {main.dny: {action: warn}}\n", up, false},
		{"rules: {main.deny: {action: warn}}\n", nil, false},
	} {
		cfg, err := ParseConfig("c.yaml", []byte(c.yaml))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Check(context.Background(), p, CheckOptions{Config: cfg, User: c.user})
		if c.ok && err != nil {
			t.Errorf("%q: %v", c.yaml, err)
		}
		if !c.ok && (err == nil || !IsInvalid(err) || !strings.Contains(err.Error(), "rules.")) {
			t.Errorf("%q (user policies %v): got %v, want an invalid-configuration error naming the key", c.yaml, c.user != nil, err)
		}
	}
}

// TestParamSchemaMatchesRules: every parameter a built-in rule reads has a type in the schema,
// and the schema holds no parameter that no rule reads.
func TestParamSchemaMatchesRules(t *testing.T) {
	read := map[string]bool{}
	re := regexp.MustCompile(`lib\.param\("([a-z0-9_]+)"`)
	err := fs.WalkDir(rules.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".rego") || strings.HasSuffix(path, "_test.rego") {
			return err
		}
		src, err := fs.ReadFile(rules.FS, path)
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			read[m[1]] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The cost gate's thresholds are read in Go by policy/cost, which hands them to its rule.
	gate, err := os.ReadFile(filepath.Join("cost", "gate.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`"(cost_[a-z_]+)"`).FindAllStringSubmatch(string(gate), -1) {
		read[m[1]] = true
	}
	var missing, unused []string
	for n := range read {
		if _, ok := paramSchema[n]; !ok {
			missing = append(missing, n)
		}
	}
	for n := range paramSchema {
		if !read[n] {
			unused = append(unused, n)
		}
	}
	sort.Strings(missing)
	sort.Strings(unused)
	if len(read) == 0 || len(missing) > 0 || len(unused) > 0 {
		t.Errorf("rules read %d parameters; without a type: %v; typed but never read: %v", len(read), missing, unused)
	}
}
