package policy

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nexabrands/supplychain/policy/internal/glob"
	"github.com/nexabrands/supplychain/policy/plan"
)

const plans = "plan/testdata/plans"

func readPlan(t testing.TB, name string) *plan.Plan {
	t.Helper()
	p, err := plan.ReadFile(filepath.Join(plans, name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func check(t testing.TB, p *plan.Plan, opts CheckOptions) *Result {
	t.Helper()
	res, err := Check(context.Background(), p, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// keys lists "STATUS RULE ADDRESS" of every finding that is not a pass, sorted and deduplicated.
func keys(res *Result) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range res.Findings {
		if f.Status == Pass {
			continue
		}
		k := string(f.Status) + " " + f.RuleID + " " + f.Address
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// TestRealPlans: the findings on real plans, checked by hand against each plan's content (and,
// for regula's and checkov's fixtures, against the results their own tests expect).
func TestRealPlans(t *testing.T) {
	cases := []struct {
		plan string
		want []string // every non-pass finding, as keys() prints them
	}{
		{
			// regula's key rotation input: "valid" rotates, "invalid" and "blank-invalid" do not.
			plan: "fugue__regula__rego__tests__rules__tf__aws__kms__inputs__key_rotation_infra.json",
			want: []string{"fail SC-AWS-KMS-001 aws_kms_key.blank-invalid", "fail SC-AWS-KMS-001 aws_kms_key.invalid"},
		},
		{
			// regula's ingress input: only invalid_allow_all is open to the world (all protocols).
			plan: "fugue__regula__rego__tests__rules__tf__aws__security_group__inputs__ingress_anywhere_infra.json",
			want: []string{"fail SC-AWS-EC2-001 aws_security_group.invalid_allow_all"},
		},
		{
			// regula's SSE input: "unencrypted" has no server_side_encryption_configuration; the
			// key does not rotate; no bucket has versioning, logging, a TLS policy or a public
			// access block.
			plan: "fugue__regula__rego__tests__rules__tf__aws__s3__inputs__bucket_sse_infra.json",
			want: []string{
				"fail SC-AWS-KMS-001 aws_kms_key.key",
				"fail SC-AWS-S3-001 aws_s3_bucket.aes_encrypted", "fail SC-AWS-S3-001 aws_s3_bucket.kms_encrypted", "fail SC-AWS-S3-001 aws_s3_bucket.unencrypted",
				"fail SC-AWS-S3-002 aws_s3_bucket.unencrypted",
				"fail SC-AWS-S3-004 aws_s3_bucket.aes_encrypted", "fail SC-AWS-S3-004 aws_s3_bucket.kms_encrypted", "fail SC-AWS-S3-004 aws_s3_bucket.unencrypted",
				"fail SC-AWS-S3-007 aws_s3_bucket.aes_encrypted", "fail SC-AWS-S3-007 aws_s3_bucket.kms_encrypted", "fail SC-AWS-S3-007 aws_s3_bucket.unencrypted",
				"fail SC-AWS-S3-009 aws_s3_bucket.aes_encrypted", "fail SC-AWS-S3-009 aws_s3_bucket.kms_encrypted", "fail SC-AWS-S3-009 aws_s3_bucket.unencrypted",
			},
		},
		{
			// The bucket policy is built from a policy document read at apply: unknown, not pass.
			plan: "Uklonsd__aws_devops_task_6_deploy_storage__tfplan.json",
			want: []string{
				"fail SC-AWS-S3-001 aws_s3_bucket.grafana_backups", "fail SC-AWS-S3-002 aws_s3_bucket.grafana_backups",
				"fail SC-AWS-S3-004 aws_s3_bucket.grafana_backups", "fail SC-AWS-S3-009 aws_s3_bucket.grafana_backups",
				"unknown SC-AWS-IAM-001 data.aws_iam_policy_document.grafana_backup_policy",
				"unknown SC-AWS-IAM-002 data.aws_iam_policy_document.grafana_backup_policy",
				"unknown SC-AWS-IAM-003 data.aws_iam_policy_document.grafana_backup_policy",
				"unknown SC-AWS-S3-007 aws_s3_bucket.grafana_backups",
				"unknown SC-AWS-S3-008 aws_s3_bucket_policy.grafana_backups_policy",
			},
		},
		{
			// checkov's nested modules: only this[0] has a public ACL and a public access block
			// with block_public_acls false; the other three buckets' blocks are on (correlated
			// through configuration references, their bucket names being unknown).
			plan: "bridgecrewio__checkov__tests__terraform__runner__resources__plan_nested_child_modules_with_connections__tfplan.json",
			want: []string{
				"fail SC-AWS-S3-001 aws_s3_bucket.root_bucket", "fail SC-AWS-S3-001 module.s3_bucket.aws_s3_bucket.this[0]",
				"fail SC-AWS-S3-001 module.s3_module.aws_s3_bucket.module_bucket", "fail SC-AWS-S3-001 module.s3_module.module.s3_submodule.aws_s3_bucket.submodule_bucket",
				"fail SC-AWS-S3-002 aws_s3_bucket.root_bucket", "fail SC-AWS-S3-002 module.s3_bucket.aws_s3_bucket.this[0]",
				"fail SC-AWS-S3-002 module.s3_module.aws_s3_bucket.module_bucket", "fail SC-AWS-S3-002 module.s3_module.module.s3_submodule.aws_s3_bucket.submodule_bucket",
				"fail SC-AWS-S3-004 module.s3_bucket.aws_s3_bucket.this[0]",
				"fail SC-AWS-S3-005 module.s3_bucket.aws_s3_bucket_acl.this[0]",
				"fail SC-AWS-S3-006 module.s3_bucket.aws_s3_bucket.this[0]",
				"fail SC-AWS-S3-007 aws_s3_bucket.root_bucket", "fail SC-AWS-S3-007 module.s3_bucket.aws_s3_bucket.this[0]",
				"fail SC-AWS-S3-007 module.s3_module.aws_s3_bucket.module_bucket", "fail SC-AWS-S3-007 module.s3_module.module.s3_submodule.aws_s3_bucket.submodule_bucket",
				"fail SC-AWS-S3-009 aws_s3_bucket.root_bucket", "fail SC-AWS-S3-009 module.s3_bucket.aws_s3_bucket.this[0]",
				"fail SC-AWS-S3-009 module.s3_module.aws_s3_bucket.module_bucket", "fail SC-AWS-S3-009 module.s3_module.module.s3_submodule.aws_s3_bucket.submodule_bucket",
			},
		},
		{
			// A Glue pipeline much like the seed's: jobs within the seed's limits (2 × G.1X,
			// 2880 min, 1 retry, glueetl/pythonshell on Python 3) but without a security
			// configuration; the Glue role's inline policy and role policy allow glue:* on "*";
			// the crawler has a schema change policy; the catalog database has no catalog
			// encryption settings in the plan.
			plan: "Ajay263__2024-gitops-minicamp__policies__plan.json",
			want: []string{
				"fail SC-AWS-GLUE-001 module.glue.aws_glue_job.etl_job", "fail SC-AWS-GLUE-001 module.glue.aws_glue_job.schema_change_job",
				"fail SC-AWS-GLUE-003 module.glue.aws_glue_catalog_database.database",
				"fail SC-AWS-IAM-002 module.iam.aws_iam_role.glue_service_role", "fail SC-AWS-IAM-002 module.iam.aws_iam_role_policy.glue_service_policy",
				"fail SC-AWS-S3-001 module.s3.aws_s3_bucket.code_bucket", "fail SC-AWS-S3-001 module.s3.aws_s3_bucket.source_bucket", "fail SC-AWS-S3-001 module.s3.aws_s3_bucket.target_bucket",
				"fail SC-AWS-S3-004 module.s3.aws_s3_bucket.code_bucket", "fail SC-AWS-S3-004 module.s3.aws_s3_bucket.source_bucket", "fail SC-AWS-S3-004 module.s3.aws_s3_bucket.target_bucket",
				"fail SC-AWS-S3-007 module.s3.aws_s3_bucket.code_bucket", "fail SC-AWS-S3-007 module.s3.aws_s3_bucket.source_bucket", "fail SC-AWS-S3-007 module.s3.aws_s3_bucket.target_bucket",
				"fail SC-AWS-S3-009 module.s3.aws_s3_bucket.code_bucket", "fail SC-AWS-S3-009 module.s3.aws_s3_bucket.source_bucket", "fail SC-AWS-S3-009 module.s3.aws_s3_bucket.target_bucket",
			},
		},
		{
			// A secret and its version, nothing else: no rule applies.
			plan: "awakchaure99__tf-opa-aws-secretmanager__tfplan.json",
			want: nil,
		},
		{
			// snyk's terraform-goof: SSH and PostgreSQL open to the world, an instance without
			// IMDSv2 and with an unencrypted root volume, an admin policy document, and buckets
			// without encryption, public access block (snyk_public's block is all false), TLS
			// policy or logging; snyk_public_storage has versioning on. The public access block
			// that the plan deletes is not counted.
			plan: "snyk-labs__terraform-goof__tf-plan.json",
			want: []string{
				"fail SC-AWS-EC2-001 module.storage.aws_security_group.snyk_rds_sg",
				"fail SC-AWS-EC2-001 module.vpc.aws_security_group.allow_ssh",
				"fail SC-AWS-EC2-002 module.instance.aws_instance.this[0]",
				"fail SC-AWS-EC2-003 module.instance.aws_instance.this[0]",
				"fail SC-AWS-IAM-001 module.iam.data.aws_iam_policy_document.admin-assume-role-policy",
				"fail SC-AWS-S3-001 module.storage.aws_s3_bucket.my-new-undeployed-bucket",
				"fail SC-AWS-S3-001 module.storage.aws_s3_bucket.snyk_storage",
				"fail SC-AWS-S3-002 module.storage.aws_s3_bucket.my-new-undeployed-bucket",
				"fail SC-AWS-S3-002 module.storage.aws_s3_bucket.snyk_public_storage",
				"fail SC-AWS-S3-002 module.storage.aws_s3_bucket.snyk_storage",
				"fail SC-AWS-S3-004 module.storage.aws_s3_bucket.my-new-undeployed-bucket",
				"fail SC-AWS-S3-004 module.storage.aws_s3_bucket.snyk_public_storage",
				"fail SC-AWS-S3-004 module.storage.aws_s3_bucket.snyk_storage",
				"fail SC-AWS-S3-007 module.storage.aws_s3_bucket.my-new-undeployed-bucket",
				"fail SC-AWS-S3-007 module.storage.aws_s3_bucket.snyk_public_storage",
				"fail SC-AWS-S3-007 module.storage.aws_s3_bucket.snyk_storage",
				"fail SC-AWS-S3-009 module.storage.aws_s3_bucket.my-new-undeployed-bucket",
				"fail SC-AWS-S3-009 module.storage.aws_s3_bucket.snyk_public_storage",
				"fail SC-AWS-S3-009 module.storage.aws_s3_bucket.snyk_storage",
			},
		},
		{
			// snyk policy-engine's count-02: validbucket1 logs inline to the log bucket (target
			// unknown until apply, so set), validbucket2[0] through aws_s3_bucket_logging (its
			// bucket unknown: tied by reference and count index); logbucket1's ownership is
			// BucketOwnerPreferred.
			plan: "snyk__policy-engine__pkg__input__golden_test__tfplan__count-02__plan.json",
			want: []string{
				"fail SC-AWS-S3-001 aws_s3_bucket.logbucket1", "fail SC-AWS-S3-001 aws_s3_bucket.validbucket1[0]", "fail SC-AWS-S3-001 aws_s3_bucket.validbucket2[0]",
				"fail SC-AWS-S3-002 aws_s3_bucket.logbucket1", "fail SC-AWS-S3-002 aws_s3_bucket.validbucket1[0]", "fail SC-AWS-S3-002 aws_s3_bucket.validbucket2[0]",
				"fail SC-AWS-S3-004 aws_s3_bucket.logbucket1", "fail SC-AWS-S3-004 aws_s3_bucket.validbucket1[0]", "fail SC-AWS-S3-004 aws_s3_bucket.validbucket2[0]",
				"fail SC-AWS-S3-006 aws_s3_bucket.logbucket1",
				"fail SC-AWS-S3-007 aws_s3_bucket.logbucket1", "fail SC-AWS-S3-007 aws_s3_bucket.validbucket1[0]", "fail SC-AWS-S3-007 aws_s3_bucket.validbucket2[0]",
				"fail SC-AWS-S3-009 aws_s3_bucket.logbucket1",
			},
		},
		{
			// trivy's plan: the bucket has versioning and logging inline and AES256 through a
			// split resource whose bucket is unknown (tied by reference); port 80 open to the
			// world is not an admin port. The aws_s3_bucket data source is not judged.
			plan: "aquasecurity__trivy__pkg__iac__scanners__terraformplan__tfjson__testdata__plan.json",
			want: []string{"fail SC-AWS-S3-004 aws_s3_bucket.planbucket", "fail SC-AWS-S3-007 aws_s3_bucket.planbucket"},
		},
		{
			// A clean refresh-only plan: no resources, nothing to find.
			plan: "hashicorp__terraform__testing__equivalence-tests__outputs__drift_refresh_only__plan.json",
			want: nil,
		},
	}
	for _, c := range cases {
		t.Run(c.plan, func(t *testing.T) {
			res := check(t, readPlan(t, c.plan), CheckOptions{})
			got := keys(res)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}

// TestPipelineFixture: the hand-made plan exercises Glue, Redshift, IAM, the data lake and
// unknowns; every finding below was worked out from the fixture by hand.
func TestPipelineFixture(t *testing.T) {
	res := check(t, readPlan(t, "supplychain_pipeline.json"), CheckOptions{})
	want := []string{
		"fail SC-AWS-DDB-001 aws_dynamodb_table.locks",
		"fail SC-AWS-DDB-002 aws_dynamodb_table.locks",
		"fail SC-AWS-EC2-001 aws_security_group.warehouse",
		"fail SC-AWS-GLUE-001 aws_glue_job.clean_orders",
		"fail SC-AWS-GLUE-002 aws_glue_security_configuration.etl",
		"fail SC-AWS-GLUE-004 aws_glue_job.clean_orders",
		"fail SC-AWS-GLUE-007 aws_glue_crawler.raw_orders",
		"fail SC-AWS-IAM-002 aws_iam_role_policy.glue_pass",
		"fail SC-AWS-IAM-003 aws_iam_role_policy.glue_pass",
		"fail SC-AWS-IAM-004 aws_iam_role.github_deploy",
		"fail SC-AWS-RS-002 aws_redshift_cluster.dw",
		"fail SC-AWS-RS-003 aws_redshift_cluster.dw",
		"fail SC-AWS-RS-005 aws_redshift_cluster.dw",
		`fail SC-AWS-S3-004 module.lake.aws_s3_bucket.zone["transformed"]`,
		`fail SC-AWS-S3-007 module.lake.aws_s3_bucket.zone["raw"]`,
		`fail SC-AWS-S3-007 module.lake.aws_s3_bucket.zone["transformed"]`,
		`fail SC-AWS-S3-009 module.lake.aws_s3_bucket.zone["raw"]`,
		`fail SC-AWS-S3-009 module.lake.aws_s3_bucket.zone["transformed"]`,
		`fail SC-AWS-S3-010 module.lake.aws_s3_bucket.zone["raw"]`,
		"fail SC-LAKE-001 supplychain_data_lake.main",
		"fail SC-LAKE-002 supplychain_data_lake.main",
		"fail SC-LAKE-008 supplychain_data_lake.main",
		"unknown SC-AWS-RS-004 aws_redshift_cluster.dw",
	}
	if got := keys(res); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	// Versioning and encryption of both zones pass through their split resources.
	passes := map[string]bool{}
	for _, f := range res.Findings {
		if f.Status == Pass {
			passes[f.RuleID+" "+f.Address] = true
		}
	}
	for _, k := range []string{`SC-AWS-S3-001 module.lake.aws_s3_bucket.zone["transformed"]`, `SC-AWS-S3-002 module.lake.aws_s3_bucket.zone["transformed"]`, `SC-AWS-S3-004 module.lake.aws_s3_bucket.zone["raw"]`} {
		if !passes[k] {
			t.Errorf("want a pass for %s", k)
		}
	}
	if !res.Denied() || res.Summary.Unknown != 1 {
		t.Errorf("summary %+v", res.Summary)
	}
	for _, f := range res.Findings {
		if f.Status == Unknown && f.Decision == Deny {
			t.Errorf("an unknown finding must not deny by default: %+v", f)
		}
	}
}

func TestSeverityMappingAndRuleOverrides(t *testing.T) {
	p := readPlan(t, "fugue__regula__rego__tests__rules__tf__aws__kms__inputs__key_rotation_infra.json")
	if res := check(t, p, CheckOptions{}); res.Denied() {
		t.Fatalf("medium findings must only warn by default: %+v", res.Summary)
	}
	cfg, err := ParseConfig("c.yaml", []byte("severity_actions:\n  medium: deny\n"))
	if err != nil {
		t.Fatal(err)
	}
	if res := check(t, p, CheckOptions{Config: cfg}); !res.Denied() || res.Summary.Deny != 2 {
		t.Fatalf("medium: deny must deny: %+v", res.Summary)
	}
	cfg, err = ParseConfig("c.yaml", []byte("severity_actions:\n  medium: deny\nrules:\n  SC-AWS-KMS-001: {action: \"off\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	res := check(t, p, CheckOptions{Config: cfg})
	if res.Denied() || res.RuleByID("SC-AWS-KMS-001") != nil {
		t.Fatalf("a rule turned off must not run: %+v", res.Summary)
	}
	cfg, err = ParseConfig("c.yaml", []byte("rules:\n  SC-AWS-KMS-001: {action: deny}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if res := check(t, p, CheckOptions{Config: cfg}); res.Summary.Deny != 2 {
		t.Fatalf("per-rule deny: %+v", res.Summary)
	}
}

func TestConfigErrors(t *testing.T) {
	for name, y := range map[string]string{
		"unknown key":      "parms: {}\n",
		"bad severity":     "severity_actions: {urgent: deny}\n",
		"bad action":       "severity_actions: {high: explode}\n",
		"bad rule action":  "rules: {SC-AWS-S3-001: {action: maybe}}\n",
		"bad unknown mode": "unknown: pass\n",
		"bad regexp":       "params: {bucket_name_pattern: \"([\"}\n",
		"not YAML":         "params: [\n",
		"unknown param":    "params: {bucket_name_patern: x}\n",
	} {
		if _, err := ParseConfig("c.yaml", []byte(y)); err == nil || !strings.Contains(err.Error(), "c.yaml") {
			t.Errorf("%s: got %v, want an error naming the file", name, err)
		}
	}
}

func TestConventionParameters(t *testing.T) {
	cfg, err := ParseConfig("c.yaml", []byte(`params:
  bucket_name_pattern: "^nexabrand-[a-z]+-[a-z0-9-]+$"
  allowed_regions: [us-east-1]
  required_tags: [owner, project]
`))
	if err != nil {
		t.Fatal(err)
	}
	res := check(t, readPlan(t, "supplychain_pipeline.json"), CheckOptions{Config: cfg})
	got := strings.Join(keys(res), "\n")
	for _, want := range []string{
		"fail SC-CONV-003 provider.aws (eu-west-1)",
		"unknown SC-CONV-001 module.lake.aws_s3_bucket.zone[\"transformed\"]",
		"unknown SC-CONV-002 aws_glue_job.clean_orders",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, `SC-CONV-001 module.lake.aws_s3_bucket.zone["raw"]`) {
		t.Errorf("nexabrand-raw-orders matches the pattern")
	}
}

func TestWaivers(t *testing.T) {
	p := readPlan(t, "supplychain_pipeline.json")
	now := func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }
	ws, err := ParseWaiversWith("w.yaml", []byte(`waivers:
  - rule: SC-AWS-S3-009
    address: module.lake.aws_s3_bucket.zone[*]
    reason: access logs are collected by CloudTrail data events
    owner: data-platform
    expires: 2026-11-27
  - rule: SC-AWS-EC2-*
    address: aws_security_group.warehouse
    reason: temporary
    owner: dba
    expires: 2026-11-26
  - rule: SC-AWS-KMS-001
    address: aws_kms_key.*
    reason: no keys here
    owner: sec
    expires: 2027-01-01
`), WaiverOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	res := check(t, p, CheckOptions{Waivers: ws, Now: now})
	waived := 0
	for _, f := range res.Findings {
		if f.Decision == Waived {
			waived++
			if f.RuleID != "SC-AWS-S3-009" || f.Waiver == nil || f.Waiver.Owner != "data-platform" {
				t.Errorf("unexpected waived finding %+v", f)
			}
		}
		if f.RuleID == "SC-AWS-EC2-001" && f.Decision != Deny {
			t.Errorf("an expired waiver must not waive: %+v", f)
		}
	}
	if waived != 2 || res.Summary.Waived != 2 {
		t.Errorf("waived %d (summary %d), want 2 (both zones; the waiver is valid through its expiry day)", waived, res.Summary.Waived)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0], "expired on 2026-11-26") {
		t.Errorf("errors %v: want the expired waiver", res.Errors)
	}
	if len(res.Notices) != 1 || !strings.Contains(res.Notices[0], "SC-AWS-KMS-001") {
		t.Errorf("notices %v: want the unused waiver", res.Notices)
	}
	// An expired waiver alone fails the run.
	clean := readPlan(t, "hashicorp__terraform__testing__equivalence-tests__outputs__drift_refresh_only__plan.json")
	if r := check(t, clean, CheckOptions{Waivers: ws, Now: now}); !r.Denied() {
		t.Errorf("expired waiver must fail the run")
	}
	for name, y := range map[string]string{
		"missing owner": "waivers:\n  - {rule: X, address: a, reason: r, expires: 2027-01-01}\n",
		"bad date":      "waivers:\n  - {rule: X, address: a, reason: r, owner: o, expires: soon}\n",
		"unknown field": "waivers:\n  - {rule: X, address: a, reason: r, owner: o, expires: 2027-01-01, until: x}\n",
	} {
		if _, err := ParseWaivers("w.yaml", []byte(y)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestGlob(t *testing.T) {
	for _, c := range []struct {
		p, s string
		ok   bool
	}{
		{"*", "anything", true},
		{`module.lake.aws_s3_bucket.zone["raw"]`, `module.lake.aws_s3_bucket.zone["raw"]`, true},
		{`module.lake.*`, `module.lake.aws_s3_bucket.zone["raw"]`, true},
		{`aws_s3_bucket.b[?]`, `aws_s3_bucket.b[0]`, true},
		{`aws_s3_bucket.b[0]`, `aws_s3_bucket.b0`, false},
		{`SC-AWS-S3-*`, `SC-AWS-EC2-001`, false},
	} {
		if got := glob.Match(c.p, c.s); got != c.ok {
			t.Errorf("globMatch(%q, %q) = %v", c.p, c.s, got)
		}
	}
}

func TestNewOnlyAndBase(t *testing.T) {
	p := readPlan(t, "supplychain_pipeline.json")
	all := check(t, p, CheckOptions{})
	newOnly := check(t, p, CheckOptions{NewOnly: true})
	has := func(r *Result, addr string) bool {
		for _, f := range r.Findings {
			if f.Address == addr && f.Status != Pass {
				return true
			}
		}
		return false
	}
	if !has(all, "aws_dynamodb_table.locks") || has(newOnly, "aws_dynamodb_table.locks") {
		t.Errorf("--new-only must drop findings on the no-op lock table")
	}
	if !has(newOnly, "aws_redshift_cluster.dw") {
		t.Errorf("--new-only must keep findings on created resources")
	}
	cfg, err := ParseConfig("c.yaml", []byte("params: {allowed_regions: [us-east-1]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if r := check(t, p, CheckOptions{NewOnly: true, Config: cfg}); !has(r, "provider.aws (eu-west-1)") {
		t.Errorf("--new-only must keep findings on the plan as a whole: %v", keys(r))
	}
	// Against itself as base, nothing is new.
	if r := check(t, p, CheckOptions{Base: p}); len(r.Failing()) != 0 {
		t.Errorf("findings present in the base plan must not be reported: %v", keys(r))
	}
}

func TestUserPoliciesConftestStyle(t *testing.T) {
	ctx := context.Background()
	up, err := LoadUserPolicies(ctx, []string{"testdata/conftest", "testdata/conftest_v0"}, []string{"main"})
	if err != nil {
		t.Fatal(err)
	}
	if up.Rules() != 2 {
		t.Fatalf("want deny and warn, got %d rules", up.Rules())
	}
	res := check(t, readPlan(t, "supplychain_pipeline.json"), CheckOptions{User: up})
	var user []string
	for _, f := range res.Findings {
		if f.Source == "user" {
			user = append(user, string(f.Decision)+" "+f.RuleID+" "+f.Address+" "+f.Message)
		}
	}
	sort.Strings(user)
	got := strings.Join(user, "\n")
	for _, want := range []string{
		"deny main.deny  aws_glue_job.clean_orders: Glue job asks for 10 workers; at most 2",
		"deny main.deny aws_glue_job.clean_orders aws_glue_job.clean_orders: Glue job worker type G.2X is not G.1X",
		"deny main.deny  aws_redshift_cluster.dw: the warehouse must not be public",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "warn") {
		t.Errorf("bucket names in the fixture follow the pattern or are unknown; no warning expected:\n%s", got)
	}
	if _, err := LoadUserPolicies(ctx, []string{"testdata/does-not-exist"}, []string{"main"}); err == nil {
		t.Error("a missing policy directory must be an error")
	}
}

func TestCatalogue(t *testing.T) {
	rules, err := BuiltinRules()
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) < 44 {
		t.Fatalf("%d rules", len(rules))
	}
	prefixes := map[string]int{}
	for _, r := range rules {
		prefixes[strings.Join(strings.Split(r.ID, "-")[:len(strings.Split(r.ID, "-"))-1], "-")]++
		if r.Description == "" {
			t.Errorf("%s has no description", r.ID)
		}
	}
	for _, want := range []string{"SC-AWS-S3", "SC-AWS-GLUE", "SC-AWS-RS", "SC-AWS-IAM", "SC-AWS-DDB", "SC-AWS-KMS", "SC-AWS-EC2", "SC-CONV", "SC-LAKE"} {
		if prefixes[want] == 0 {
			t.Errorf("no %s rules", want)
		}
	}
}

func TestUserRuleOverrides(t *testing.T) {
	up, err := LoadUserPolicies(context.Background(), []string{"testdata/conftest_v0"}, []string{"main"})
	if err != nil {
		t.Fatal(err)
	}
	p := readPlan(t, "supplychain_pipeline.json")
	cfg, err := ParseConfig("c.yaml", []byte("rules:\n  main.deny: {action: warn}\n"))
	if err != nil {
		t.Fatal(err)
	}
	res := check(t, p, CheckOptions{User: up, NoBuiltin: true, Config: cfg})
	if res.Denied() || res.Summary.Warn != 1 {
		t.Errorf("main.deny turned into a warning: %+v", res.Summary)
	}
	cfg, _ = ParseConfig("c.yaml", []byte("rules:\n  main.deny: {action: \"off\"}\n"))
	if res := check(t, p, CheckOptions{User: up, NoBuiltin: true, Config: cfg}); len(res.Findings) != 0 {
		t.Errorf("main.deny turned off: %v", keys(res))
	}
}
