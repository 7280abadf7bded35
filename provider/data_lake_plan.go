package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/provider/internal/fwtypes"
	"github.com/nexabrands/supplychain/provider/internal/lake"
)

// What supplychain_data_lake decides before any S3 call: configuration checks (ValidateConfig)
// and the values known at plan time (ModifyPlan). The schema is in data_lake_schema.go, the
// model and its conversions in data_lake_model.go, the calls to S3 in resource_data_lake.go.

// ValidateConfig checks that every bucket gets a name, and that a KMS key goes with KMS.
func (r *dataLakeResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m dataLakeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.NamePrefix.IsUnknown() {
		return
	}
	if m.NamePrefix.IsNull() {
		for _, role := range lake.Roles {
			obj := m.bucketObject(role)
			if obj.IsUnknown() {
				continue
			}
			b, d := bucketFrom(ctx, obj)
			resp.Diagnostics.Append(d...)
			if b == nil || b.Bucket.IsNull() {
				resp.Diagnostics.AddAttributeError(path.Root(string(role)).AtName("bucket"), "Missing bucket name",
					fmt.Sprintf("Set name_prefix, or set %s.bucket (and the other two bucket names).", role))
			}
		}
	}
	names := map[string]lake.Role{}
	for _, role := range lake.Roles {
		if n := r.configuredName(ctx, m, role); n != "" {
			if other, dup := names[n]; dup {
				resp.Diagnostics.AddAttributeError(path.Root(string(role)).AtName("bucket"), "Duplicate bucket name",
					fmt.Sprintf("The %s and %s buckets would both be named %q.", other, role, n))
			}
			names[n] = role
		}
	}
	if !m.Encryption.IsNull() && !m.Encryption.IsUnknown() {
		var e encryptionModel
		resp.Diagnostics.Append(m.Encryption.As(ctx, &e, basetypes.ObjectAsOptions{})...)
		alg := e.SSEAlgorithm.ValueString()
		if !e.KMSKeyARN.IsNull() && !e.KMSKeyARN.IsUnknown() && !strings.HasPrefix(alg, "aws:kms") && !e.SSEAlgorithm.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root("encryption").AtName("kms_key_arn"), "KMS key without KMS encryption",
				fmt.Sprintf("kms_key_arn is only used with sse_algorithm aws:kms or aws:kms:dsse (it is %q).", alg))
		}
	}
}

// configuredName is the bucket name a role gets from the configuration ("" when not yet known).
func (r *dataLakeResource) configuredName(ctx context.Context, m dataLakeModel, role lake.Role) string {
	if b, _ := bucketFrom(ctx, m.bucketObject(role)); b != nil && !b.Bucket.IsNull() {
		if b.Bucket.IsUnknown() {
			return ""
		}
		return b.Bucket.ValueString()
	}
	if m.NamePrefix.IsNull() || m.NamePrefix.IsUnknown() {
		return ""
	}
	return m.NamePrefix.ValueString() + "-" + string(role)
}

func (r *dataLakeResource) partition(ctx context.Context) string {
	if r.data == nil {
		return "aws"
	}
	return awsclient.Partition(r.data.Region(ctx))
}

