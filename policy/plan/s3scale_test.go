package plan

import (
	"bytes"
	"fmt"
	"testing"
)

// splitPlan is a plan of n buckets (count) whose names are known only after apply, each with an
// aws_s3_bucket_versioning whose bucket refers to it: correlation by reference and count key.
func splitPlan(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{"resources":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"address":"aws_s3_bucket.b[%d]","mode":"managed","type":"aws_s3_bucket","name":"b","index":%d,"values":{"force_destroy":false},"sensitive_values":{}},`, i, i)
		fmt.Fprintf(&b, `{"address":"aws_s3_bucket_versioning.v[%d]","mode":"managed","type":"aws_s3_bucket_versioning","name":"v","index":%d,"values":{"versioning_configuration":[{"status":"Enabled"}]},"sensitive_values":{}}`, i, i)
	}
	b.WriteString(`]}},"resource_changes":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"address":"aws_s3_bucket.b[%d]","mode":"managed","type":"aws_s3_bucket","name":"b","index":%d,"change":{"actions":["create"],"before":null,"after":{"force_destroy":false},"after_unknown":{"bucket":true,"id":true},"after_sensitive":{}}},`, i, i)
		fmt.Fprintf(&b, `{"address":"aws_s3_bucket_versioning.v[%d]","mode":"managed","type":"aws_s3_bucket_versioning","name":"v","index":%d,"change":{"actions":["create"],"before":null,"after":{"versioning_configuration":[{"status":"Enabled"}]},"after_unknown":{"bucket":true,"id":true},"after_sensitive":{}}}`, i, i)
	}
	b.WriteString(`],"configuration":{"root_module":{"resources":[
	 {"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","expressions":{"force_destroy":{"constant_value":false}},"count_expression":{"constant_value":` + fmt.Sprint(n) + `}},
	 {"address":"aws_s3_bucket_versioning.v","mode":"managed","type":"aws_s3_bucket_versioning","name":"v","expressions":{"bucket":{"references":["aws_s3_bucket.b[count.index].id","aws_s3_bucket.b[count.index]","aws_s3_bucket.b","count.index"]}},"count_expression":{"constant_value":` + fmt.Sprint(n) + `}}]}}}`)
	return b.Bytes()
}

// TestSplitS3CorrelationByCountKey: with many buckets of one configuration address, each split
// resource finds the bucket of its own count key.
func TestSplitS3CorrelationByCountKey(t *testing.T) {
	p, err := Parse("split.json", splitPlan(300))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		v := p.Resource(fmt.Sprintf("aws_s3_bucket_versioning.v[%d]", i))
		if want := fmt.Sprintf("aws_s3_bucket.b[%d]", i); v == nil || v.Bucket != want {
			t.Fatalf("versioning %d: bucket %v, want %s", i, v, want)
		}
	}
}

// BenchmarkSplitS3 reads plans of 20,000 and 40,000 buckets whose names are unknown, each with
// its versioning resource correlated by reference: the time must grow with the plan, not with
// its square.
func BenchmarkSplitS3(b *testing.B) {
	for _, n := range []int{20000, 40000} {
		data := splitPlan(n)
		b.Run(fmt.Sprintf("pairs=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Parse("split.json", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
