package plan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

type tfjsonPlan = tfjson.Plan

const fixtures = "testdata/plans"

func fixture(t testing.TB, name string) *Plan {
	t.Helper()
	p, err := ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func readBytes(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseRejectsWhatIsNotAPlan(t *testing.T) {
	goof := readBytes(t, "snyk-labs__terraform-goof__tf-plan.json")
	cases := []struct {
		name    string
		data    []byte
		kind    ErrorKind
		mention string // the error must say this
	}{
		{"empty", nil, Empty, "empty"},
		{"white space", []byte(" \n\t "), Empty, "empty"},
		{"empty object", []byte(`{}`), NotAPlan, "format_version"},
		{"null", []byte(`null`), NotAPlan, "format_version"},
		{"array", []byte(`[]`), Malformed, "array"},
		{"not JSON", []byte("Terraform will perform the following actions:\n"), Malformed, "invalid JSON"},
		{"truncated", goof[:len(goof)/2], Truncated, "cut short"},
		{"truncated one byte", goof[:len(goof)-2], Truncated, "cut short"},
		{"state, not plan", []byte(`{"format_version":"1.0","terraform_version":"1.9.0","values":{"root_module":{}}}`), NotAPlan, "state"},
		{"format 2.0", []byte(`{"format_version":"2.0","planned_values":{}}`), UnsupportedFormat, "2.0"},
		{"format garbage", []byte(`{"format_version":"one","planned_values":{}}`), UnsupportedFormat, "one"},
		{"wrong type", []byte(`{"format_version":"1.2","resource_changes":{"a":1}}`), Malformed, "resource_changes"},
		{"odd UTF-16", []byte{0xFF, 0xFE, '{'}, Malformed, "UTF-16"},
		{"trailing data", append(append([]byte{}, goof...), []byte("\nError: something")...), Malformed, "after the plan"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse("plan.json", c.data)
			if err == nil {
				t.Fatalf("parsed %d resources; want an error", len(p.Resources))
			}
			if got := KindOf(err); got != c.kind {
				t.Errorf("kind %v, want %v (%v)", got, c.kind, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, "plan.json") || !strings.Contains(msg, c.mention) {
				t.Errorf("error %q should name the file and mention %q", msg, c.mention)
			}
		})
	}
}

func TestSyntaxErrorsNameLineAndColumn(t *testing.T) {
	_, err := Parse("p.json", []byte("{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {,}\n}"))
	var pe *Error
	if !errorsAs(err, &pe) {
		t.Fatalf("want *Error, got %v", err)
	}
	if pe.Line != 3 || pe.Column == 0 || !strings.Contains(err.Error(), "p.json:3:") {
		t.Errorf("got %q (line %d col %d), want line 3", err, pe.Line, pe.Column)
	}
}

func errorsAs(err error, target **Error) bool {
	e, ok := err.(*Error)
	if ok {
		*target = e
	}
	return ok
}

func TestReadFileMissing(t *testing.T) {
	_, err := ReadFile(filepath.Join(t.TempDir(), "nope.json"))
	if KindOf(err) != Unreadable {
		t.Fatalf("got %v, want an Unreadable error", err)
	}
}

// TestReadsEveryFixture reads every plan in testdata and checks what each one holds against
// what its SOURCES.tsv line says.
func TestReadsEveryFixture(t *testing.T) {
	rows := sources(t)
	if len(rows) < 10 {
		t.Fatalf("SOURCES.tsv lists %d plans", len(rows))
	}
	for name, row := range rows {
		t.Run(name, func(t *testing.T) {
			p := fixture(t, name)
			if p.FormatVersion != row["format_version"] {
				t.Errorf("format_version %q, SOURCES.tsv says %q", p.FormatVersion, row["format_version"])
			}
			for _, r := range p.Resources {
				if r.Address == "" || r.Type == "" || r.ConfigAddress == "" {
					t.Errorf("incomplete resource %+v", r)
				}
				if r.Mode == "managed" && p.Resource(r.Address) != r {
					t.Errorf("%s not indexed by address", r.Address)
				}
			}
		})
	}
}

func sources(t *testing.T) map[string]map[string]string {
	t.Helper()
	b := readBytes(t, "SOURCES.tsv")
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	head := strings.Split(lines[0], "\t")
	out := map[string]map[string]string{}
	for _, l := range lines[1:] {
		cols := strings.Split(l, "\t")
		row := map[string]string{}
		for i, h := range head {
			if i < len(cols) {
				row[h] = cols[i]
			}
		}
		out[row["saved_file"]] = row
	}
	return out
}

func TestUTF16PlanReadsLikeUTF8(t *testing.T) {
	const name = "bridgecrewio__checkov__tests__terraform__parser__resources__plan_encodings__tfplan_win_utf16.json"
	raw := readBytes(t, name)
	if raw[0] != 0xFF || raw[1] != 0xFE {
		t.Fatalf("fixture is not UTF-16LE with a byte-order mark")
	}
	p := fixture(t, name)
	if len(p.OfType("aws_s3_bucket")) != 1 {
		t.Fatalf("want one aws_s3_bucket, got types %v", p.Types())
	}
}

func TestModulesKeysAndConfigAddresses(t *testing.T) {
	p := fixture(t, "supplychain_pipeline.json")
	r := p.Resource(`module.lake.aws_s3_bucket.zone["raw"]`)
	if r == nil {
		t.Fatalf("bucket with for_each key missing; have %v", addresses(p))
	}
	if r.Module != "module.lake" || r.ConfigAddress != "module.lake.aws_s3_bucket.zone" || r.Index != "raw" {
		t.Errorf("module %q config %q index %v", r.Module, r.ConfigAddress, r.Index)
	}
	if !reflect.DeepEqual(r.Configured, []string{"bucket", "tags"}) {
		t.Errorf("configured %v", r.Configured)
	}
	if !r.Changed() || r.Actions[0] != "create" {
		t.Errorf("actions %v", r.Actions)
	}
	old := p.Resource("aws_s3_bucket.old_landing")
	if old == nil || !old.Deleted || old.Actions[0] != "delete" {
		t.Errorf("deleted bucket: %+v", old)
	}
	if got := p.Regions; !reflect.DeepEqual(got, []string{"eu-west-1"}) {
		t.Errorf("regions %v (the provider takes var.region)", got)
	}
	// Nested modules three levels deep, with count keys.
	n := fixture(t, "bridgecrewio__checkov__tests__terraform__runner__resources__plan_nested_child_modules_with_connections__tfplan.json")
	sub := n.Resource("module.s3_module.module.s3_submodule.aws_s3_bucket.submodule_bucket")
	if sub == nil || sub.Module != "module.s3_module.module.s3_submodule" {
		t.Fatalf("nested module resource: %+v", sub)
	}
	if c := n.Resource("module.s3_bucket.aws_s3_bucket.this[0]"); c == nil || c.Index != float64(0) {
		t.Fatalf("count instance: %+v", c)
	}
}

func addresses(p *Plan) []string {
	var out []string
	for _, r := range p.Resources {
		out = append(out, r.Address)
	}
	return out
}

func TestUnknownValuesAreCarried(t *testing.T) {
	p := fixture(t, "supplychain_pipeline.json")
	dw := p.Resource("aws_redshift_cluster.dw")
	if dw.Unknown["enhanced_vpc_routing"] != true {
		t.Errorf("after_unknown not carried: %v", dw.Unknown)
	}
	if _, present := dw.Values["enhanced_vpc_routing"]; present {
		t.Errorf("an unknown value must not appear among the known values")
	}
}

// TestSplitS3Correlation: by bucket name where the split resource's bucket is known, by the
// configuration's reference (and the same for_each/count key) where it is unknown.
func TestSplitS3Correlation(t *testing.T) {
	p := fixture(t, "supplychain_pipeline.json")
	for _, zone := range []string{"raw", "transformed"} {
		b := p.Resource(`module.lake.aws_s3_bucket.zone["` + zone + `"]`)
		for _, typ := range []string{"aws_s3_bucket_versioning", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_public_access_block"} {
			want := []string{`module.lake.` + typ + `.zone["` + zone + `"]`}
			if got := b.Related[typ]; !reflect.DeepEqual(got, want) {
				t.Errorf("%s %s: related %v, want %v", zone, typ, got, want)
			}
			if s := p.Resource(want[0]); s.Bucket != b.Address {
				t.Errorf("%s.Bucket = %q, want %q", s.Address, s.Bucket, b.Address)
			}
		}
	}
	// In checkov's nested-modules plan every public access block's bucket is unknown: each
	// must find its own bucket through the reference, three of them sharing the name "testing".
	n := fixture(t, "bridgecrewio__checkov__tests__terraform__runner__resources__plan_nested_child_modules_with_connections__tfplan.json")
	want := map[string]string{
		"aws_s3_bucket.root_bucket":                                           "aws_s3_bucket_public_access_block.root",
		"module.s3_bucket.aws_s3_bucket.this[0]":                              "module.s3_bucket.aws_s3_bucket_public_access_block.this[0]",
		"module.s3_module.aws_s3_bucket.module_bucket":                        "module.s3_module.aws_s3_bucket_public_access_block.module_bucket",
		"module.s3_module.module.s3_submodule.aws_s3_bucket.submodule_bucket": "module.s3_module.module.s3_submodule.aws_s3_bucket_public_access_block.submodule_bucket",
	}
	for bucket, pab := range want {
		b := n.Resource(bucket)
		if b == nil {
			t.Fatalf("missing %s", bucket)
		}
		if got := b.Related["aws_s3_bucket_public_access_block"]; !reflect.DeepEqual(got, []string{pab}) {
			t.Errorf("%s: public access block %v, want %s", bucket, got, pab)
		}
	}
	if got := n.Resource("module.s3_bucket.aws_s3_bucket.this[0]").Related["aws_s3_bucket_acl"]; len(got) != 1 {
		t.Errorf("acl not correlated: %v", got)
	}
}

const (
	secret = "SuperSecret-Pa55word!"
	token  = "tok-PLAINTEXT-123"
)

func TestSensitiveValuesAreRedacted(t *testing.T) {
	p := fixture(t, "supplychain_pipeline.json")
	if got := p.Resource("aws_redshift_cluster.dw").Values["master_password"]; got != Redacted {
		t.Errorf("master_password = %v, want %q", got, Redacted)
	}
	doc, err := json.Marshal(p.Document())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{secret, token} {
		if strings.Contains(string(doc), s) {
			t.Errorf("the plan document still holds %q", s)
		}
	}
	if !strings.Contains(string(doc), Redacted) {
		t.Errorf("the document shows no redaction mark at all")
	}
	// The raw input does hold them: the test would catch a leak.
	raw := readBytes(t, "supplychain_pipeline.json")
	if !strings.Contains(string(raw), secret) || !strings.Contains(string(raw), token) {
		t.Fatal("fixture lost its secrets; this test proves nothing")
	}
}

func TestDocumentKeepsPlanShape(t *testing.T) {
	p := fixture(t, "snyk-labs__terraform-goof__tf-plan.json")
	doc := p.Document()
	rcs, _ := doc["resource_changes"].([]any)
	if len(rcs) != 22 {
		t.Fatalf("resource_changes: %d, want 22 as in SOURCES.tsv", len(rcs))
	}
	first, _ := rcs[0].(map[string]any)
	change, _ := first["change"].(map[string]any)
	if _, ok := change["actions"].([]any); !ok {
		t.Errorf("change.actions missing: %v", first)
	}
	if _, ok := doc["configuration"].(map[string]any); !ok {
		t.Errorf("configuration missing")
	}
}

func TestStripKeysAndModuleOf(t *testing.T) {
	cases := map[string]string{
		`aws_s3_bucket.b`:                         `aws_s3_bucket.b`,
		`aws_s3_bucket.b[0]`:                      `aws_s3_bucket.b`,
		`module.a["x.y]"].aws_s3_bucket.b["k"]`:   `module.a.aws_s3_bucket.b`,
		`module.a[1].module.b["q\"]"].data.x.y`:   `module.a.module.b.data.x.y`,
		`module.lake.aws_s3_bucket.zone["raw"]`:   `module.lake.aws_s3_bucket.zone`,
		`module.m.aws_s3_bucket.aws_s3_bucket[2]`: `module.m.aws_s3_bucket.aws_s3_bucket`,
	}
	for in, want := range cases {
		if got := StripKeys(in); got != want {
			t.Errorf("StripKeys(%s) = %s, want %s", in, got, want)
		}
	}
	if got := moduleOf(`module.a["k"].module.b.aws_s3_bucket.x[0]`, "managed", "aws_s3_bucket", "x"); got != `module.a["k"].module.b` {
		t.Errorf("moduleOf = %q", got)
	}
	if got := moduleOf(`module.a.data.aws_iam_policy_document.d`, "data", "aws_iam_policy_document", "d"); got != `module.a` {
		t.Errorf("moduleOf data = %q", got)
	}
}

func TestLocate(t *testing.T) {
	p := fixture(t, "supplychain_pipeline.json")
	locs, errs := p.Locate("testdata/src")
	if len(errs) > 0 {
		t.Errorf("locate: %v", errs)
	}
	if l := locs["aws_redshift_cluster.dw"]; l.File != "main.tf" || l.Line != 23 {
		t.Errorf("redshift at %+v, want main.tf:23", l)
	}
	if l := locs["module.lake.aws_s3_bucket_versioning.zone"]; l.File != "modules/lake/main.tf" || l.Line != 8 {
		t.Errorf("module resource at %+v, want modules/lake/main.tf:8", l)
	}
}

// TestFastDecoderAgrees: the fast decoder fills terraform-json's Plan exactly as
// terraform-json's own decoder does, on every fixture.
func TestFastDecoderAgrees(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data, err = toUTF8(data)
		if err != nil {
			t.Fatal(err)
		}
		fast, err := decode(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var slow tfjsonPlan
		if err := slow.UnmarshalJSON(data); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		a, _ := json.Marshal(fast)
		b, _ := json.Marshal(&slow)
		if string(a) != string(b) {
			t.Errorf("%s: the two decoders disagree", filepath.Base(f))
		}
	}
}