// ModifyPlan works out at plan time what is known from the configuration alone: bucket names,
// ARNs, the id, name_prefix and the merged tags, so other resources can use them in the same
// plan. A changed bucket name replaces the lake. Each bucket's `applied` settings are planned as
// what the lake asks of it, so any bucket that differs shows as an in-place update; a new lake
// plans them as known after apply.
func (r *dataLakeResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var config, plan dataLakeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *dataLakeModel
	if !req.State.Raw.IsNull() {
		state = &dataLakeModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	resp.RequiresReplace = append(resp.RequiresReplace, r.planValues(ctx, config, &plan, state, &resp.Diagnostics)...)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planValues fills what the configuration determines: bucket names, ARNs and policies, id,
// name_prefix, tags_all, and (for an existing lake) each bucket's planned `applied` settings.
// Create and Update call it again with the configuration of the apply, where every value is
// known. It returns the paths that require a replacement.
func (r *dataLakeResource) planValues(ctx context.Context, config dataLakeModel, plan *dataLakeModel, state *dataLakeModel, diags *diag.Diagnostics) []path.Path {
	var replace []path.Path
	partition := r.partition(ctx)
	allKnown := true
	names := map[lake.Role]string{}
	for _, role := range lake.Roles {
		name := r.configuredName(ctx, config, role)
		cfgBucket, _ := bucketFrom(ctx, config.bucketObject(role))
		policy := fwtypes.PolicyNull()
		policyUnknown := false
		if cfgBucket != nil {
			policy = cfgBucket.Policy
			policyUnknown = cfgBucket.Policy.IsUnknown()
		} else if config.bucketObject(role).IsUnknown() {
			policyUnknown = true
		}
		if name == "" || policyUnknown {
			allKnown = false
			if name != "" {
				plan.setBucketObject(role, types.ObjectUnknown(bucketAttrTypes))
			}
			continue
		}
		names[role] = name
		b := bucketModel{Bucket: types.StringValue(name), ARN: types.StringValue(fmt.Sprintf("arn:%s:s3:::%s", partition, name)),
			Policy: policy, Applied: types.ObjectUnknown(appliedAttrTypes)}
		if state != nil {
			if sb, _ := bucketFrom(ctx, state.bucketObject(role)); sb != nil {
				if sb.Bucket.ValueString() != name {
					replace = append(replace, path.Root(string(role)).AtName("bucket"))
				}
				// Keep the prior text of an equivalent policy so no diff shows.
				if ok, _ := sb.Policy.StringSemanticEquals(ctx, policy); ok && !sb.Policy.IsNull() {
					b.Policy = sb.Policy
				}
			}
		}
		plan.setBucketObject(role, bucketObject(b))
	}
	switch {
	case allKnown:
		plan.ID = types.StringValue(lakeIDFor(names))
		if config.NamePrefix.IsNull() {
			plan.NamePrefix = types.StringNull()
			if p, ok := sharedPrefix(names); ok {
				plan.NamePrefix = types.StringValue(p)
			}
		}
	case state != nil:
		plan.ID = state.ID
	}
	if plan.Tags.IsUnknown() {
		plan.TagsAll = types.MapUnknown(types.StringType)
	} else if r.data != nil {
		own := map[string]string{}
		diags.Append(plan.Tags.ElementsAs(ctx, &own, false)...)
		plan.TagsAll = tagsValue(r.data.mergeTags(own))
	}
	if state == nil || !plan.settingsKnown() {
		return replace
	}
	want := desiredFrom(ctx, *plan, diags)
	for _, role := range lake.Roles {
		b, _ := bucketFrom(ctx, plan.bucketObject(role))
		if b == nil {
			continue
		}
		b.Applied = appliedValue(want.settings[role])
		plan.setBucketObject(role, bucketObject(*b))
	}
	return replace
}

// sharedPrefix returns p when the names are exactly p-raw, p-code and p-transformed.
func sharedPrefix(names map[lake.Role]string) (string, bool) {
	p, ok := strings.CutSuffix(names[lake.Raw], "-"+string(lake.Raw))
	if !ok || p == "" {
		return "", false
	}
	for _, role := range lake.Roles {
		if names[role] != p+"-"+string(role) {
			return "", false
		}
	}
	return p, true
}

// lakeIDFor is the lake's id: the prefix the names share, or the three names joined by commas.
func lakeIDFor(names map[lake.Role]string) string {
	if p, ok := sharedPrefix(names); ok {
		return p
	}
	out := make([]string, 0, 3)
	for _, role := range lake.Roles {
		out = append(out, names[role])
	}
	return strings.Join(out, ",")
}

var kmsKeyPattern = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/.+$`)
