package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/provider/internal/warehouse"
)

// providerData is what Configure hands to every resource. AWS configuration is resolved on first
// use, so `terraform validate` and plans of resources that need no AWS access work offline.
type providerData struct {
	aws         awsclient.Config
	defaultTags map[string]string
	warehouse   *warehouse.Lazy

	loadOnce sync.Once
	awsCfg   aws.Config
	s3       *s3.Client
	loadErr  error

	glueOnce sync.Once
	glue     *glue.Client
}

func newProviderData(cfg awsclient.Config, defaultTags map[string]string, wh *warehouse.Lazy) *providerData {
	return &providerData{aws: cfg, defaultTags: defaultTags, warehouse: wh}
}

func (d *providerData) load(ctx context.Context) error {
	d.loadOnce.Do(func() {
		d.awsCfg, d.loadErr = d.aws.Load(ctx)
		if d.loadErr == nil {
			d.s3 = d.aws.S3(d.awsCfg)
		}
	})
	return d.loadErr
}

// S3 returns the S3 client, resolving the AWS configuration on first use.
func (d *providerData) S3(ctx context.Context) (*s3.Client, error) {
	if err := d.load(ctx); err != nil {
		return nil, err
	}
	return d.s3, nil
}

// Region is the resolved region ("" before the configuration is loaded).
func (d *providerData) Region(ctx context.Context) string {
	if d.aws.Region != "" {
		return d.aws.Region
	}
	if err := d.load(ctx); err != nil {
		return ""
	}
	return d.awsCfg.Region
}

// S3Endpoint names the S3 endpoint in diagnostics.
func (d *providerData) S3Endpoint(ctx context.Context) string {
	return d.aws.S3EndpointName(d.Region(ctx))
}

// providerDataFrom converts the opaque value handed to Configure of a resource.
func providerDataFrom(v any, diags *diag.Diagnostics) *providerData {
	if v == nil {
		return nil // provider not configured yet (validate)
	}
	d, ok := v.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T; please report this issue", v))
		return nil
	}
	return d
}

// mergeTags returns default tags overlaid with the resource's own.
func (d *providerData) mergeTags(own map[string]string) map[string]string {
	out := make(map[string]string, len(d.defaultTags)+len(own))
	for k, v := range d.defaultTags {
		out[k] = v
	}
	for k, v := range own {
		out[k] = v
	}
	return out
}

// ownTags returns the live tags minus the default tags that carry their default value: what the
// resource's `tags` attribute should show.
func (d *providerData) ownTags(live, configured map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range live {
		if dv, ok := d.defaultTags[k]; ok && dv == v {
			if cv, own := configured[k]; !own || cv != v {
				continue
			}
		}
		out[k] = v
	}
	return out
}

func tagsValue(m map[string]string) types.Map {
	if len(m) == 0 {
		return types.MapValueMust(types.StringType, map[string]attr.Value{})
	}
	vals := make(map[string]attr.Value, len(m))
	for k, v := range m {
		vals[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, vals)
}

func anyUnknown(vals ...types.String) bool {
	for _, v := range vals {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}
