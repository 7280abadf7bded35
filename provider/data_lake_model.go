package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/nexabrands/supplychain/provider/internal/fwtypes"
	"github.com/nexabrands/supplychain/provider/internal/lake"
)

// The data lake's model: the Terraform values of supplychain_data_lake and their conversion to
// and from the settings of provider/internal/lake.
//
// The top-level settings (versioning, encryption, ...) are what the configuration asks of every
// bucket. Each bucket's `applied` object is what that bucket has: written by create and update
// (what was really applied, also when they stop half-way) and read back from S3 on every
// refresh. A plan compares the two bucket by bucket, so drift or an unfinished apply on one
// bucket always shows as an in-place update.

type dataLakeModel struct {
	ID                types.String `tfsdk:"id"`
	NamePrefix        types.String `tfsdk:"name_prefix"`
	Raw               types.Object `tfsdk:"raw"`
	Code              types.Object `tfsdk:"code"`
	Transformed       types.Object `tfsdk:"transformed"`
	ForceDestroy      types.Bool   `tfsdk:"force_destroy"`
	Versioning        types.Bool   `tfsdk:"versioning"`
	Encryption        types.Object `tfsdk:"encryption"`
	PublicAccessBlock types.Object `tfsdk:"public_access_block"`
	ObjectOwnership   types.String `tfsdk:"object_ownership"`
	TLSOnly           types.Bool   `tfsdk:"tls_only"`
	LifecyclePolicy   types.Object `tfsdk:"lifecycle_policy"`
	Tags              types.Map    `tfsdk:"tags"`
	TagsAll           types.Map    `tfsdk:"tags_all"`
}

type bucketModel struct {
	Bucket  types.String        `tfsdk:"bucket"`
	ARN     types.String        `tfsdk:"arn"`
	Policy  fwtypes.PolicyValue `tfsdk:"policy"`
	Applied types.Object        `tfsdk:"applied"`
}

// bucketModelV0 is a bucket of schema version 0 (no applied settings).
type bucketModelV0 struct {
	Bucket types.String        `tfsdk:"bucket"`
	ARN    types.String        `tfsdk:"arn"`
	Policy fwtypes.PolicyValue `tfsdk:"policy"`
}

type encryptionModel struct {
	SSEAlgorithm     types.String `tfsdk:"sse_algorithm"`
	KMSKeyARN        types.String `tfsdk:"kms_key_arn"`
	BucketKeyEnabled types.Bool   `tfsdk:"bucket_key_enabled"`
}

type publicAccessBlockModel struct {
	BlockPublicACLs       types.Bool `tfsdk:"block_public_acls"`
	BlockPublicPolicy     types.Bool `tfsdk:"block_public_policy"`
	IgnorePublicACLs      types.Bool `tfsdk:"ignore_public_acls"`
	RestrictPublicBuckets types.Bool `tfsdk:"restrict_public_buckets"`
}

type lifecycleModel struct {
	RawGlacierTransitionDays           types.Int64 `tfsdk:"raw_glacier_transition_days"`
	NoncurrentVersionExpirationDays    types.Int64 `tfsdk:"noncurrent_version_expiration_days"`
	AbortIncompleteMultipartUploadDays types.Int64 `tfsdk:"abort_incomplete_multipart_upload_days"`
}

type appliedModel struct {
	Versioning        types.Bool   `tfsdk:"versioning"`
	Encryption        types.Object `tfsdk:"encryption"`
	PublicAccessBlock types.Object `tfsdk:"public_access_block"`
	ObjectOwnership   types.String `tfsdk:"object_ownership"`
	TLSOnly           types.Bool   `tfsdk:"tls_only"`
	LifecyclePolicy   types.Object `tfsdk:"lifecycle_policy"`
	Tags              types.Map    `tfsdk:"tags"`
}

var encryptionAttrTypes = map[string]attr.Type{
	"sse_algorithm":      types.StringType,
	"kms_key_arn":        types.StringType,
	"bucket_key_enabled": types.BoolType,
}

