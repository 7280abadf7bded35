package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/nexabrands/supplychain/provider/internal/fwtypes"
	"github.com/nexabrands/supplychain/provider/internal/lake"
	"github.com/nexabrands/supplychain/provider/internal/validate"
)

// The schema of supplychain_data_lake, version 1, and version 0 for UpgradeState.

// Secure defaults.
const (
	defaultGlacierDays    = 90
	defaultNoncurrentDays = 30
	defaultMultipartDays  = 7
)

func bucketAttribute(role lake.Role, version int64) schema.SingleNestedAttribute {
	a := schema.SingleNestedAttribute{
		Optional: true,
		Computed: true,
		Description: fmt.Sprintf("The %s bucket. `bucket` defaults to `<name_prefix>-%s`; changing it replaces the lake.",
			role, role),
		Attributes: map[string]schema.Attribute{
			"bucket": schema.StringAttribute{
				Optional:    true,
				Computed:    true,
				Description: "Bucket name.",
				Validators:  []validator.String{validate.BucketName()},
			},
			"arn": schema.StringAttribute{Computed: true, Description: "Bucket ARN."},
			"policy": schema.StringAttribute{
				Optional:   true,
				CustomType: fwtypes.PolicyType{},
				Description: "A bucket policy document (JSON) merged with the TLS-only statement. Compared by meaning, " +
					"not by text: S3's reformatting never shows as a diff.",
				Validators: []validator.String{validate.PolicyDocument()},
			},
		},
	}
	if version >= 1 {
		a.Attributes["applied"] = appliedAttribute()
	}
	return a
}

// appliedAttribute is what one bucket has: read from S3 on every refresh, written by create and
// update with what was really applied.
func appliedAttribute() schema.SingleNestedAttribute {
	computedBool := func(d string) schema.BoolAttribute { return schema.BoolAttribute{Computed: true, Description: d} }
	computedDays := func(d string) schema.Int64Attribute { return schema.Int64Attribute{Computed: true, Description: d} }
	return schema.SingleNestedAttribute{
		Computed: true,
		Description: "The settings this bucket has, read from S3 on every refresh and written by each apply with what " +
			"was really applied (also when an apply stops half-way). A plan compares them with the lake's settings " +
			"bucket by bucket, so drift or an unfinished apply on one bucket shows as an in-place update. " +
			"Null while the bucket does not exist.",
		Attributes: map[string]schema.Attribute{
			"versioning": computedBool("Versioning enabled."),
			"encryption": schema.SingleNestedAttribute{Computed: true, Description: "Default encryption.",
				Attributes: map[string]schema.Attribute{
					"sse_algorithm":      schema.StringAttribute{Computed: true, Description: "`AES256`, `aws:kms`, `aws:kms:dsse` or `none`."},
					"kms_key_arn":        schema.StringAttribute{Computed: true, Description: "KMS key."},
					"bucket_key_enabled": computedBool("S3 Bucket Key."),
				}},
			"public_access_block": schema.SingleNestedAttribute{Computed: true, Description: "Block Public Access.",
				Attributes: map[string]schema.Attribute{
					"block_public_acls":       computedBool("Block public ACLs."),
					"block_public_policy":     computedBool("Block public policy."),
					"ignore_public_acls":      computedBool("Ignore public ACLs."),
					"restrict_public_buckets": computedBool("Restrict public buckets."),
				}},
			"object_ownership": schema.StringAttribute{Computed: true, Description: "Object ownership (null when unmanaged)."},
			"tls_only":         computedBool("The bucket policy holds the TLS-only statement."),
			"lifecycle_policy": schema.SingleNestedAttribute{Computed: true, Description: "The lake's lifecycle rules (0: absent).",
				Attributes: map[string]schema.Attribute{
					"raw_glacier_transition_days":            computedDays("GLACIER transition (the raw bucket's rule)."),
					"noncurrent_version_expiration_days":     computedDays("Noncurrent version expiration."),
					"abort_incomplete_multipart_upload_days": computedDays("Abort incomplete multipart uploads."),
				}},
			"tags": schema.MapAttribute{ElementType: types.StringType, Computed: true, Description: "The bucket's tags."},
		},
	}
}

func (r *dataLakeResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = dataLakeSchema(dataLakeSchemaVersion)
}

