package drift

import (
	"context"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nexabrands/supplychain/policy/plan"
)

// The plans under testdata/plans are real `terraform show -json` output from public repositories
// (SOURCES.tsv names each one's repository, commit and path). The expected drift below was read
// off each file's resource_drift by hand.

func analyzeFile(t *testing.T, name string) *Report {
	t.Helper()
	p, err := plan.ReadFile("testdata/plans/" + name)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Analyze(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func resource(t *testing.T, rep *Report, addr string) Resource {
	t.Helper()
	for _, d := range rep.Drifted {
		if d.Address == addr {
			return d
		}
	}
	t.Fatalf("%s is not among the drifted resources %v", addr, addresses(rep))
	return Resource{}
}

func addresses(rep *Report) []string {
	var out []string
	for _, d := range rep.Drifted {
		out = append(out, d.Address)
	}
	return out
}

func paths(d Resource) map[string][2]any {
	out := map[string][2]any{}
	for _, c := range d.Changes {
		out[c.Path] = [2]any{c.Before, c.After}
	}
	return out
}

func classes(cs ...Class) []Class { return cs }

// terraform-goof: a normal plan (Terraform 1.1.7) whose state recorded a public access block with
// three flags on (restrict_public_buckets already off) that are now all off, and a bucket whose
// versioning was turned on by hand. The rule SC-AWS-S3-004 failed before on one flag and now on
// four: security drift put down to the public access block. The plan's three changes are pending.
func TestTerraformGoof(t *testing.T) {
	rep := analyzeFile(t, "snyk-labs__terraform-goof__tf-plan.json")
	if got, want := addresses(rep), []string{
		"module.storage.aws_s3_bucket.snyk_public_storage",
		"module.storage.aws_s3_bucket_public_access_block.snyk_private",
	}; !reflect.DeepEqual(got, want) {
		t.Fatalf("drifted %v, want %v", got, want)
	}
	pab := resource(t, rep, "module.storage.aws_s3_bucket_public_access_block.snyk_private")
	if want := map[string][2]any{
		"block_public_acls":   {true, false},
		"block_public_policy": {true, false},
		"ignore_public_acls":  {true, false},
	}; !reflect.DeepEqual(paths(pab), want) {
		t.Errorf("changes %v, want %v", paths(pab), want)
	}
	if !reflect.DeepEqual(pab.Classes, classes(Security)) {
		t.Errorf("classes %v, want [security]", pab.Classes)
	}
	if len(pab.Findings) != 1 || pab.Findings[0].RuleID != "SC-AWS-S3-004" ||
		pab.Findings[0].Address != "module.storage.aws_s3_bucket.snyk_storage" || !pab.Findings[0].Worsened {
		t.Errorf("findings %+v, want SC-AWS-S3-004 on the bucket snyk_storage, worsened", pab.Findings)
	}
	bucket := resource(t, rep, "module.storage.aws_s3_bucket.snyk_public_storage")
	if want := map[string][2]any{"versioning[0].enabled": {false, true}}; !reflect.DeepEqual(paths(bucket), want) {
		t.Errorf("changes %v, want %v", paths(bucket), want)
	}
	if !reflect.DeepEqual(bucket.Classes, classes(Other)) {
		t.Errorf("versioning turned on: classes %v, want [other] (the rules pass on it)", bucket.Classes)
	}
	var pending []string
	for _, p := range rep.Pending {
		pending = append(pending, p.Address+" "+strings.Join(p.Actions, ","))
	}
	if want := []string{
		"module.iam.aws_iam_role.snyk-admin-role create",
		"module.storage.aws_s3_bucket.my-new-undeployed-bucket create",
		"module.storage.aws_s3_bucket_public_access_block.snyk_private delete",
	}; !reflect.DeepEqual(pending, want) {
		t.Errorf("pending %v, want %v", pending, want)
	}
	if s := rep.Summary; s.Drifted != 2 || s.Security != 1 || s.Other != 1 || s.Pending != 3 || !rep.Failed() {
		t.Errorf("summary %+v", s)
	}
}

// Venkat8538/AWS_RealEstate (Terraform 1.11.3): four resources deleted out of band, an Elastic IP
// left without its association; the largest drift plan here (476 KB, 87 changes pending).
func TestDeletedOutOfBand(t *testing.T) {
	rep := analyzeFile(t, "Venkat8538__AWS_RealEstate__terraform__plan.json")
	deleted := []string{}
	for _, d := range rep.Drifted {
		if d.Deleted {
			deleted = append(deleted, d.Address)
			if !reflect.DeepEqual(d.Classes, classes(Deleted)) {
				t.Errorf("%s: classes %v, want [deleted]", d.Address, d.Classes)
			}
		}
	}
	if want := []string{
		"module.airflow_server.aws_eip_association.airflow_eip_assoc",
		"module.airflow_server.aws_instance.airflow_server",
		"module.bamboo_server.aws_instance.bamboo_server",
		"module.mlflow_server.aws_instance.mlflow_server",
	}; !reflect.DeepEqual(deleted, want) {
		t.Errorf("deleted %v, want %v", deleted, want)
	}
	eip := resource(t, rep, "module.mlflow_server.aws_eip.mlflow_eip")
	if want := map[string][2]any{
		"association_id":    {"eipassoc-0bf4f0e016def7ce4", ""},
		"instance":          {"i-092c187b6e6f8e0cd", ""},
		"network_interface": {"eni-040953a2ba7ea1013", ""},
		"private_ip":        {"172.31.18.6", ""},
	}; !reflect.DeepEqual(paths(eip), want) {
		t.Errorf("eip changes %v, want %v", paths(eip), want)
	}
	if s := rep.Summary; s.Drifted != 5 || s.Deleted != 4 || s.Other != 1 || s.Security != 0 || s.Pending != 19 {
		t.Errorf("summary %+v", s)
	}
}

// tf-summarize: resources under a for_each module key, deleted out of band.
func TestDeletedInModuleInstance(t *testing.T) {
	rep := analyzeFile(t, "dineshba__tf-summarize__example__tfplan.json")
	if want := []string{
		`module.github["terraform-plan-summary"].github_branch.demo`,
		`module.github["terraform-plan-summary"].github_branch.main`,
		`module.github["terraform-plan-summary"].github_repository.repository`,
	}; !reflect.DeepEqual(addresses(rep), want) {
		t.Errorf("drifted %v, want %v", addresses(rep), want)
	}
	if rep.Summary.Deleted != 3 || rep.Summary.Pending != 7 {
		t.Errorf("summary %+v", rep.Summary)
	}
	rep = analyzeFile(t, "aquasecurity__trivy__pkg__iac__scanners__terraformplan__tfjson__testdata__arbitrary_name.json")
	if d := resource(t, rep, "aws_security_group.this"); !d.Deleted || len(d.Changes) != 1 || d.Changes[0].Path != "" {
		t.Errorf("security group: %+v", d)
	}
}

// Terraform's own refresh-only fixture: one attribute drifted, nothing pending.
func TestRefreshOnly(t *testing.T) {
	rep := analyzeFile(t, "hashicorp__terraform__testing__equivalence-tests__outputs__drift_refresh_only__plan.json")
	d := resource(t, rep, "tfcoremock_simple_resource.drift")
	if want := map[string][2]any{"string": {"Hello, world!", "Hello, drift!"}}; !reflect.DeepEqual(paths(d), want) {
		t.Errorf("changes %v, want %v", paths(d), want)
	}
	if len(rep.Pending) != 0 || rep.Summary.Drifted != 1 || rep.Summary.Other != 1 {
		t.Errorf("summary %+v", rep.Summary)
	}
}

// regula's cloudtrail fixture: tags null → {} on four resources (no change), a bucket policy
// handed back with other spacing and key order (the same document), and a bucket whose logging
// and policy were set by its split resources (real drift).
func TestNormalisationNoise(t *testing.T) {
	rep := analyzeFile(t, "fugue__regula__rego__tests__rules__tf__aws__cloudtrail__inputs__issue355_infra.json")
	if want := []string{"aws_s3_bucket.cloudtrail"}; !reflect.DeepEqual(addresses(rep), want) {
		t.Fatalf("drifted %v, want %v", addresses(rep), want)
	}
	var got []string
	for _, c := range resource(t, rep, "aws_s3_bucket.cloudtrail").Changes {
		got = append(got, c.Path)
	}
	if want := []string{"logging", "policy"}; !reflect.DeepEqual(got, want) {
		t.Errorf("changes %v, want %v", got, want)
	}
	if len(rep.Security) != 0 {
		t.Errorf("logging turned on is no security drift: %+v", rep.Security)
	}
}

// infracost's fixture: an EBS volume attached by hand is cost drift, unpriced without an
// estimator, and security drift: the volume is not encrypted (SC-AWS-EC2-003, "encrypted":
// false in the drifted ebs_block_device); the rule failed on the recorded state too, for the
// root volume /dev/xvda, so the finding is a worsening. The tags null → {} beside it are nothing.
func TestCostUnpriced(t *testing.T) {
	rep := analyzeFile(t, "infracost__infracost__cmd__infracost__testdata__instance_with_attachment_after_deploy.json")
	d := resource(t, rep, "aws_instance.ec2")
	if len(d.Changes) != 1 || d.Changes[0].Path != "ebs_block_device" {
		t.Fatalf("changes %+v, want ebs_block_device only", d.Changes)
	}
	if !reflect.DeepEqual(d.Classes, classes(Security, Cost)) || d.Cost == nil || d.Cost.Priced || d.Cost.Reason != NoEstimator {
		t.Errorf("classes %v cost %+v, want [security cost], unpriced", d.Classes, d.Cost)
	}
	if len(d.Findings) != 1 || d.Findings[0].RuleID != "SC-AWS-EC2-003" || !strings.Contains(d.Findings[0].Message, "/dev/sdf") || !d.Findings[0].Worsened {
		t.Errorf("findings %+v, want SC-AWS-EC2-003 on /dev/sdf, worsened", d.Findings)
	}
	if len(rep.Drifted) != 1 {
		t.Errorf("drifted %v", addresses(rep))
	}
}

type fakePricer map[string]float64 // instance_type → USD a month

func (f fakePricer) PriceDrift(_ context.Context, _, typ string, before, after map[string]any) (float64, float64, bool, string, error) {
	one := func(v map[string]any) (float64, bool) {
		if v == nil {
			return 0, true
		}
		it, _ := v["instance_type"].(string)
		usd, ok := f[it]
		return usd, ok && typ == "aws_instance"
	}
	b, okB := one(before)
	a, okA := one(after)
	if !okB || !okA {
		return 0, 0, false, "no price for " + typ, nil
	}
	return b, a, true, "", nil
}

func TestCostPriced(t *testing.T) {
	data := synthetic(t, []map[string]any{driftEntry("aws_instance.app", "aws_instance", "update",
		map[string]any{"instance_type": "t3.micro", "tags": map[string]any{}},
		map[string]any{"instance_type": "m5.large", "tags": map[string]any{}}, nil, nil)})
	p, err := plan.Parse("resized.json", data)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Analyze(context.Background(), p, Options{Pricer: fakePricer{"t3.micro": 7.59, "m5.large": 70.08}})
	if err != nil {
		t.Fatal(err)
	}
	d := resource(t, rep, "aws_instance.app")
	if d.Cost == nil || !d.Cost.Priced || d.Cost.Before != 7.59 || d.Cost.After != 70.08 {
		t.Fatalf("cost %+v", d.Cost)
	}
	if !reflect.DeepEqual(d.Classes, classes(Cost)) || rep.Cost == nil || math.Abs(rep.Cost.Diff-62.49) > 1e-9 {
		t.Errorf("classes %v total %+v", d.Classes, rep.Cost)
	}
}

// driftEntry is one resource_drift element.
func driftEntry(addr, typ, action string, before, after, beforeSens, afterSens map[string]any) map[string]any {
	name := addr[strings.LastIndex(addr, ".")+1:]
	ch := map[string]any{"actions": []any{action}, "before": before, "after": after, "after_unknown": map[string]any{}}
	if beforeSens != nil {
		ch["before_sensitive"] = beforeSens
	}
	if afterSens != nil {
		ch["after_sensitive"] = afterSens
	}
	return map[string]any{"address": addr, "mode": "managed", "type": typ, "name": name,
		"provider_name": "registry.terraform.io/hashicorp/aws", "change": ch}
}

// synthetic builds a refresh-only plan (Terraform 1.5) from drift entries: the prior state holds
// the refreshed values (after, with its sensitivity marks).
func synthetic(t *testing.T, drift []map[string]any) []byte {
	t.Helper()
	var prior []any
	for _, e := range drift {
		ch, _ := e["change"].(map[string]any)
		if ch["after"] == nil {
			continue
		}
		r := map[string]any{"address": e["address"], "mode": "managed", "type": e["type"], "name": e["name"],
			"provider_name": e["provider_name"], "schema_version": 0, "values": ch["after"]}
		if s, ok := ch["after_sensitive"]; ok {
			r["sensitive_values"] = s
		}
		prior = append(prior, r)
	}
	doc := map[string]any{
		"format_version": "1.2", "terraform_version": "1.5.7",
		"planned_values": map[string]any{"root_module": map[string]any{"resources": prior}},
		"resource_drift": drift,
		"prior_state":    map[string]any{"format_version": "1.0", "values": map[string]any{"root_module": map[string]any{"resources": prior}}},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const (
	oldPassword = "correct-horse-battery-staple"
	newPassword = "Tr0ub4dor&3-hunter2"
	keptSecret  = "kept-secret-value-unchanged"
)

// A changed password (marked sensitive), a changed token (secret-named, not marked), an unchanged
// secret and a tag added by hand: the secrets are reported as changed, never shown, in any
// format; the unchanged one not at all; the tag is benign.
func TestSensitiveDriftNeverShown(t *testing.T) {
	before := map[string]any{"identifier": "orders", "password": oldPassword, "auth_token": "tok-" + oldPassword,
		"master_user_secret": keptSecret, "instance_class": "db.t3.micro", "tags": map[string]any{"owner": "data"}}
	after := map[string]any{"identifier": "orders", "password": newPassword, "auth_token": "tok-" + newPassword,
		"master_user_secret": keptSecret, "instance_class": "db.t3.micro", "tags": map[string]any{"owner": "data", "ticket": "OPS-1"}}
	sens := map[string]any{"password": true, "master_user_secret": true}
	data := synthetic(t, []map[string]any{driftEntry("aws_db_instance.orders", "aws_db_instance", "update", before, after, sens, sens)})
	p, err := plan.Parse("secrets.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.SecretDrift("aws_db_instance.orders"); len(got) != 2 {
		t.Errorf("the reader noted %v, want password and auth_token", got)
	}
	rep, err := Analyze(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := resource(t, rep, "aws_db_instance.orders")
	got := map[string]bool{}
	for _, c := range d.Changes {
		got[c.Path] = c.Sensitive
		if c.Sensitive && (c.Before != nil || c.After != nil) {
			t.Errorf("%s: a sensitive change carries values", c.Path)
		}
	}
	if want := map[string]bool{"auth_token": true, "password": true, "tags.ticket": false}; !reflect.DeepEqual(got, want) {
		t.Errorf("changes %v, want %v", got, want)
	}
	// The report itself holds neither value (policy/report renders it in every format and tests
	// the formats too).
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{oldPassword, newPassword, keptSecret, "Tr0ub4dor"} {
		if strings.Contains(string(b), s) {
			t.Errorf("the report holds a secret (%q):\n%s", s, b)
		}
	}
	for _, c := range d.Changes {
		if c.Path == "password" && c.Describe(100) != "password: changed (sensitive value, not shown)" {
			t.Errorf("the password change reads %q", c.Describe(100))
		}
	}
}

// The provider's own lake: public access switched off, versioning suspended and a tag added by
// hand. The first two fail SC-LAKE-002 and SC-LAKE-003 on the drifted values only.
func TestLakeSecurityDrift(t *testing.T) {
	rep := lakeReport(t, Options{})
	d := resource(t, rep, "supplychain_data_lake.main")
	if !reflect.DeepEqual(d.Classes, classes(Security, Benign)) {
		t.Errorf("classes %v, want [security benign]", d.Classes)
	}
	var rules []string
	for _, f := range d.Findings {
		rules = append(rules, f.RuleID)
	}
	if want := []string{"SC-LAKE-002", "SC-LAKE-003"}; !reflect.DeepEqual(rules, want) {
		t.Errorf("findings %v, want %v", rules, want)
	}
	classOf := map[string][]Class{}
	for _, c := range d.Changes {
		classOf[c.Path] = c.Classes
	}
	if want := map[string][]Class{
		"public_access_block.block_public_acls": {Other},
		"tags.cost_centre":                      {Benign},
		"tags_all.cost_centre":                  {Benign},
		"versioning":                            {Other},
	}; !reflect.DeepEqual(classOf, want) {
		t.Errorf("changes %v, want %v", classOf, want)
	}
}

func lakeReport(t *testing.T, opts Options) *Report {
	t.Helper()
	pab := map[string]any{"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}
	before := map[string]any{"id": "nexabrand-prod", "name_prefix": "nexabrand-prod", "versioning": true,
		"public_access_block": pab, "tags": map[string]any{"owner": "data"}, "tags_all": map[string]any{"owner": "data"}}
	pabOff := map[string]any{}
	for k, v := range pab {
		pabOff[k] = v
	}
	pabOff["block_public_acls"] = false
	after := map[string]any{"id": "nexabrand-prod", "name_prefix": "nexabrand-prod", "versioning": false,
		"public_access_block": pabOff, "tags": map[string]any{"owner": "data", "cost_centre": "42"},
		"tags_all": map[string]any{"owner": "data", "cost_centre": "42"}}
	data := synthetic(t, []map[string]any{driftEntry("supplychain_data_lake.main", "supplychain_data_lake", "update", before, after, nil, nil)})
	p, err := plan.Parse("lake.json", data)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Analyze(context.Background(), p, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestKnownDrift(t *testing.T) {
	day := func(s string) func() time.Time {
		return func() time.Time { tm, _ := time.Parse("2006-01-02", s); return tm.Add(12 * time.Hour) }
	}
	kf, err := ParseKnown("known.yaml", []byte(`
known_drift:
  - address: supplychain_data_lake.*
    attribute: tags*
    reason: finance tags by hand
    owner: finance@nexabrands.example
    expires: 2027-03-31
  - address: aws_instance.*
    attribute: "*"
    reason: nothing matches this
    owner: ops@nexabrands.example
    expires: 2027-03-31
`))
	if err != nil {
		t.Fatal(err)
	}
	rep := lakeReport(t, Options{Known: kf, Now: day("2027-03-31")})
	d := resource(t, rep, "supplychain_data_lake.main")
	for _, c := range d.Changes {
		if strings.HasPrefix(c.Path, "tags") != (c.Known != nil) {
			t.Errorf("%s: known %v", c.Path, c.Known)
		}
	}
	if d.Known || !reflect.DeepEqual(d.Classes, classes(Security)) || !rep.Failed() {
		t.Errorf("the tags silenced, the lake still drifts as security: %+v", d.Classes)
	}
	if len(rep.Notices) != 1 || !strings.Contains(rep.Notices[0], "aws_instance.*") || len(rep.Errors) != 0 {
		t.Errorf("notices %v errors %v", rep.Notices, rep.Errors)
	}

	// Every change silenced: no drift remains.
	all, err := ParseKnown("all.yaml", []byte(`
known_drift:
  - {address: supplychain_data_lake.main, attribute: "*", reason: lake migration, owner: data@nexabrands.example, expires: 2027-03-31}
`))
	if err != nil {
		t.Fatal(err)
	}
	rep = lakeReport(t, Options{Known: all, Now: day("2027-03-31")})
	if rep.Failed() || rep.Summary.Known != 1 || rep.Summary.Drifted != 0 || len(rep.Security) != 0 {
		t.Errorf("silenced: summary %+v errors %v", rep.Summary, rep.Errors)
	}
	// The day after it expires, it silences nothing and fails the run.
	rep = lakeReport(t, Options{Known: all, Now: day("2027-04-01")})
	if !rep.Failed() || rep.Summary.Drifted != 1 || len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0], "expired on 2027-03-31") {
		t.Errorf("expired: summary %+v errors %v", rep.Summary, rep.Errors)
	}
}

func TestKnownDriftRefusals(t *testing.T) {
	for name, y := range map[string]string{
		"bare *":       `{known_drift: [{address: "*", attribute: tags, reason: r, owner: o, expires: 2027-01-01}]}`,
		"*.*":          `{known_drift: [{address: "*.*", attribute: tags, reason: r, owner: o, expires: 2027-01-01}]}`,
		"no owner":     `{known_drift: [{address: aws_s3_bucket.a, attribute: tags, reason: r, expires: 2027-01-01}]}`,
		"bad date":     `{known_drift: [{address: aws_s3_bucket.a, attribute: tags, reason: r, owner: o, expires: 31/03/2027}]}`,
		"unknown key":  `{known_drift: [{address: aws_s3_bucket.a, attribute: tags, reason: r, owner: o, expires: 2027-01-01, rule: x}]}`,
		"benign *":     `{benign_attributes: ["*"]}`,
		"empty entry":  "known_drift:\n  -\n",
		"not yaml map": `[1, 2]`,
	} {
		if _, err := ParseKnown(name, []byte(y)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestBenignListConfigurable(t *testing.T) {
	off := false
	rep := lakeReport(t, Options{Known: &KnownFile{DefaultBenign: &off, BenignAttributes: []string{"versioning"}}})
	for _, c := range resource(t, rep, "supplychain_data_lake.main").Changes {
		want := Other
		if c.Path == "versioning" {
			want = Benign
		}
		if !reflect.DeepEqual(c.Classes, []Class{want}) {
			t.Errorf("%s: %v, want %s", c.Path, c.Classes, want)
		}
	}
}

func TestDiffAndPaths(t *testing.T) {
	got := diff(map[string]any{
		"a": nil, "b": []any{}, "c": "", "d": map[string]any{"k.x": 1.0}, "e": []any{1.0, 2.0}, "f": []any{1.0},
	}, map[string]any{
		"a": map[string]any{}, "b": nil, "c": nil, "d": map[string]any{"k.x": 2.0}, "e": []any{1.0, 3.0}, "f": []any{1.0, 2.0},
	}, [][]any{{"g", 0, "secret"}})
	var ps []string
	for _, c := range got {
		ps = append(ps, c.Path)
	}
	if want := []string{`d["k.x"]`, "e[1]", "f", "g[0].secret"}; !reflect.DeepEqual(ps, want) {
		t.Errorf("paths %v, want %v", ps, want)
	}
}

func TestReportJSONRoundTrip(t *testing.T) {
	rep := lakeReport(t, Options{})
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil || back.Summary != rep.Summary {
		t.Errorf("json round trip: %v %+v", err, back.Summary)
	}
	if h := rep.Headline(); !strings.Contains(h, "1 resource drifted outside Terraform (1 security, 1 benign)") {
		t.Errorf("headline %q", h)
	}
}

func BenchmarkAnalyzeLargestDriftPlan(b *testing.B) {
	for b.Loop() {
		p, err := plan.ReadFile("testdata/plans/Venkat8538__AWS_RealEstate__terraform__plan.json")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Analyze(context.Background(), p, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// A deleted resource has one change, path "": attribute * silences it, a narrower glob does not.
func TestKnownDeleted(t *testing.T) {
	p, err := plan.ReadFile("testdata/plans/aquasecurity__trivy__pkg__iac__scanners__terraformplan__tfjson__testdata__arbitrary_name.json")
	if err != nil {
		t.Fatal(err)
	}
	for attr, silenced := range map[string]bool{"*": true, "ingress*": false} {
		kf, err := ParseKnown("k.yaml", []byte(`known_drift: [{address: aws_security_group.this, attribute: "`+attr+`", reason: r, owner: o, expires: 2999-01-01}]`))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Analyze(context.Background(), p, Options{Known: kf})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Failed() == silenced || resource(t, rep, "aws_security_group.this").Known != silenced {
			t.Errorf("attribute %q: failed %v, summary %+v", attr, rep.Failed(), rep.Summary)
		}
	}
}
