package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/internal/iampolicy"
	"github.com/nexabrands/supplychain/provider/internal/fwtypes"
	"github.com/nexabrands/supplychain/provider/internal/lake"
	"github.com/nexabrands/supplychain/provider/internal/validate"
)

var (
	_ resource.ResourceWithConfigure      = (*dataLakeResource)(nil)
	_ resource.ResourceWithImportState    = (*dataLakeResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*dataLakeResource)(nil)
	_ resource.ResourceWithValidateConfig = (*dataLakeResource)(nil)
	_ resource.ResourceWithUpgradeState   = (*dataLakeResource)(nil)
)

// supplychain_data_lake in four files: the schema (data_lake_schema.go), the model and its
// conversions (data_lake_model.go), what is decided before any S3 call (data_lake_plan.go), and
// here the calls to S3: create, read, update, delete and import.

// NewDataLakeResource returns the supplychain_data_lake resource.
func NewDataLakeResource() resource.Resource { return &dataLakeResource{} }

type dataLakeResource struct{ data *providerData }

func (r *dataLakeResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_data_lake"
}

func (r *dataLakeResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *dataLakeResource) client(ctx context.Context, diags *diag.Diagnostics) *lake.Client {
	if r.data == nil {
		addNotConfigured(diags, "data lake")
		return nil
	}
	s3c, err := r.data.S3(ctx)
	if err != nil {
		addAWSConfigError(diags, "data lake", err)
		return nil
	}
	region := r.data.Region(ctx)
	return &lake.Client{S3: s3c, Endpoint: r.data.S3Endpoint(ctx), Region: region, Partition: awsclient.Partition(region)}
}

func addLakeError(diags *diag.Diagnostics, op string, names map[lake.Role]string, err error) {
	var u *lake.UnsupportedError
	if errors.As(err, &u) {
		diags.AddAttributeError(path.Root(u.Setting), fmt.Sprintf("%s data lake: setting not supported by the S3 endpoint", op),
			unsupportedDetail(u))
		return
	}
	var ex *lake.ExistsError
	if errors.As(err, &ex) {
		diags.AddError(fmt.Sprintf("%s data lake (%s): bucket %s already exists", op, lake.BucketNames(names), ex.Bucket),
			existsDetail(ex, lakeIDFor(names)))
		return
	}
	addOpError(diags, fmt.Sprintf("%s data lake (%s)", op, lake.BucketNames(names)), err)
}

func unsupportedDetail(u *lake.UnsupportedError) string {
	return fmt.Sprintf("The S3 endpoint %s does not implement %s (%s). Leave %s unset (or at its default) on this endpoint.\n\n%v",
		u.Endpoint, u.Setting, u.Operation, u.Setting, u.Err)
}

func existsDetail(ex *lake.ExistsError, importID string) string {
	if !ex.Owned {
		return fmt.Sprintf("Nothing of that bucket was touched. The name is taken by another account, or by a bucket this "+
			"account may not read; bucket names are global, so choose another name_prefix or bucket name.\n\n%v", ex)
	}
	return fmt.Sprintf("Nothing of that bucket was touched. The bucket belongs to this account but not to this lake: another "+
		"stack's lake (the same name_prefix), an earlier lake, or a bucket made by hand. To manage it with this lake, "+
		"import it (terraform import <address> %s) instead of creating it. "+
		"Otherwise choose another name_prefix or bucket name. The data lake never adopts an existing bucket, so that "+
		"its force_destroy cannot delete another stack's data.\n\n%v", importID, ex)
}