// dataLakeSchemaVersion 1 added each bucket's `applied` settings and made `name_prefix` computed
// (derived from the bucket names when they follow `<prefix>-raw`, `-code`, `-transformed`).
const dataLakeSchemaVersion = 1

func dataLakeSchema(version int64) schema.Schema {
	prefix := schema.StringAttribute{
		Optional: true,
		Description: "Prefix of the bucket names: `<prefix>-raw`, `<prefix>-code`, `<prefix>-transformed`. " +
			"Where it is not set and the three names follow that pattern, it is the prefix they share.",
		Validators: []validator.String{validate.BucketNamePrefix()},
	}
	if version >= 1 {
		prefix.Computed = true
	}
	return schema.Schema{
		Version: version,
		Description: "The data lake: three S3 buckets (raw, code, transformed) managed as one, secure by default: " +
			"versioning, default encryption, Block Public Access and a TLS-only policy are on unless turned off. " +
			"Create refuses buckets that already exist (import them instead) and secures each bucket before making the next. " +
			"A create that stops half-way once a bucket exists is reported as a warning, not an error, so that Terraform " +
			"does not taint the lake (a tainted lake is replaced, deleting its buckets): apply again, and the lake is " +
			"updated in place until every bucket has every setting.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "The name prefix, or the three bucket names joined by commas.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name_prefix": prefix,
			"raw":         bucketAttribute(lake.Raw, version),
			"code":        bucketAttribute(lake.Code, version),
			"transformed": bucketAttribute(lake.Transformed, version),
			"force_destroy": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description: "Allow destroy to delete every object version and delete marker first. " +
					"Without it, destroying a lake whose buckets hold objects is refused.",
			},
			"versioning": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				Description: "Keep object versions. Turning it off suspends versioning (S3 cannot unversion a bucket).",
			},
			"encryption": schema.SingleNestedAttribute{
				Optional: true, Computed: true,
				Default: objectdefault.StaticValue(types.ObjectValueMust(encryptionAttrTypes, map[string]attr.Value{
					"sse_algorithm": types.StringValue("AES256"), "kms_key_arn": types.StringNull(),
					"bucket_key_enabled": types.BoolValue(false),
				})),
				Description: "Default encryption of new objects.",
				Attributes: map[string]schema.Attribute{
					"sse_algorithm": schema.StringAttribute{
						Optional: true, Computed: true, Default: stringdefault.StaticString("AES256"),
						Description: "`AES256` (SSE-S3), `aws:kms`, `aws:kms:dsse`, or `none`. AWS encrypts every bucket " +
							"with SSE-S3 at least; where `none` is set and the server reports plain SSE-S3, no diff is shown.",
						Validators: []validator.String{stringvalidator.OneOf("AES256", "aws:kms", "aws:kms:dsse", "none")},
					},
					"kms_key_arn": schema.StringAttribute{
						Optional:    true,
						Description: "KMS key ARN for `aws:kms`/`aws:kms:dsse`; omitted means the AWS managed key.",
						Validators: []validator.String{stringvalidator.RegexMatches(kmsKeyPattern,
							"must be a KMS key or alias ARN (arn:<partition>:kms:<region>:<account>:key/<id>)")},
					},
					"bucket_key_enabled": schema.BoolAttribute{
						Optional: true, Computed: true, Default: booldefault.StaticBool(false),
						Description: "Use an S3 Bucket Key to cut KMS requests.",
					},
				},
			},
			"public_access_block": schema.SingleNestedAttribute{
				Optional: true, Computed: true,
				Default: objectdefault.StaticValue(types.ObjectValueMust(publicAccessBlockAttrTypes, map[string]attr.Value{
					"block_public_acls": types.BoolValue(true), "block_public_policy": types.BoolValue(true),
					"ignore_public_acls": types.BoolValue(true), "restrict_public_buckets": types.BoolValue(true),
				})),
				Description: "S3 Block Public Access on every bucket; all four flags default to true.",
				Attributes: map[string]schema.Attribute{
					"block_public_acls":       boolTrue("Reject requests that grant public ACLs."),
					"block_public_policy":     boolTrue("Reject bucket policies that grant public access."),
					"ignore_public_acls":      boolTrue("Ignore public ACLs on the buckets and their objects."),
					"restrict_public_buckets": boolTrue("Restrict access to buckets with public policies."),
				},
			},
			"object_ownership": schema.StringAttribute{
				Optional: true,
				Description: "Object ownership: `BucketOwnerEnforced` (ACLs disabled), `BucketOwnerPreferred` or " +
					"`ObjectWriter`. Unset leaves it unmanaged: AWS has made `BucketOwnerEnforced` the default for " +
					"new buckets since April 2023, and some S3-compatible servers do not implement the setting.",
				Validators: []validator.String{stringvalidator.OneOf("BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter")},
			},
			"tls_only": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				Description: "Add a statement to each bucket policy that denies requests not made over TLS.",
			},
			"lifecycle_policy": schema.SingleNestedAttribute{
				Optional: true, Computed: true,
				Default: objectdefault.StaticValue(types.ObjectValueMust(lifecycleAttrTypes, map[string]attr.Value{
					"raw_glacier_transition_days":            types.Int64Value(defaultGlacierDays),
					"noncurrent_version_expiration_days":     types.Int64Value(defaultNoncurrentDays),
					"abort_incomplete_multipart_upload_days": types.Int64Value(defaultMultipartDays),
				})),
				Description: "Lifecycle rules; 0 turns a rule off.",
				Attributes: map[string]schema.Attribute{
					"raw_glacier_transition_days": daysAttr(defaultGlacierDays,
						"Move raw objects to GLACIER this many days after creation (raw bucket only)."),
					"noncurrent_version_expiration_days": daysAttr(defaultNoncurrentDays,
						"Expire noncurrent object versions this many days after they become noncurrent."),
					"abort_incomplete_multipart_upload_days": daysAttr(defaultMultipartDays,
						"Abort incomplete multipart uploads this many days after they start."),
				},
			},
			"tags": schema.MapAttribute{
				ElementType: types.StringType, Optional: true,
				Description: "Tags of every bucket, merged over the provider's `default_tags`.",
			},
			"tags_all": schema.MapAttribute{
				ElementType: types.StringType, Computed: true,
				Description: "Tags of every bucket including the provider's `default_tags`.",
			},
		},
	}
}