var publicAccessBlockAttrTypes = map[string]attr.Type{
	"block_public_acls":       types.BoolType,
	"block_public_policy":     types.BoolType,
	"ignore_public_acls":      types.BoolType,
	"restrict_public_buckets": types.BoolType,
}

var lifecycleAttrTypes = map[string]attr.Type{
	"raw_glacier_transition_days":            types.Int64Type,
	"noncurrent_version_expiration_days":     types.Int64Type,
	"abort_incomplete_multipart_upload_days": types.Int64Type,
}

var appliedAttrTypes = map[string]attr.Type{
	"versioning":          types.BoolType,
	"encryption":          types.ObjectType{AttrTypes: encryptionAttrTypes},
	"public_access_block": types.ObjectType{AttrTypes: publicAccessBlockAttrTypes},
	"object_ownership":    types.StringType,
	"tls_only":            types.BoolType,
	"lifecycle_policy":    types.ObjectType{AttrTypes: lifecycleAttrTypes},
	"tags":                types.MapType{ElemType: types.StringType},
}

var bucketAttrTypes = map[string]attr.Type{
	"bucket":  types.StringType,
	"arn":     types.StringType,
	"policy":  fwtypes.PolicyType{},
	"applied": types.ObjectType{AttrTypes: appliedAttrTypes},
}

func (m dataLakeModel) bucketObject(role lake.Role) types.Object {
	switch role {
	case lake.Raw:
		return m.Raw
	case lake.Code:
		return m.Code
	default:
		return m.Transformed
	}
}

func (m *dataLakeModel) setBucketObject(role lake.Role, v types.Object) {
	switch role {
	case lake.Raw:
		m.Raw = v
	case lake.Code:
		m.Code = v
	default:
		m.Transformed = v
	}
}

func bucketFrom(ctx context.Context, obj types.Object) (*bucketModel, diag.Diagnostics) {
	if obj.IsNull() || obj.IsUnknown() {
		return nil, nil
	}
	var b bucketModel
	d := obj.As(ctx, &b, basetypes.ObjectAsOptions{UnhandledNullAsEmpty: true, UnhandledUnknownAsEmpty: true})
	return &b, d
}

func bucketObject(b bucketModel) types.Object {
	if len(b.Applied.AttributeTypes(context.Background())) == 0 {
		b.Applied = types.ObjectNull(appliedAttrTypes)
	}
	return types.ObjectValueMust(bucketAttrTypes, map[string]attr.Value{
		"bucket": b.Bucket, "arn": b.ARN, "policy": b.Policy, "applied": b.Applied,
	})
}

// encryptionValue, publicAccessBlockValue and lifecycleValue convert lake settings to objects.
func encryptionValue(e lake.Encryption) types.Object {
	kms := types.StringNull()
	if e.KMSKeyARN != "" {
		kms = types.StringValue(e.KMSKeyARN)
	}
	alg := e.Algorithm
	if alg == "" {
		alg = "none"
	}
	return types.ObjectValueMust(encryptionAttrTypes, map[string]attr.Value{
		"sse_algorithm": types.StringValue(alg), "kms_key_arn": kms, "bucket_key_enabled": types.BoolValue(e.BucketKey),
	})
}

func publicAccessBlockValue(p lake.PublicAccessBlock) types.Object {
	return types.ObjectValueMust(publicAccessBlockAttrTypes, map[string]attr.Value{
		"block_public_acls": types.BoolValue(p.BlockPublicACLs), "block_public_policy": types.BoolValue(p.BlockPublicPolicy),
		"ignore_public_acls": types.BoolValue(p.IgnorePublicACLs), "restrict_public_buckets": types.BoolValue(p.RestrictPublicBuckets),
	})
}

