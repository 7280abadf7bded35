package cost

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/policy/plan"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func readPlan(t *testing.T, name string) *plan.Plan {
	t.Helper()
	p, err := plan.ReadFile(filepath.Join("testdata", "plans", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func usage(t *testing.T, name string) *Usage {
	t.Helper()
	u, err := LoadUsage(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func compute(t *testing.T, p, base *plan.Plan, opts Options) *Result {
	t.Helper()
	r, err := Compute(p, base, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func resource(t *testing.T, r *Result, addr string) *ResourceDiff {
	t.Helper()
	for _, d := range r.Resources {
		if d.Address == addr {
			return d
		}
	}
	t.Fatalf("no resource %s in the result", addr)
	return nil
}

func component(t *testing.T, d *ResourceDiff, key string) *ComponentDiff {
	t.Helper()
	for _, c := range d.Components {
		if c.Key == key {
			return c
		}
	}
	t.Fatalf("%s has no component %s", d.Address, key)
	return nil
}

// after returns a component's monthly cost after the plan, exact.
func after(t *testing.T, r *Result, addr, key string) string {
	t.Helper()
	c := component(t, resource(t, r, addr), key)
	if c.After == nil || c.After.Monthly == nil {
		t.Fatalf("%s %s is not priced after: %+v", addr, key, c.After)
	}
	return num(c.After.Monthly)
}

func unpricedReason(r *Result, addr, comp string) string {
	for _, u := range r.Unpriced {
		if u.Address == addr && u.Component == comp {
			return u.Code
		}
	}
	return ""
}

// TestNexabrandsUSEast1ByHand checks every figure of the Nexabrands stack against arithmetic
// done by hand from the sheet's us-east-1 rows and testdata/nexabrands-usage.yml.
func TestNexabrandsUSEast1ByHand(t *testing.T) {
	r := compute(t, readPlan(t, "nexabrands_create.json"), nil, Options{Usage: usage(t, "nexabrands-usage.yml")})
	want := []struct{ addr, key, usd string }{
		// Glue G.1X × 2 workers × 60 h = 120 DPU-h × 0.44
		{"aws_glue_job.clean_orders", "run", "52.8"},
		// Redshift Serverless base 32 RPU × 120 h = 3840 RPU-h × 0.375; 100 GB × 0.024
		{"aws_redshiftserverless_workgroup.warehouse", "compute", "1440"},
		{"aws_redshiftserverless_workgroup.warehouse", "storage", "2.4"},
		// EC2 t3.xlarge 730 h × 0.1664; 80 GiB gp3 × 0.08 (3000 IOPS and 125 MB/s are free)
		{"aws_instance.airflow", "instance", "121.472"},
		{"aws_instance.airflow", "root_volume.storage", "6.4"},
		// NAT 730 h × 0.045; 100 GB × 0.045
		{"aws_nat_gateway.main", "hours", "32.85"},
		{"aws_nat_gateway.main", "data", "4.5"},
		// KMS 1 key × 1.00; 1,000,000 requests × 0.03 / 10,000
		{"aws_kms_key.lake", "key", "1"},
		{"aws_kms_key.lake", "requests", "3"},
		// Secrets Manager 1 × 0.40; 100,000 × 0.05 / 10,000
		{"aws_secretsmanager_secret.warehouse", "secret", "0.4"},
		{"aws_secretsmanager_secret.warehouse", "requests", "0.5"},
		// The lake's three buckets: 200, 1 and 100 GB × 0.023; 500,000 PUT × 0.005/1000; 2,000,000 GET × 0.0004/1000
		{"supplychain_data_lake.main", "raw.storage", "4.6"},
		{"supplychain_data_lake.main", "code.storage", "0.023"},
		{"supplychain_data_lake.main", "transformed.storage", "2.3"},
		{"supplychain_data_lake.main", "put_requests", "2.5"},
		{"supplychain_data_lake.main", "get_requests", "0.8"},
	}
	for _, w := range want {
		if got := after(t, r, w.addr, w.key); got != w.usd {
			t.Errorf("%s %s = %s USD, want %s", w.addr, w.key, got, w.usd)
		}
	}
	// 52.80 + 1442.40 + 127.872 + 37.35 + 4.00 + 0.90 + 10.223 = 1675.545, to the cent 1675.55.
	if got := num(r.After); got != "1675.545" {
		t.Errorf("total after = %s, want 1675.545", got)
	}
	if USD(r.After) != "1675.55" || USD(r.Before) != "0.00" || SignedUSD(r.Diff) != "+1675.55" {
		t.Errorf("totals %s → %s (%s)", USD(r.Before), USD(r.After), SignedUSD(r.Diff))
	}
	if len(r.Unpriced) != 0 {
		t.Errorf("unpriced: %+v", r.Unpriced)
	}
	if d := resource(t, r, "aws_iam_role.glue"); d.After.Unpriced == nil || d.After.Unpriced.Code != Free {
		t.Errorf("aws_iam_role is not free: %+v", d.After)
	}
	v, err := r.Gate(context.Background(), DefaultGateParams())
	if err != nil {
		t.Fatal(err)
	}
	if v.Verdict != "fail" {
		t.Errorf("gate %+v, want fail (+1675.55 ≥ 140)", v)
	}
}

// TestPriorStateDiffExplained: the plan changes t3.large to t3.xlarge; before is the prior state.
func TestPriorStateDiffExplained(t *testing.T) {
	r := compute(t, readPlan(t, "nexabrands_update.json"), nil, Options{Usage: usage(t, "nexabrands-usage.yml")})
	if SignedUSD(r.Diff) != "+60.74" || USD(r.Before) != "1614.81" {
		t.Fatalf("diff %s from %s, want +60.74 from 1614.81", SignedUSD(r.Diff), USD(r.Before))
	}
	d := resource(t, r, "aws_instance.airflow")
	if d.Action != "update" {
		t.Errorf("action %s", d.Action)
	}
	c := component(t, d, "instance")
	got := d.Address + " " + c.Driver() + ": " + c.Explain()
	want := "aws_instance.airflow instance_type t3.large → t3.xlarge: 730 h × (0.1664 − 0.0832) USD = +60.74 USD/month"
	if got != want {
		t.Errorf("explain\n got %s\nwant %s", got, want)
	}
	if resource(t, r, "aws_glue_job.clean_orders").Action != "no-op" {
		t.Error("the Glue job is unchanged")
	}
	v, err := r.Gate(context.Background(), DefaultGateParams())
	if err != nil || v.Verdict != "pass" {
		t.Errorf("gate %+v %v, want pass (+60.74 < 70)", v, err)
	}
}

// TestBasePlanIsBefore: with a base plan, before is its planned values.
func TestBasePlanIsBefore(t *testing.T) {
	u := usage(t, "nexabrands-usage.yml")
	r := compute(t, readPlan(t, "nexabrands_create.json"), readPlan(t, "nexabrands_base.json"), Options{Usage: u})
	if !r.BaseMode || SignedUSD(r.Diff) != "+60.74" {
		t.Fatalf("base mode %v diff %s", r.BaseMode, SignedUSD(r.Diff))
	}
	if a := resource(t, r, "aws_instance.airflow").Action; a != "update" {
		t.Errorf("action %s", a)
	}
	if a := resource(t, r, "aws_nat_gateway.main").Action; a != "no-op" {
		t.Errorf("NAT action %s", a)
	}
}

// TestAfSouth1SaysWhatItCannotPrice: Cape Town has two sourced prices (gp3 storage, KMS keys).
func TestAfSouth1SaysWhatItCannotPrice(t *testing.T) {
	r := compute(t, readPlan(t, "nexabrands_noregion.json"), nil, Options{Region: "af-south-1", Usage: usage(t, "nexabrands-usage.yml")})
	// 80 GiB gp3 × 0.1047 = 8.376; 1 KMS key × 1.00.
	if got := after(t, r, "aws_instance.airflow", "root_volume.storage"); got != "8.376" {
		t.Errorf("gp3 in af-south-1 = %s", got)
	}
	if got := num(r.After); got != "9.376" {
		t.Errorf("priced total %s, want 9.376", got)
	}
	for _, x := range [][2]string{
		{"aws_instance.airflow", "Instance usage (Linux, on-demand)"},
		{"aws_glue_job.clean_orders", "Job run (glueetl)"},
		{"aws_nat_gateway.main", "NAT gateway"},
		{"aws_redshiftserverless_workgroup.warehouse", "Compute at base capacity"},
		{"supplychain_data_lake.main", "raw bucket storage (Standard)"},
		{"aws_kms_key.lake", "Requests above the free tier"},
	} {
		if got := unpricedReason(r, x[0], x[1]); got != NoPriceForRegion {
			t.Errorf("%s %s: reason %q, want %s", x[0], x[1], got, NoPriceForRegion)
		}
	}
	notices := strings.Join(r.Notices, "\n")
	if !strings.Contains(notices, "af-south-1: the price sheet holds only 2 prices there (ebs.gp3.storage, kms.key)") || !strings.Contains(notices, "not 0 USD") {
		t.Errorf("notices do not say plainly what af-south-1 can price:\n%s", notices)
	}
	v, err := r.Gate(context.Background(), DefaultGateParams())
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Notes) == 0 || !strings.Contains(v.Notes[0], "judged only what was priced") {
		t.Errorf("gate notes %v", v.Notes)
	}
}

// TestRegionWithoutPrices: a region the sheet does not hold is reported, never 0 USD, and the
// gate does not pass.
func TestRegionWithoutPrices(t *testing.T) {
	r := compute(t, readPlan(t, "nexabrands_noregion.json"), nil, Options{Region: "eu-west-1", Usage: usage(t, "nexabrands-usage.yml")})
	if r.After.Sign() != 0 {
		t.Fatalf("priced %s in a region without prices", USD(r.After))
	}
	if len(r.Unpriced) < 10 {
		t.Errorf("only %d unpriced", len(r.Unpriced))
	}
	for _, u := range r.Unpriced {
		if u.Code != NoPriceForRegion {
			t.Errorf("%s %s: %s", u.Address, u.Component, u.Code)
		}
	}
	if !strings.Contains(strings.Join(r.Notices, "\n"), "no prices for eu-west-1") {
		t.Errorf("notices %v", r.Notices)
	}
	var b bytes.Buffer
	v, err := r.Gate(context.Background(), DefaultGateParams())
	if err != nil {
		t.Fatal(err)
	}
	if v.Verdict == "pass" {
		t.Errorf("the gate passed a plan it could not price: %+v", v)
	}
	if err := r.WriteText(&b, v, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "the sheet has no prices for this region") {
		t.Errorf("text does not say the region has no prices:\n%s", b.String())
	}
}

func TestNoRegionAnywhere(t *testing.T) {
	r := compute(t, readPlan(t, "nexabrands_noregion.json"), nil, Options{Usage: usage(t, "nexabrands-usage.yml")})
	if r.After.Sign() != 0 || !strings.Contains(strings.Join(r.Notices, "\n"), "pass --region") {
		t.Errorf("after %s notices %v", USD(r.After), r.Notices)
	}
}

// TestRegionPerProviderAlias: aws is us-east-1 through var.region, aws.cape is af-south-1.
func TestRegionPerProviderAlias(t *testing.T) {
	r := compute(t, readPlan(t, "aliases.json"), nil, Options{Region: "eu-west-1"})
	if d := resource(t, r, "aws_instance.web"); d.After.Region != "us-east-1" {
		t.Errorf("web region %s (%s)", d.After.Region, d.After.RegionSource)
	}
	// 730 h × 0.0104 = 7.592
	if got := after(t, r, "aws_instance.web", "instance"); got != "7.592" {
		t.Errorf("web = %s", got)
	}
	cape := resource(t, r, "aws_instance.cape")
	if cape.After.Region != "af-south-1" || cape.After.RegionSource != "provider aws.cape" {
		t.Errorf("cape region %s (%s)", cape.After.Region, cape.After.RegionSource)
	}
	if unpricedReason(r, "aws_instance.cape", "Instance usage (Linux, on-demand)") != NoPriceForRegion {
		t.Error("t3.micro in af-south-1 should be unpriced for the region")
	}
	if got := after(t, r, "aws_kms_key.cape", "key"); got != "1" {
		t.Errorf("cape key = %s", got)
	}
	if unpricedReason(r, "aws_instance.later", "Instance usage (Linux, on-demand)") != UnknownUntilApply {
		t.Error("an instance type known only after apply is unpriced as such")
	}
	if unpricedReason(r, "aws_kms_key.cape", "Requests above the free tier") != UsageNotGiven {
		t.Error("requests without usage are listed as usage not given")
	}
}

// TestUsageNotGivenIsNeverZero: without a usage file every usage-based component is listed.
func TestUsageNotGivenIsNeverZero(t *testing.T) {
	r := compute(t, readPlan(t, "nexabrands_create.json"), nil, Options{})
	for _, x := range [][2]string{
		{"supplychain_data_lake.main", "raw bucket storage (Standard)"},
		{"aws_glue_job.clean_orders", "Job run (glueetl)"},
		{"aws_redshiftserverless_workgroup.warehouse", "Compute at base capacity"},
		{"aws_nat_gateway.main", "Data processed"},
	} {
		if got := unpricedReason(r, x[0], x[1]); got != UsageNotGiven {
			t.Errorf("%s %s: %q", x[0], x[1], got)
		}
	}
	// What needs no usage is still priced: 121.472 + 6.40 + 32.85 + 1.00 + 0.40.
	if got := num(r.After); got != "162.122" {
		t.Errorf("after %s", got)
	}
	for _, d := range r.Resources {
		for _, c := range d.Components {
			if c.After != nil && c.After.Monthly != nil && c.After.Monthly.Sign() == 0 {
				t.Errorf("%s %s is priced at 0 USD", d.Address, c.Name)
			}
		}
	}
}

func TestUsageFileErrors(t *testing.T) {
	for name, tc := range map[string]struct{ yaml, want string }{
		"unknown key":     {"version: 1\ndefaults:\n  aws_s3_bucket: {storage_gib: 5}\n", `unknown usage key "storage_gib"`},
		"wrong type":      {"version: 1\ndefaults:\n  aws_s3_bucket: {storage_gb: lots}\n", "expected a number"},
		"negative":        {"version: 1\ndefaults:\n  aws_s3_bucket: {storage_gb: -1}\n", "0 or more"},
		"unknown type":    {"version: 1\ndefaults:\n  aws_s3_bukket: {storage_gb: 1}\n", "no usage is read for this resource type"},
		"no version":      {"defaults: {}\n", "version must be 1"},
		"top-level typo":  {"version: 1\nresource_usage: {}\n", "resource_usage"},
		"key of the type": {"version: 1\nresources:\n  aws_nat_gateway.x: {storage_gb: 1}\n", `unknown usage key "storage_gb"`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseUsage("u.yml", []byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "u.yml") {
				t.Errorf("error %v, want one naming u.yml and %q", err, tc.want)
			}
		})
	}
}

func TestUsageGlobs(t *testing.T) {
	u, err := ParseUsage("u.yml", []byte(`version: 1
defaults:
  aws_nat_gateway: {monthly_data_processed_gb: 1}
resources:
  "aws_nat_gateway.a[*]": {monthly_data_processed_gb: 2.5}
  "aws_nat_gateway.a[1]": {monthly_data_processed_gb: 7}
  "module.gone.aws_nat_gateway.*": {monthly_data_processed_gb: 3}
`))
	if err != nil {
		t.Fatal(err)
	}
	for addr, want := range map[string]string{"aws_nat_gateway.a[0]": "2.5", "aws_nat_gateway.a[1]": "7", "aws_nat_gateway.b": "1"} {
		if got := num(u.For(addr, "aws_nat_gateway")["monthly_data_processed_gb"]); got != want {
			t.Errorf("%s: %s, want %s", addr, got, want)
		}
	}
	if got := u.Unmatched(); len(got) != 1 || got[0] != "module.gone.aws_nat_gateway.*" {
		t.Errorf("unmatched %v", got)
	}
}

func TestUnmatchedGlobIsANotice(t *testing.T) {
	u, err := ParseUsage("u.yml", []byte("version: 1\nresources:\n  aws_instance.nope: {monthly_hours: 1}\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := compute(t, readPlan(t, "nexabrands_create.json"), nil, Options{Usage: u})
	if !strings.Contains(strings.Join(r.Notices, "\n"), `resources."aws_instance.nope" matches no resource`) {
		t.Errorf("notices %v", r.Notices)
	}
}

// TestInfracostSyncUsageFile prices infracost's fixture with the usage behind its golden output
// (cmd/infracost/testdata/breakdown_terraform_sync_usage_file): OVERALL TOTAL $751.12 there.
func TestInfracostSyncUsageFile(t *testing.T) {
	r := compute(t, readPlan(t, "real/infracost_sync_usage_file.json"), nil, Options{Usage: usage(t, "infracost-sync-usage.yml")})
	// 2 log groups: 1000 × 0.50 + 1000 × 0.03 and 100 × 0.50 + 1000 × 0.03; 4 NAT × 730 h × 0.045;
	// (200 + 10 + 4 + 2) GB × 0.045.
	if got := num(r.After); got != "751.12" {
		t.Errorf("total %s, want 751.12 (infracost's golden)", got)
	}
	if got := after(t, r, `aws_nat_gateway.example_each["media"]`, "data"); got != "0.09" {
		t.Errorf(`example_each["media"] data = %s (the [*] glob gives 2 GB)`, got)
	}
}

// TestInfracostTerraform014: infracost's golden says 373.12 USD; 317.98 of it is two RDS
// instances (no price model here) and 4.80 is six root volumes infracost assumes to be 8 GB gp2
// where the plan knows them only after apply. The rest, 12 t3.nano and 6 known 8 GB gp2 volumes,
// is 12 × 730 × 0.0052 + 6 × 8 × 0.10 = 45.552 + 4.80 = 50.352 (infracost rounds each line:
// 12 × 3.80 + 6 × 0.80 = 50.40).
func TestInfracostTerraform014(t *testing.T) {
	r := compute(t, readPlan(t, "real/infracost_terraform_v0.14_plan.json"), nil, Options{})
	if got := num(r.After); got != "50.352" {
		t.Errorf("after %s, want 50.352", got)
	}
	if unpricedReason(r, "module.db.module.db_2.module.db_instance.aws_db_instance.this[0]", "") != NoPriceForType {
		t.Error("RDS is unpriced for want of a price model")
	}
	if unpricedReason(r, "module.instances.aws_instance.module_instance_2", "Root volume") != UnknownUntilApply {
		t.Error("a created instance's root volume is known only after apply")
	}
	if d := resource(t, r, "module.instances.aws_instance.module_instance_2"); d.After.RegionSource != "provider aws" || d.After.Region != "us-east-1" {
		t.Errorf("module region %s (%s)", d.After.Region, d.After.RegionSource)
	}
}

func TestInfracostInstanceWithAttachment(t *testing.T) {
	r := compute(t, readPlan(t, "real/infracost_instance_with_attachment_after_deploy.json"), nil, Options{})
	// aws_ebs_volume.storage: 128 GB gp2 × 0.10; the t2.nano has no row in the sheet.
	if got := after(t, r, "aws_ebs_volume.storage", "volume.storage"); got != "12.8" {
		t.Errorf("volume %s", got)
	}
	if unpricedReason(r, "aws_instance.ec2", "Instance usage (Linux, on-demand)") != NoPriceForType {
		t.Error("t2.nano is not in the sheet")
	}
}

func TestGolden(t *testing.T) {
	nx := usage(t, "nexabrands-usage.yml")
	for _, tc := range []struct {
		name    string
		plan    string
		region  string
		explain bool
		format  string
	}{
		{"nexabrands_update_explain.txt", "nexabrands_update.json", "", true, "text"},
		{"nexabrands_create.json", "nexabrands_create.json", "", false, "json"},
		{"nexabrands_af-south-1.txt", "nexabrands_noregion.json", "af-south-1", false, "text"},
		{"nexabrands_update.md", "nexabrands_update.json", "", false, "markdown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nx.Overrides = nil
			r := compute(t, readPlan(t, tc.plan), nil, Options{Usage: nx, Region: tc.region})
			v, err := r.Gate(context.Background(), DefaultGateParams())
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			switch tc.format {
			case "json":
				err = r.WriteJSON(&b, v)
			case "markdown":
				b.WriteString(r.Markdown(v))
			default:
				err = r.WriteText(&b, v, tc.explain)
			}
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", tc.name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./policy/cost -update)", err)
			}
			if b.String() != string(want) {
				t.Errorf("%s differs from the golden file (go test ./policy/cost -update rewrites it):\n%s", tc.name, b.String())
			}
		})
	}
}

func TestEmbeddedSheet(t *testing.T) {
	s, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if s.Date == "" || len(s.SHA256) != 64 {
		t.Errorf("date %q sha %q", s.Date, s.SHA256)
	}
	for _, r := range s.Rows {
		if r.Source == "" || r.USD.Sign() <= 0 {
			t.Errorf("line %d: %+v", r.Line, r)
		}
	}
	// Every item the Nexabrands stack needs is in us-east-1.
	for _, item := range []string{"glue.etl.dpu_hour", "redshift.serverless.rpu_hour", "ec2.instance.t3.xlarge", "ebs.gp3.storage", "nat_gateway.hour"} {
		if s.Price("us-east-1", item) == nil {
			t.Errorf("no us-east-1 price for %s", item)
		}
	}
	var b bytes.Buffer
	if err := s.WriteInfo(&b); err != nil || !strings.Contains(b.String(), s.SHA256) || !strings.Contains(b.String(), "af-south-1: 2 rows") {
		t.Errorf("info %v:\n%s", err, b.String())
	}
}

func TestParseSheetRejects(t *testing.T) {
	head := strings.Join(SheetColumns, ",") + "\n"
	for name, tc := range map[string]struct{ csv, want string }{
		"zero price":   {head + "us-east-1,s3,s3.x,GB,1,0,d,src,2024-01-01,n\n", "not a positive decimal"},
		"no source":    {head + "us-east-1,s3,s3.x,GB,1,0.1,d,,2024-01-01,n\n", "names its source"},
		"bad date":     {head + "us-east-1,s3,s3.x,GB,1,0.1,d,src,1/2/2024,n\n", "as_of"},
		"duplicate":    {head + "us-east-1,s3,s3.x,GB,1,0.1,d,src,,n\nus-east-1,s3,s3.x,GB,1,0.2,d,src,,n\n", "same region and item"},
		"float syntax": {head + "us-east-1,s3,s3.x,GB,1,1e-3,d,src,,n\n", "not a positive decimal"},
		"bad header":   {"a,b\n", "header"},
		"empty":        {head, "no rows"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseSheet("s.csv", strings.NewReader(tc.csv))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestNoFloatDrift: ten components of 0.1 GB × 0.023 add up to exactly 0.023.
func TestNoFloatDrift(t *testing.T) {
	s, _ := Embedded()
	row := s.Price("us-east-1", "s3.standard.storage")
	sum := ratInt(0)
	for i := 0; i < 10; i++ {
		sum = add(sum, mul(rat("0.1"), row.UnitPrice()))
	}
	if num(sum) != "0.023" {
		t.Errorf("sum %s", num(sum))
	}
	if USD(rat("0.005")) != "0.01" || USD(rat("-0.005")) != "-0.01" || USD(rat("1675.545")) != "1675.55" {
		t.Error("rounding to the cent is half away from zero")
	}
}

// TestTargetedPlanKeepsUntargetedResources: a -target plan leaves web_app_2 out of
// planned_values and resource_changes; it stays as it is, it is not deleted.
func TestTargetedPlanKeepsUntargetedResources(t *testing.T) {
	r := compute(t, readPlan(t, "real/infracost_plan_with_target.json"), nil, Options{})
	if d := resource(t, r, "aws_instance.web_app_2"); d.Action != "no-op" || d.Diff.Sign() != 0 {
		t.Errorf("web_app_2: %s %s", d.Action, SignedUSD(d.Diff))
	}
	// t3.micro → t3.small: 730 h × (0.0208 − 0.0104) = 7.592.
	if got := num(r.Diff); got != "7.592" {
		t.Errorf("diff %s, want 7.592", got)
	}
}
