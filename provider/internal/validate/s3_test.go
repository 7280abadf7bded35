package validate

import "testing"

func TestS3LocationValidators(t *testing.T) {
	for _, c := range []struct {
		in          string
		bucketOrURI bool // accepted by BucketOrS3URI
		object      bool // accepted by S3ObjectURI
	}{
		{"nexabrands-raw", true, false},
		{"s3://nexabrands-raw/", true, false},
		{"s3://nexabrands-raw/orders/", true, false},
		{"s3://nexabrands-code/etl/orders.py", true, true},
		{"Not_A_Bucket", false, false},
		{"s3://Bad_Bucket/x.py", false, false},
		{"https://nexabrands-code/x.py", false, false},
	} {
		if got := len(run(BucketOrS3URI(), c.in)) == 0; got != c.bucketOrURI {
			t.Errorf("BucketOrS3URI(%q) accepted=%v, want %v", c.in, got, c.bucketOrURI)
		}
		if got := len(run(S3ObjectURI(), c.in)) == 0; got != c.object {
			t.Errorf("S3ObjectURI(%q) accepted=%v, want %v", c.in, got, c.object)
		}
	}
}
