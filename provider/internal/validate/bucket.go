package validate

import (
	"context"
	"fmt"
	"net"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/nexabrands/supplychain/internal/iampolicy"
)

// BucketNameProblem explains why name breaks the S3 general purpose bucket naming rules, or
// returns "" when it is valid.
func BucketNameProblem(name string) string {
	switch {
	case len(name) < 3 || len(name) > 63:
		return fmt.Sprintf("must be 3 to 63 characters long (it has %d)", len(name))
	case !alnum(name[0]) || !alnum(name[len(name)-1]):
		return "must begin and end with a lowercase letter or a digit"
	case strings.Contains(name, ".."):
		return "must not contain two adjacent periods"
	case net.ParseIP(name) != nil:
		return "must not be formatted as an IP address"
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !alnum(c) && c != '-' && c != '.' {
			return fmt.Sprintf("may contain only lowercase letters, digits, hyphens and periods (found %q at position %d)", c, i+1)
		}
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(name, p) {
			return fmt.Sprintf("must not start with the reserved prefix %q", p)
		}
	}
	for _, s := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
		if strings.HasSuffix(name, s) {
			return fmt.Sprintf("must not end with the reserved suffix %q", s)
		}
	}
	return ""
}

func alnum(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') }

// LongestRoleSuffix is the longest suffix a name prefix gets ("-transformed").
const LongestRoleSuffix = "-transformed"

type bucketName struct{ prefix bool }

// BucketName validates an S3 bucket name.
func BucketName() validator.String { return bucketName{} }

// BucketNamePrefix validates a prefix from which `<prefix>-raw`, `-code` and `-transformed` are
// made: every derived name must be a valid bucket name.
func BucketNamePrefix() validator.String { return bucketName{prefix: true} }

func (v bucketName) Description(context.Context) string {
	if v.prefix {
		return "must make valid S3 bucket names with -raw, -code and -transformed appended"
	}
	return "must be a valid S3 bucket name: 3-63 lowercase letters, digits, hyphens and periods"
}

func (v bucketName) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v bucketName) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	name := req.ConfigValue.ValueString()
	if v.prefix {
		for _, suffix := range []string{"-raw", "-code", LongestRoleSuffix} {
			if p := BucketNameProblem(name + suffix); p != "" {
				resp.Diagnostics.AddAttributeError(req.Path, "Invalid bucket name prefix",
					fmt.Sprintf("name_prefix %q gives the bucket name %q, which %s.", name, name+suffix, p))
				return
			}
		}
		return
	}
	if p := BucketNameProblem(name); p != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid bucket name",
			fmt.Sprintf("%q is not a valid S3 bucket name: it %s.", name, p))
	}
}

type policyJSON struct{}

// PolicyDocument validates an IAM policy document given as JSON.
func PolicyDocument() validator.String { return policyJSON{} }

func (policyJSON) Description(context.Context) string               { return "must be a JSON IAM policy document" }
func (v policyJSON) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (policyJSON) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := iampolicy.Parse(req.ConfigValue.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid policy document", err.Error())
		return
	}
	for _, st := range d.Statement {
		if st["Sid"] == iampolicy.TLSOnlySid {
			resp.Diagnostics.AddAttributeError(req.Path, "Reserved statement id",
				fmt.Sprintf("Sid %q is reserved for the statement that tls_only adds; rename the statement.", iampolicy.TLSOnlySid))
		}
	}
}
