package plangen

import (
	"fmt"
	"testing"

	"github.com/nexabrands/supplychain/policy/plan"
)

func TestGenerateReadsBack(t *testing.T) {
	for _, n := range []int{1, 100, 1000} {
		p, err := plan.Parse("gen.json", Generate(n))
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Resources) != n {
			t.Errorf("n=%d: %d resources", n, len(p.Resources))
		}
	}
	// Split resources find their bucket.
	p, _ := plan.Parse("gen.json", Generate(100))
	for _, b := range p.OfType("aws_s3_bucket") {
		if len(b.Related["aws_s3_bucket_versioning"]) != 1 {
			t.Fatalf("%s: related %v", b.Address, b.Related)
		}
	}
}

// TestRepeatKeepsEachCopyApart checks that copies of a real-shaped plan are read as separate
// instances and that a split S3 resource is tied to its own copy's bucket (names made unique).
func TestRepeatKeepsEachCopyApart(t *testing.T) {
	src := []byte(`{"format_version":"1.2","terraform_version":"1.9.8",
	"planned_values":{"root_module":{"resources":[
	 {"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","provider_name":"registry.terraform.io/hashicorp/aws","values":{"bucket":"nexabrand-raw"},"sensitive_values":{}},
	 {"address":"aws_s3_bucket_versioning.v","mode":"managed","type":"aws_s3_bucket_versioning","name":"v","provider_name":"registry.terraform.io/hashicorp/aws","values":{"bucket":"nexabrand-raw","versioning_configuration":[{"status":"Enabled"}]},"sensitive_values":{}}]}},
	"resource_changes":[
	 {"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"before":null,"after":{"bucket":"nexabrand-raw"},"after_unknown":{},"before_sensitive":false,"after_sensitive":{}}},
	 {"address":"aws_s3_bucket_versioning.v","mode":"managed","type":"aws_s3_bucket_versioning","name":"v","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"before":null,"after":{"bucket":"nexabrand-raw","versioning_configuration":[{"status":"Enabled"}]},"after_unknown":{},"before_sensitive":false,"after_sensitive":{}}}],
	"configuration":{"root_module":{"resources":[{"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b"},{"address":"aws_s3_bucket_versioning.v","mode":"managed","type":"aws_s3_bucket_versioning","name":"v"}]}}}`)
	data, n, err := Repeat([][]byte{src}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if n != 6 {
		t.Fatalf("Repeat(5) of a 2-change plan made %d changes, want 6 (whole copies)", n)
	}
	p, err := plan.Parse("repeated.json", data)
	if err != nil {
		t.Fatal(err)
	}
	for k := range 3 {
		prefix := fmt.Sprintf(`module.s0["c%d"].`, k)
		v := p.Resource(prefix + "aws_s3_bucket_versioning.v")
		b := p.Resource(prefix + "aws_s3_bucket.b")
		if v == nil || b == nil {
			t.Fatalf("copy %d missing: %v %v", k, v, b)
		}
		if v.Bucket != b.Address {
			t.Errorf("copy %d: versioning tied to %q, want %q", k, v.Bucket, b.Address)
		}
		if want := fmt.Sprintf("nexabrand-raw-c0-%d", k); b.Values["bucket"] != want {
			t.Errorf("copy %d: bucket %v, want %s", k, b.Values["bucket"], want)
		}
	}
}
