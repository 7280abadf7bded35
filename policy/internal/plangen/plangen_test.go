package plangen

import (
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
