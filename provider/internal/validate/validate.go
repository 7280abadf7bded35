// Package validate holds the provider's own attribute validators: each returns early on null or
// unknown values and reports with AddAttributeError, so bad input fails at `terraform validate`.
package validate

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// RoleARNPattern matches an IAM role ARN.
var RoleARNPattern = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:role/.+$`)

type urlValidator struct{}

// URL accepts an absolute http or https URL with a host.
func URL() validator.String { return urlValidator{} }

func (urlValidator) Description(context.Context) string               { return "must be an http(s) URL with a host" }
func (v urlValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (urlValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid endpoint URL",
			fmt.Sprintf("%q is not an http(s) URL with a host, such as http://127.0.0.1:4566.", s))
	}
}

type durationValidator struct{ min, max time.Duration }

// Duration accepts a Go duration string between min and max.
func Duration(shortest, longest time.Duration) validator.String {
	return durationValidator{min: shortest, max: longest}
}

func (v durationValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a duration between %s and %s", v.min, v.max)
}
func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil || d < v.min || d > v.max {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q: %s (e.g. \"1h\").", req.ConfigValue.ValueString(), v.Description(context.Background())))
	}
}
