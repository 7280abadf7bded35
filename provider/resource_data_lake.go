package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
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

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/provider/internal/fwtypes"
	"github.com/nexabrands/supplychain/provider/internal/iampolicy"
	"github.com/nexabrands/supplychain/provider/internal/lake"
	"github.com/nexabrands/supplychain/provider/internal/validate"
)

var (
	_ resource.ResourceWithConfigure      = (*dataLakeResource)(nil)
	_ resource.ResourceWithImportState    = (*dataLakeResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*dataLakeResource)(nil)
	_ resource.ResourceWithValidateConfig = (*dataLakeResource)(nil)
)

// NewDataLakeResource returns the supplychain_data_lake resource.
func NewDataLakeResource() resource.Resource { return &dataLakeResource{} }

type dataLakeResource struct{ data *providerData }

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
	Bucket types.String        `tfsdk:"bucket"`
	ARN    types.String        `tfsdk:"arn"`
	Policy fwtypes.PolicyValue `tfsdk:"policy"`
}

var bucketAttrTypes = map[string]attr.Type{
	"bucket": types.StringType,
	"arn":    types.StringType,
	"policy": fwtypes.PolicyType{},
}

type encryptionModel struct {
	SSEAlgorithm     types.String `tfsdk:"sse_algorithm"`
	KMSKeyARN        types.String `tfsdk:"kms_key_arn"`
	BucketKeyEnabled types.Bool   `tfsdk:"bucket_key_enabled"`
}

var encryptionAttrTypes = map[string]attr.Type{
	"sse_algorithm":      types.StringType,
	"kms_key_arn":        types.StringType,
	"bucket_key_enabled": types.BoolType,
}

type publicAccessBlockModel struct {
	BlockPublicACLs       types.Bool `tfsdk:"block_public_acls"`
	BlockPublicPolicy     types.Bool `tfsdk:"block_public_policy"`
	IgnorePublicACLs      types.Bool `tfsdk:"ignore_public_acls"`
	RestrictPublicBuckets types.Bool `tfsdk:"restrict_public_buckets"`
}

var publicAccessBlockAttrTypes = map[string]attr.Type{
	"block_public_acls":       types.BoolType,
	"block_public_policy":     types.BoolType,
	"ignore_public_acls":      types.BoolType,
	"restrict_public_buckets": types.BoolType,
}

type lifecycleModel struct {
	RawGlacierTransitionDays           types.Int64 `tfsdk:"raw_glacier_transition_days"`
	NoncurrentVersionExpirationDays    types.Int64 `tfsdk:"noncurrent_version_expiration_days"`
	AbortIncompleteMultipartUploadDays types.Int64 `tfsdk:"abort_incomplete_multipart_upload_days"`
}

var lifecycleAttrTypes = map[string]attr.Type{
	"raw_glacier_transition_days":            types.Int64Type,
	"noncurrent_version_expiration_days":     types.Int64Type,
	"abort_incomplete_multipart_upload_days": types.Int64Type,
}

// Secure defaults.
const (
	defaultGlacierDays    = 90
	defaultNoncurrentDays = 30
	defaultMultipartDays  = 7
)

func (r *dataLakeResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_data_lake"
}

func bucketAttribute(role lake.Role) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
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
}

func (r *dataLakeResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "The data lake: three S3 buckets (raw, code, transformed) managed as one, secure by default: " +
			"versioning, default encryption, Block Public Access and a TLS-only policy are on unless turned off.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "The name prefix, or the three bucket names joined by commas.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name_prefix": schema.StringAttribute{
				Optional:    true,
				Description: "Prefix of the bucket names: `<prefix>-raw`, `<prefix>-code`, `<prefix>-transformed`.",
				Validators:  []validator.String{validate.BucketNamePrefix()},
			},
			"raw":         bucketAttribute(lake.Raw),
			"code":        bucketAttribute(lake.Code),
			"transformed": bucketAttribute(lake.Transformed),
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