func boolTrue(desc string) schema.BoolAttribute {
	return schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true), Description: desc}
}

func daysAttr(def int64, desc string) schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional: true, Computed: true, Default: int64default.StaticInt64(def), Description: desc,
		Validators: []validator.Int64{int64validator.Between(0, 36500)},
	}
}

// UpgradeState upgrades version 0 states: each bucket gets `applied` settings, taken from the
// lake-wide settings recorded then (the next refresh replaces them with what S3 reports); a
// bucket recorded missing (an empty ARN in version 0) gets none. name_prefix and id take the
// form version 1 plans.
func (r *dataLakeResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	v0 := dataLakeSchema(0)
	return map[int64]resource.StateUpgrader{0: {PriorSchema: &v0, StateUpgrader: r.upgradeFromV0}}
}

func (r *dataLakeResource) upgradeFromV0(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var m dataLakeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	missing := map[lake.Role]bool{}
	for _, role := range lake.Roles {
		obj := m.bucketObject(role)
		if obj.IsNull() || obj.IsUnknown() {
			m.setBucketObject(role, types.ObjectNull(bucketAttrTypes))
			continue
		}
		var b0 bucketModelV0
		resp.Diagnostics.Append(obj.As(ctx, &b0, basetypes.ObjectAsOptions{UnhandledNullAsEmpty: true})...)
		missing[role] = b0.ARN.ValueString() == ""
		m.setBucketObject(role, bucketObject(bucketModel{Bucket: b0.Bucket, Policy: b0.Policy,
			ARN: types.StringValue(fmt.Sprintf("arn:%s:s3:::%s", r.partition(ctx), b0.Bucket.ValueString())), Applied: types.ObjectNull(appliedAttrTypes)}))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	want := desiredFrom(ctx, m, &resp.Diagnostics)
	for _, role := range lake.Roles {
		b, d := bucketFrom(ctx, m.bucketObject(role))
		resp.Diagnostics.Append(d...)
		if b == nil || missing[role] {
			continue
		}
		b.Applied = appliedValue(want.settings[role])
		m.setBucketObject(role, bucketObject(*b))
	}
	names := want.names
	if m.NamePrefix.IsNull() {
		if p, ok := sharedPrefix(names); ok {
			m.NamePrefix = types.StringValue(p)
		}
	}
	m.ID = types.StringValue(lakeIDFor(names))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
