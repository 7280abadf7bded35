package validate

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// s3Location accepts an s3://bucket/key URI, or (bucketOK) a plain bucket name.
type s3Location struct {
	bucketOK  bool
	keyNeeded bool
}

// BucketOrS3URI accepts a bucket name (`nexabrands-raw`) or an s3:// URI with an optional key
// prefix (`s3://nexabrands-raw/orders/`).
func BucketOrS3URI() validator.String { return s3Location{bucketOK: true} }

// S3ObjectURI accepts an s3://bucket/key URI naming one object.
func S3ObjectURI() validator.String { return s3Location{keyNeeded: true} }

func (v s3Location) Description(context.Context) string {
	if v.bucketOK {
		return "must be a bucket name or an s3://bucket/prefix URI"
	}
	return "must be an s3://bucket/key URI"
}

func (v s3Location) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v s3Location) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	rest, isURI := strings.CutPrefix(s, "s3://")
	if !isURI && !v.bucketOK {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid S3 location", fmt.Sprintf("%q %s.", s, v.Description(ctx)))
		return
	}
	bucket, key, _ := strings.Cut(rest, "/")
	if p := BucketNameProblem(bucket); p != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid S3 location", fmt.Sprintf("%q: bucket name %q %s.", s, bucket, p))
		return
	}
	if v.keyNeeded && (key == "" || strings.HasSuffix(key, "/")) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid S3 location", fmt.Sprintf("%q names no object: %s.", s, v.Description(ctx)))
	}
}