func lifecycleValue(l lake.Lifecycle) types.Object {
	return types.ObjectValueMust(lifecycleAttrTypes, map[string]attr.Value{
		"raw_glacier_transition_days":            types.Int64Value(int64(l.GlacierAfterDays)),
		"noncurrent_version_expiration_days":     types.Int64Value(int64(l.NoncurrentExpirationDays)),
		"abort_incomplete_multipart_upload_days": types.Int64Value(int64(l.AbortIncompleteMultipartDays)),
	})
}

func ownershipValue(own string) types.String {
	if own == "" {
		return types.StringNull()
	}
	return types.StringValue(own)
}

// appliedValue is a bucket's `applied` object for its settings (the policy is the bucket's own
// `policy` attribute, not part of it).
func appliedValue(s lake.Settings) types.Object {
	return types.ObjectValueMust(appliedAttrTypes, map[string]attr.Value{
		"versioning":          types.BoolValue(s.Versioning),
		"encryption":          encryptionValue(s.Encryption),
		"public_access_block": publicAccessBlockValue(s.PublicAccessBlock),
		"object_ownership":    ownershipValue(s.ObjectOwnership),
		"tls_only":            types.BoolValue(s.TLSOnly),
		"lifecycle_policy":    lifecycleValue(s.Lifecycle),
		"tags":                tagsValue(s.Tags),
	})
}

// settingsFromApplied reads a bucket's `applied` object back; nil when the bucket is missing
// (null) or its settings are not known.
func settingsFromApplied(ctx context.Context, b *bucketModel, diags *diag.Diagnostics) *lake.Settings {
	if b == nil || b.Applied.IsNull() || b.Applied.IsUnknown() {
		return nil
	}
	var a appliedModel
	opts := basetypes.ObjectAsOptions{UnhandledNullAsEmpty: true}
	diags.Append(b.Applied.As(ctx, &a, opts)...)
	var enc encryptionModel
	var pab publicAccessBlockModel
	var lc lifecycleModel
	diags.Append(a.Encryption.As(ctx, &enc, opts)...)
	diags.Append(a.PublicAccessBlock.As(ctx, &pab, opts)...)
	diags.Append(a.LifecyclePolicy.As(ctx, &lc, opts)...)
	tags := map[string]string{}
	if !a.Tags.IsNull() && !a.Tags.IsUnknown() {
		diags.Append(a.Tags.ElementsAs(ctx, &tags, false)...)
	}
	return &lake.Settings{
		Versioning: a.Versioning.ValueBool(),
		Encryption: lake.Encryption{Algorithm: enc.SSEAlgorithm.ValueString(), KMSKeyARN: enc.KMSKeyARN.ValueString(),
			BucketKey: enc.BucketKeyEnabled.ValueBool()},
		PublicAccessBlock: lake.PublicAccessBlock{
			BlockPublicACLs: pab.BlockPublicACLs.ValueBool(), BlockPublicPolicy: pab.BlockPublicPolicy.ValueBool(),
			IgnorePublicACLs: pab.IgnorePublicACLs.ValueBool(), RestrictPublicBuckets: pab.RestrictPublicBuckets.ValueBool(),
		},
		ObjectOwnership: a.ObjectOwnership.ValueString(),
		TLSOnly:         a.TLSOnly.ValueBool(),
		Policy:          b.Policy.ValueString(),
		Lifecycle: lake.Lifecycle{
			GlacierAfterDays:             int32(lc.RawGlacierTransitionDays.ValueInt64()),
			NoncurrentExpirationDays:     int32(lc.NoncurrentVersionExpirationDays.ValueInt64()),
			AbortIncompleteMultipartDays: int32(lc.AbortIncompleteMultipartUploadDays.ValueInt64()),
		},
		Tags: tags,
	}
}