// Create checks that no bucket of the lake exists, then creates the buckets one by one, each
// with every setting applied before the next is created, so no bucket waits unprotected.
//
// When the create stops half-way after a bucket exists, the lake is saved with what each bucket
// really has and the failure is reported as a warning: Terraform marks a resource whose create
// returned an error as tainted and plans to replace it, which deletes its buckets. Saved
// untainted, the next apply updates the lake in place and finishes every setting.
func (r *dataLakeResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var config, plan dataLakeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.planValues(ctx, config, &plan, nil, &resp.Diagnostics)
	c := r.client(ctx, &resp.Diagnostics)
	want := desiredFrom(ctx, plan, &resp.Diagnostics)
	if c == nil || resp.Diagnostics.HasError() {
		return
	}
	for _, role := range lake.Roles {
		if err := c.CheckAbsent(ctx, want.names[role]); err != nil {
			addLakeError(&resp.Diagnostics, "creating", want.names, err)
			return
		}
	}
	applied := map[lake.Role]lake.Settings{}
	var failure error
	for _, role := range lake.Roles {
		name := want.names[role]
		if err := c.CreateBucket(ctx, name); err != nil {
			// The answer may have been lost after S3 created it: it did not exist a moment ago.
			var ex *lake.ExistsError
			if check := c.CheckAbsent(ctx, name); !errors.As(check, &ex) || !ex.Owned {
				failure = err
				break
			}
		}
		got, err := c.Apply(ctx, name, want.settings[role], nil)
		applied[role] = got
		if err != nil {
			failure = err
			break
		}
	}
	if failure != nil && len(applied) == 0 {
		addLakeError(&resp.Diagnostics, "creating", want.names, failure)
		return
	}
	var pending []string
	for _, role := range lake.Roles {
		b, d := bucketFrom(ctx, plan.bucketObject(role))
		resp.Diagnostics.Append(d...)
		if b == nil {
			continue
		}
		got, ok := applied[role]
		if !ok {
			b.Applied = types.ObjectNull(appliedAttrTypes)
			pending = append(pending, want.names[role]+": not created")
		} else {
			b.Applied = appliedValue(got)
			if diff := lake.Differences(want.settings[role], got); len(diff) > 0 {
				pending = append(pending, want.names[role]+": "+strings.Join(diff, ", "))
			}
		}
		plan.setBucketObject(role, bucketObject(*b))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if failure != nil {
		addIncompleteCreate(&resp.Diagnostics, want.names, pending, failure)
	}
}

// addIncompleteCreate reports a create that stopped after buckets exist, as a warning (see Create).
func addIncompleteCreate(diags *diag.Diagnostics, names map[lake.Role]string, pending []string, failure error) {
	cause := failure.Error()
	var u *lake.UnsupportedError
	if errors.As(failure, &u) {
		cause = unsupportedDetail(u)
	}
	var ex *lake.ExistsError
	if errors.As(failure, &ex) {
		cause = existsDetail(ex, lakeIDFor(names))
	}
	detail := fmt.Sprintf("Creating the data lake (%s) stopped before it was finished: %s\n\n"+
		"Not applied yet, or not confirmed by S3: %s.\n\n"+
		"This is a warning, not an error, on purpose, and this apply did not finish the lake: Terraform marks a "+
		"resource whose create fails as tainted and replaces it, and replacing the lake deletes its buckets. The "+
		"buckets that exist are saved in state with the settings each really has, so the next terraform apply "+
		"updates the lake in place and applies every missing setting; nothing is replaced and no data is deleted. "+
		"Run terraform apply again (after fixing the cause above) before writing data to the lake.",
		lake.BucketNames(names), cause, strings.Join(pending, "; "))
	if u != nil {
		diags.AddAttributeWarning(path.Root(u.Setting), "Data lake created incompletely: apply again to finish it", detail)
		return
	}
	diags.AddWarning("Data lake created incompletely: apply again to finish it", detail)
}

// Read reads every managed setting of each bucket into the bucket's `applied` settings. It
// leaves the lake-wide settings alone (they are what the configuration asks), except after an
// import, where they are taken from the raw bucket (or the first that exists).
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
	prior := desiredFrom(ctx, state, &resp.Diagnostics)
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
		// AWS encrypts every bucket with SSE-S3 at least; "none" cannot be told from it.
		if prior.settings[role].Encryption.Algorithm == "none" && s.Encryption == (lake.Encryption{Algorithm: "AES256"}) {
			s.Encryption = lake.Encryption{Algorithm: "none"}
		}
		live[role] = s
	}
	if len(live) == 0 {
		addGoneWarning(&resp.Diagnostics, "Data lake",
			fmt.Sprintf("None of the buckets %s exists any more; the lake is removed from state and will be created again.",
				lake.BucketNames(prior.names)))
		resp.State.RemoveResource(ctx)
		return
	}
	for _, role := range lake.Roles {
		b, d := bucketFrom(ctx, state.bucketObject(role))
		resp.Diagnostics.Append(d...)
		if b == nil {
			continue
		}
		b.ARN = types.StringValue(fmt.Sprintf("arn:%s:s3:::%s", r.partition(ctx), b.Bucket.ValueString()))
		s, ok := live[role]
		if !ok {
			// Missing bucket: the next plan is an update that creates it again.
			b.Applied = types.ObjectNull(appliedAttrTypes)
			state.setBucketObject(role, bucketObject(*b))
			continue
		}
		b.Applied = appliedValue(*s)
		if !iampolicy.Equivalent(s.Policy, b.Policy.ValueString()) {
			b.Policy = fwtypes.NewPolicyValue(s.Policy)
		}
		state.setBucketObject(role, bucketObject(*b))
	}
	if state.Versioning.IsNull() { // imported
		r.fillImported(ctx, &state, live, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *dataLakeResource) fillImported(ctx context.Context, m *dataLakeModel, live map[lake.Role]*lake.Settings, diags *diag.Diagnostics) {
	var ref *lake.Settings
	for _, role := range lake.Roles {
		if s, ok := live[role]; ok {
			ref = s
			break
		}
	}
	var glacier int32
	if s, ok := live[lake.Raw]; ok {
		glacier = s.Lifecycle.GlacierAfterDays
	}
	fillTopLevel(m, *ref, glacier)
	m.TagsAll = tagsValue(ref.Tags)
	configured := map[string]string{}
	if !m.Tags.IsNull() {
		diags.Append(m.Tags.ElementsAs(ctx, &configured, false)...)
	}
	own := ref.Tags
	if r.data != nil {
		own = r.data.ownTags(ref.Tags, configured)
	}
	if len(own) == 0 && m.Tags.IsNull() {
		m.Tags = types.MapNull(types.StringType)
	} else {
		m.Tags = tagsValue(own)
	}
}

// Update applies, bucket by bucket, every setting where the bucket's `applied` settings differ
// from what the lake asks, and creates a bucket that is missing. When it stops half-way, the
// state holds what each bucket really has, so the next plan shows what is left.
func (r *dataLakeResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var config, plan, state dataLakeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.planValues(ctx, config, &plan, &state, &resp.Diagnostics)
	c := r.client(ctx, &resp.Diagnostics)
	want := desiredFrom(ctx, plan, &resp.Diagnostics)
	if c == nil || resp.Diagnostics.HasError() {
		return
	}
	applied := map[lake.Role]types.Object{}
	var failure error
	for _, role := range lake.Roles {
		name := want.names[role]
		sb, _ := bucketFrom(ctx, state.bucketObject(role))
		have := settingsFromApplied(ctx, sb, &resp.Diagnostics)
		if have == nil {
			if err := c.CheckAbsent(ctx, name); err != nil {
				failure = err
				break
			}
			if err := c.CreateBucket(ctx, name); err != nil {
				failure = err
				break
			}
		}
		got, err := c.Apply(ctx, name, want.settings[role], have)
		applied[role] = appliedValue(got)
		if err != nil {
			failure = err
			break
		}
	}
	for _, role := range lake.Roles {
		b, _ := bucketFrom(ctx, plan.bucketObject(role))
		if b == nil {
			continue
		}
		if a, ok := applied[role]; ok {
			b.Applied = a
		} else if sb, _ := bucketFrom(ctx, state.bucketObject(role)); sb != nil && !sb.Applied.IsUnknown() {
			b.Applied = sb.Applied
		} else {
			b.Applied = types.ObjectNull(appliedAttrTypes)
		}
		plan.setBucketObject(role, bucketObject(*b))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if failure != nil {
		addLakeError(&resp.Diagnostics, "updating", want.names, failure)
	}
}

func (r *dataLakeResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state dataLakeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.client(ctx, &resp.Diagnostics)
	names := desiredFrom(ctx, state, &resp.Diagnostics).names
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
				n, err := c.ObjectCount(ctx, names[role])
				if err != nil {
					addLakeError(&resp.Diagnostics, "deleting", names,
						fmt.Errorf("bucket %s holds objects; counting them failed, nothing was deleted: %w", names[role], err))
					return
				}
				full = append(full, fmt.Sprintf("%s (object versions and delete markers: %d)", names[role], n))
			}
		}
		if len(full) > 0 {
			resp.Diagnostics.AddError(fmt.Sprintf("deleting data lake (%s)", lake.BucketNames(names)),
				fmt.Sprintf("Refusing to delete buckets that hold objects: %s. Nothing was deleted.\n\n"+
					"If Terraform plans to replace the lake (a tainted lake, a renamed bucket), keep the data: run "+
					"terraform untaint on the lake, or undo the rename, and apply again; the apply then updates the lake "+
					"in place. To stop managing the buckets without deleting them, use terraform state rm. Only "+
					"force_destroy = true lets a destroy delete them, with every object version, for good.",
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
// raw,code,transformed. Names that follow `<prefix>-raw,-code,-transformed` give the state a
// lake by prefix writes, so the next plan is empty either way.
func (r *dataLakeResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := strings.TrimSpace(req.ID)
	names := map[lake.Role]string{}
	if parts := strings.Split(id, ","); len(parts) == 3 {
		for i, role := range lake.Roles {
			names[role] = strings.TrimSpace(parts[i])
		}
	} else if len(parts) == 1 && id != "" {
		for _, role := range lake.Roles {
			names[role] = id + "-" + string(role)
		}
	} else {
		addImportIDError(&resp.Diagnostics, fmt.Sprintf("%q: use a name prefix (nexabrands-dev) or three bucket names raw,code,transformed.", id))
		return
	}
	for _, role := range lake.Roles {
		if p := validate.BucketNameProblem(names[role]); p != "" {
			addImportIDError(&resp.Diagnostics, fmt.Sprintf("bucket name %q %s.", names[role], p))
			return
		}
	}
	prefix := types.StringNull()
	if p, ok := sharedPrefix(names); ok {
		prefix = types.StringValue(p)
	}
	m := dataLakeModel{
		ID: types.StringValue(lakeIDFor(names)), NamePrefix: prefix, ForceDestroy: types.BoolValue(false),
		Versioning: types.BoolNull(), Encryption: types.ObjectNull(encryptionAttrTypes),
		PublicAccessBlock: types.ObjectNull(publicAccessBlockAttrTypes), ObjectOwnership: types.StringNull(),
		TLSOnly: types.BoolNull(), LifecyclePolicy: types.ObjectNull(lifecycleAttrTypes),
		Tags: types.MapNull(types.StringType), TagsAll: types.MapNull(types.StringType),
	}
	for _, role := range lake.Roles {
		m.setBucketObject(role, bucketObject(bucketModel{
			Bucket: types.StringValue(names[role]), ARN: types.StringValue(fmt.Sprintf("arn:%s:s3:::%s", r.partition(ctx), names[role])),
			Policy: fwtypes.PolicyNull(), Applied: types.ObjectNull(appliedAttrTypes),
		}))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
