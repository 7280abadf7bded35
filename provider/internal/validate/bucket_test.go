package validate

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestBucketNameProblem(t *testing.T) {
	valid := []string{"nexabrands-raw", "abc", "a.b-c", "data-lake-2024", strings.Repeat("a", 63)}
	invalid := map[string]string{
		"ab":                    "3 to 63",
		strings.Repeat("a", 64): "3 to 63",
		"Nexabrands-raw":        "begin and end",
		"-lake":                 "begin and end",
		"lake-":                 "begin and end",
		"lake..raw":             "adjacent periods",
		"192.168.5.4":           "IP address",
		"lake_raw":              "only lowercase",
		"lake raw":              "only lowercase",
		"xn--lake":              "reserved prefix",
		"sthree-lake":           "reserved prefix",
		"lake-s3alias":          "reserved suffix",
		"lake--ol-s3":           "reserved suffix",
	}
	for _, n := range valid {
		if p := BucketNameProblem(n); p != "" {
			t.Errorf("%q rejected: %s", n, p)
		}
	}
	for n, want := range invalid {
		if p := BucketNameProblem(n); !strings.Contains(p, want) {
			t.Errorf("%q: problem %q, want one mentioning %q", n, p, want)
		}
	}
}

func run(v validator.String, s string) []string {
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("x"), ConfigValue: types.StringValue(s)}, resp)
	var out []string
	for _, d := range resp.Diagnostics.Errors() {
		out = append(out, d.Detail())
	}
	return out
}

func TestBucketNamePrefixChecksEveryDerivedName(t *testing.T) {
	if errs := run(BucketNamePrefix(), "nexabrands-dev"); len(errs) != 0 {
		t.Fatalf("valid prefix rejected: %v", errs)
	}
	long := strings.Repeat("a", 52) // 52 + len("-transformed") = 64
	errs := run(BucketNamePrefix(), long)
	if len(errs) != 1 || !strings.Contains(errs[0], long+"-transformed") {
		t.Fatalf("prefix giving a 64-character name: %v", errs)
	}
	if errs := run(BucketNamePrefix(), strings.Repeat("a", 51)); len(errs) != 0 {
		t.Fatalf("51-character prefix rejected: %v", errs)
	}
}

func TestPolicyDocumentValidator(t *testing.T) {
	if errs := run(PolicyDocument(), `{"Version":"2012-10-17","Statement":[]}`); len(errs) != 0 {
		t.Fatal(errs)
	}
	if errs := run(PolicyDocument(), `{"Statement":[{"Sid":"DenyInsecureTransport"}]}`); len(errs) != 1 {
		t.Fatalf("reserved Sid: %v", errs)
	}
	if errs := run(PolicyDocument(), `not json`); len(errs) != 1 {
		t.Fatalf("bad JSON: %v", errs)
	}
	if errs := run(BucketName(), "Bad_Name"); len(errs) != 1 {
		t.Fatalf("bad name: %v", errs)
	}
}