// settingsKnown reports whether every top-level setting is known, so the desired settings of
// each bucket can be worked out.
func (m dataLakeModel) settingsKnown() bool {
	for _, v := range []attr.Value{m.Versioning, m.Encryption, m.PublicAccessBlock, m.ObjectOwnership, m.TLSOnly,
		m.LifecyclePolicy, m.TagsAll} {
		if v.IsUnknown() {
			return false
		}
	}
	for _, o := range []types.Object{m.Encryption, m.PublicAccessBlock, m.LifecyclePolicy} {
		for _, v := range o.Attributes() {
			if v.IsUnknown() {
				return false
			}
		}
	}
	for _, v := range m.TagsAll.Elements() {
		if v.IsUnknown() {
			return false
		}
	}
	return true
}

// desired is what the model asks of each bucket.
type desired struct {
	names    map[lake.Role]string
	settings map[lake.Role]lake.Settings
}

func desiredFrom(ctx context.Context, m dataLakeModel, diags *diag.Diagnostics) desired {
	out := desired{names: map[lake.Role]string{}, settings: map[lake.Role]lake.Settings{}}
	var enc encryptionModel
	var pab publicAccessBlockModel
	var lc lifecycleModel
	opts := basetypes.ObjectAsOptions{UnhandledNullAsEmpty: true, UnhandledUnknownAsEmpty: true}
	diags.Append(m.Encryption.As(ctx, &enc, opts)...)
	diags.Append(m.PublicAccessBlock.As(ctx, &pab, opts)...)
	diags.Append(m.LifecyclePolicy.As(ctx, &lc, opts)...)
	tags := map[string]string{}
	if !m.TagsAll.IsNull() && !m.TagsAll.IsUnknown() {
		diags.Append(m.TagsAll.ElementsAs(ctx, &tags, false)...)
	}
	base := lake.Settings{
		Versioning: m.Versioning.ValueBool(),
		Encryption: lake.Encryption{Algorithm: enc.SSEAlgorithm.ValueString(), KMSKeyARN: enc.KMSKeyARN.ValueString(),
			BucketKey: enc.BucketKeyEnabled.ValueBool()},
		PublicAccessBlock: lake.PublicAccessBlock{
			BlockPublicACLs: pab.BlockPublicACLs.ValueBool(), BlockPublicPolicy: pab.BlockPublicPolicy.ValueBool(),
			IgnorePublicACLs: pab.IgnorePublicACLs.ValueBool(), RestrictPublicBuckets: pab.RestrictPublicBuckets.ValueBool(),
		},
		ObjectOwnership: m.ObjectOwnership.ValueString(),
		TLSOnly:         m.TLSOnly.ValueBool(),
		Lifecycle: lake.Lifecycle{
			NoncurrentExpirationDays:     int32(lc.NoncurrentVersionExpirationDays.ValueInt64()),
			AbortIncompleteMultipartDays: int32(lc.AbortIncompleteMultipartUploadDays.ValueInt64()),
		},
		Tags: tags,
	}
	for _, role := range lake.Roles {
		b, d := bucketFrom(ctx, m.bucketObject(role))
		diags.Append(d...)
		if b == nil {
			continue
		}
		out.names[role] = b.Bucket.ValueString()
		s := base
		s.Policy = b.Policy.ValueString()
		if role == lake.Raw {
			s.Lifecycle.GlacierAfterDays = int32(lc.RawGlacierTransitionDays.ValueInt64())
		}
		out.settings[role] = s
	}
	return out
}

// fillTopLevel sets the top-level settings from one bucket's live settings; import uses it,
// since an imported lake has no configuration-side values yet.
func fillTopLevel(m *dataLakeModel, ref lake.Settings, glacier int32) {
	m.Versioning = types.BoolValue(ref.Versioning)
	m.Encryption = encryptionValue(ref.Encryption)
	m.PublicAccessBlock = publicAccessBlockValue(ref.PublicAccessBlock)
	m.TLSOnly = types.BoolValue(ref.TLSOnly)
	l := ref.Lifecycle
	l.GlacierAfterDays = glacier
	m.LifecyclePolicy = lifecycleValue(l)
}