func (r *dataLakeResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

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
	return types.ObjectValueMust(bucketAttrTypes, map[string]attr.Value{"bucket": b.Bucket, "arn": b.ARN, "policy": b.Policy})
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
// ARNs, the id and the merged tags, so other resources can use them in the same plan. A changed
// bucket name replaces the lake.
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
	partition := r.partition(ctx)
	allKnown := true
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
		b := bucketModel{Bucket: types.StringValue(name), ARN: types.StringValue(fmt.Sprintf("arn:%s:s3:::%s", partition, name)), Policy: policy}
		if state != nil {
			if sb, _ := bucketFrom(ctx, state.bucketObject(role)); sb != nil {
				if sb.Bucket.ValueString() != name {
					resp.RequiresReplace = append(resp.RequiresReplace, path.Root(string(role)).AtName("bucket"))
				}
				// Keep the prior text of an equivalent policy so no diff shows.
				if ok, _ := sb.Policy.StringSemanticEquals(ctx, policy); ok && !sb.Policy.IsNull() {
					b.Policy = sb.Policy
				}
			}
		}
		plan.setBucketObject(role, bucketObject(b))
	}
	if allKnown {
		plan.ID = types.StringValue(r.lakeID(ctx, config))
	} else if state != nil {
		plan.ID = state.ID
	}
	if plan.Tags.IsUnknown() {
		plan.TagsAll = types.MapUnknown(types.StringType)
	} else if r.data != nil {
		own := map[string]string{}
		resp.Diagnostics.Append(plan.Tags.ElementsAs(ctx, &own, false)...)
		plan.TagsAll = tagsValue(r.data.mergeTags(own))
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *dataLakeResource) lakeID(ctx context.Context, m dataLakeModel) string {
	if !m.NamePrefix.IsNull() {
		derived := true
		for _, role := range lake.Roles {
			if r.configuredName(ctx, m, role) != m.NamePrefix.ValueString()+"-"+string(role) {
				derived = false
			}
		}
		if derived {
			return m.NamePrefix.ValueString()
		}
	}
	names := make([]string, 0, 3)
	for _, role := range lake.Roles {
		names = append(names, r.configuredName(ctx, m, role))
	}
	return strings.Join(names, ",")
}

func (r *dataLakeResource) client(ctx context.Context, diags *diag.Diagnostics) *lake.Client {
	if r.data == nil {
		diags.AddError("Provider not configured", "The supplychain provider was not configured before the data lake was used.")
		return nil
	}
	s3c, err := r.data.S3(ctx)
	if err != nil {
		diags.AddError("Configuring AWS for the data lake", err.Error())
		return nil
	}
	region := r.data.Region(ctx)
	return &lake.Client{S3: s3c, Endpoint: r.data.S3Endpoint(ctx), Region: region, Partition: awsclient.Partition(region)}
}

// desired is what the model asks of each bucket.
type desired struct {
	names    map[lake.Role]string
	settings map[lake.Role]lake.Settings
}

func (r *dataLakeResource) desiredFrom(ctx context.Context, m dataLakeModel, diags *diag.Diagnostics) desired {
	out := desired{names: map[lake.Role]string{}, settings: map[lake.Role]lake.Settings{}}
	var enc encryptionModel
	var pab publicAccessBlockModel
	var lc lifecycleModel
	opts := basetypes.ObjectAsOptions{UnhandledNullAsEmpty: true}
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

func addLakeError(diags *diag.Diagnostics, op string, names map[lake.Role]string, err error) {
	var u *lake.UnsupportedError
	if errors.As(err, &u) {
		diags.AddAttributeError(path.Root(u.Setting), fmt.Sprintf("%s data lake: setting not supported by the S3 endpoint", op),
			fmt.Sprintf("The S3 endpoint %s does not implement %s (%s). Leave %s unset (or at its default) on this endpoint.\n\n%v",
				u.Endpoint, u.Setting, u.Operation, u.Setting, u.Err))
		return
	}
	diags.AddError(fmt.Sprintf("%s data lake (%s)", op, lake.BucketNames(names)), err.Error())
}

func (r *dataLakeResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan dataLakeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.client(ctx, &resp.Diagnostics)
	want := r.desiredFrom(ctx, plan, &resp.Diagnostics)
	if c == nil || resp.Diagnostics.HasError() {
		return
	}
	created := map[lake.Role]bool{}
	var failure error
	for _, role := range lake.Roles {
		if err := c.CreateBucket(ctx, want.names[role]); err != nil {
			failure = err
			break
		}
		created[role] = true
	}
	for _, role := range lake.Roles {
		if failure != nil {
			break
		}
		failure = c.Apply(ctx, want.names[role], want.settings[role], nil)
	}
	if failure != nil {
		addLakeError(&resp.Diagnostics, "creating", want.names, failure)
		if len(created) == 0 {
			return
		}
		// Keep the buckets that exist in state, so they are not orphaned: Terraform marks the lake
		// tainted and the next apply replaces it; buckets not yet created get an empty ARN.
		for _, role := range lake.Roles {
			if !created[role] {
				b, _ := bucketFrom(ctx, plan.bucketObject(role))
				b.ARN = types.StringValue("")
				plan.setBucketObject(role, bucketObject(*b))
			}
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *dataLakeResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state dataLakeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	prior := r.desiredFrom(ctx, state, &resp.Diagnostics)
	live := map[lake.Role]*lake.Settings{}
	ownershipManaged := !state.ObjectOwnership.IsNull()
	for _, role := range lake.Roles {
		name := prior.names[role]
		if name == "" {
			continue
		}
		s, err := c.Read(ctx, name, ownershipManaged)
		if errors.Is(err, lake.ErrNotFound) {
			continue
		}
		if err != nil {
			addLakeError(&resp.Diagnostics, "reading", prior.names, err)
			return
		}
		live[role] = s
	}
	if len(live) == 0 {
		resp.Diagnostics.AddWarning("Data lake not found",
			fmt.Sprintf("None of the buckets %s exists any more; the lake is removed from state and will be created again.",
				lake.BucketNames(prior.names)))
		resp.State.RemoveResource(ctx)
		return
	}
	r.applyLive(ctx, &state, prior, live, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// pick returns the first live value that differs from the prior one, so drift on any bucket
// shows; when none differs, the prior value.
func pick[T comparable](prior T, known bool, live map[lake.Role]*lake.Settings, get func(*lake.Settings) T) T {
	first, found := prior, false
	for _, role := range lake.Roles {
		s, ok := live[role]
		if !ok {
			continue
		}
		v := get(s)
		if !found {
			first, found = v, true
		}
		if known && v != prior {
			return v
		}
	}
	if !known {
		return first
	}
	return prior
}

func (r *dataLakeResource) applyLive(ctx context.Context, m *dataLakeModel, prior desired, live map[lake.Role]*lake.Settings, diags *diag.Diagnostics) {
	ref := prior.settings[lake.Raw]
	m.Versioning = types.BoolValue(pick(ref.Versioning, !m.Versioning.IsNull(), live, func(s *lake.Settings) bool { return s.Versioning }))

	priorEnc := ref.Encryption
	enc := pick(priorEnc, !m.Encryption.IsNull(), live, func(s *lake.Settings) lake.Encryption {
		e := s.Encryption
		// AWS encrypts every bucket with SSE-S3 at least; "none" cannot be told from it.
		if priorEnc.Algorithm == "none" && e.Algorithm == "AES256" && e.KMSKeyARN == "" && !e.BucketKey {
			return priorEnc
		}
		return e
	})
	kms := types.StringNull()
	if enc.KMSKeyARN != "" {
		kms = types.StringValue(enc.KMSKeyARN)
	}
	m.Encryption = types.ObjectValueMust(encryptionAttrTypes, map[string]attr.Value{
		"sse_algorithm": types.StringValue(enc.Algorithm), "kms_key_arn": kms, "bucket_key_enabled": types.BoolValue(enc.BucketKey),
	})

	pab := pick(ref.PublicAccessBlock, !m.PublicAccessBlock.IsNull(), live, func(s *lake.Settings) lake.PublicAccessBlock { return s.PublicAccessBlock })
	m.PublicAccessBlock = types.ObjectValueMust(publicAccessBlockAttrTypes, map[string]attr.Value{
		"block_public_acls": types.BoolValue(pab.BlockPublicACLs), "block_public_policy": types.BoolValue(pab.BlockPublicPolicy),
		"ignore_public_acls": types.BoolValue(pab.IgnorePublicACLs), "restrict_public_buckets": types.BoolValue(pab.RestrictPublicBuckets),
	})

	if !m.ObjectOwnership.IsNull() {
		own := pick(ref.ObjectOwnership, true, live, func(s *lake.Settings) string { return s.ObjectOwnership })
		if own == "" {
			m.ObjectOwnership = types.StringNull()
		} else {
			m.ObjectOwnership = types.StringValue(own)
		}
	}
	m.TLSOnly = types.BoolValue(pick(ref.TLSOnly, !m.TLSOnly.IsNull(), live, func(s *lake.Settings) bool { return s.TLSOnly }))

	lcKnown := !m.LifecyclePolicy.IsNull()
	glacier := ref.Lifecycle.GlacierAfterDays
	if s, ok := live[lake.Raw]; ok {
		glacier = s.Lifecycle.GlacierAfterDays
	}
	noncurrent := pick(ref.Lifecycle.NoncurrentExpirationDays, lcKnown, live, func(s *lake.Settings) int32 { return s.Lifecycle.NoncurrentExpirationDays })
	multipart := pick(ref.Lifecycle.AbortIncompleteMultipartDays, lcKnown, live, func(s *lake.Settings) int32 { return s.Lifecycle.AbortIncompleteMultipartDays })
	m.LifecyclePolicy = types.ObjectValueMust(lifecycleAttrTypes, map[string]attr.Value{
		"raw_glacier_transition_days":            types.Int64Value(int64(glacier)),
		"noncurrent_version_expiration_days":     types.Int64Value(int64(noncurrent)),
		"abort_incomplete_multipart_upload_days": types.Int64Value(int64(multipart)),
	})

	// Tags: the first bucket whose tags differ from the prior merged set.
	liveTags := ref.Tags
	for _, role := range lake.Roles {
		if s, ok := live[role]; ok && (m.TagsAll.IsNull() || !equalStringMaps(s.Tags, ref.Tags)) {
			liveTags = s.Tags
			break
		}
	}
	m.TagsAll = tagsValue(liveTags)
	configured := map[string]string{}
	if !m.Tags.IsNull() {
		diags.Append(m.Tags.ElementsAs(ctx, &configured, false)...)
	}
	own := liveTags
	if r.data != nil {
		own = r.data.ownTags(liveTags, configured)
	}
	if len(own) == 0 && m.Tags.IsNull() {
		m.Tags = types.MapNull(types.StringType)
	} else {
		m.Tags = tagsValue(own)
	}

	for _, role := range lake.Roles {
		b, d := bucketFrom(ctx, m.bucketObject(role))
		diags.Append(d...)
		if b == nil {
			continue
		}
		s, ok := live[role]
		if !ok {
			// Missing bucket: an empty ARN makes the next plan an update that creates it again.
			b.ARN = types.StringValue("")
			m.setBucketObject(role, bucketObject(*b))
			continue
		}
		b.ARN = types.StringValue(fmt.Sprintf("arn:%s:s3:::%s", r.partition(ctx), b.Bucket.ValueString()))
		if !iampolicy.Equivalent(s.Policy, b.Policy.ValueString()) {
			b.Policy = fwtypes.NewPolicyValue(s.Policy)
		}
		m.setBucketObject(role, bucketObject(*b))
	}
}

func equalStringMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func (r *dataLakeResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state dataLakeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.client(ctx, &resp.Diagnostics)
	want := r.desiredFrom(ctx, plan, &resp.Diagnostics)
	have := r.desiredFrom(ctx, state, &resp.Diagnostics)
	if c == nil || resp.Diagnostics.HasError() {
		return
	}
	for _, role := range lake.Roles {
		name := want.names[role]
		var prior *lake.Settings
		if b, _ := bucketFrom(ctx, state.bucketObject(role)); b != nil && b.ARN.ValueString() != "" {
			s := have.settings[role]
			prior = &s
		} else if err := c.CreateBucket(ctx, name); err != nil {
			addLakeError(&resp.Diagnostics, "updating", want.names, err)
			return
		}
		if err := c.Apply(ctx, name, want.settings[role], prior); err != nil {
			addLakeError(&resp.Diagnostics, "updating", want.names, err)
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *dataLakeResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state dataLakeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.client(ctx, &resp.Diagnostics)
	names := r.desiredFrom(ctx, state, &resp.Diagnostics).names
	if c == nil || resp.Diagnostics.HasError() {
		return
	}
	if !state.ForceDestroy.ValueBool() {
		var full []string
		for _, role := range lake.Roles {
			has, err := c.HasObjects(ctx, names[role])
			if err != nil {
				addLakeError(&resp.Diagnostics, "deleting", names, err)
				return
			}
			if has {
				n, _ := c.ObjectCount(ctx, names[role])
				full = append(full, fmt.Sprintf("%s (object versions and delete markers: %d)", names[role], n))
			}
		}
		if len(full) > 0 {
			resp.Diagnostics.AddError(fmt.Sprintf("deleting data lake (%s)", lake.BucketNames(names)),
				fmt.Sprintf("Refusing to delete buckets that hold objects: %s. Nothing was deleted. "+
					"To delete them with every object version, set force_destroy = true, apply, then destroy.",
					strings.Join(full, ", ")))
			return
		}
	}
	for _, role := range lake.Roles {
		if state.ForceDestroy.ValueBool() {
			if _, err := c.Empty(ctx, names[role]); err != nil {
				addLakeError(&resp.Diagnostics, "deleting", names, err)
				return
			}
		}
		if err := c.DeleteBucket(ctx, names[role]); err != nil {
			addLakeError(&resp.Diagnostics, "deleting", names, err)
			return
		}
	}
}

// ImportState accepts a name prefix (`nexabrands-dev`) or the three bucket names in the order
// raw,code,transformed.
func (r *dataLakeResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := strings.TrimSpace(req.ID)
	names := map[lake.Role]string{}
	prefix := types.StringNull()
	if parts := strings.Split(id, ","); len(parts) == 3 {
		for i, role := range lake.Roles {
			names[role] = strings.TrimSpace(parts[i])
		}
	} else if len(parts) == 1 && id != "" {
		prefix = types.StringValue(id)
		for _, role := range lake.Roles {
			names[role] = id + "-" + string(role)
		}
	} else {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("%q: use a name prefix (nexabrands-dev) or three bucket names raw,code,transformed.", id))
		return
	}
	for _, role := range lake.Roles {
		if p := validate.BucketNameProblem(names[role]); p != "" {
			resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("bucket name %q %s.", names[role], p))
			return
		}
	}
	m := dataLakeModel{
		ID: types.StringValue(id), NamePrefix: prefix, ForceDestroy: types.BoolValue(false),
		Versioning: types.BoolNull(), Encryption: types.ObjectNull(encryptionAttrTypes),
		PublicAccessBlock: types.ObjectNull(publicAccessBlockAttrTypes), ObjectOwnership: types.StringNull(),
		TLSOnly: types.BoolNull(), LifecyclePolicy: types.ObjectNull(lifecycleAttrTypes),
		Tags: types.MapNull(types.StringType), TagsAll: types.MapNull(types.StringType),
	}
	for _, role := range lake.Roles {
		m.setBucketObject(role, bucketObject(bucketModel{
			Bucket: types.StringValue(names[role]), ARN: types.StringValue(fmt.Sprintf("arn:%s:s3:::%s", r.partition(ctx), names[role])),
			Policy: fwtypes.PolicyNull(),
		}))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

var kmsKeyPattern = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/.+$`)
