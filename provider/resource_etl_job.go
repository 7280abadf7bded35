package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nexabrands/supplychain/provider/internal/glue"
	"github.com/nexabrands/supplychain/provider/internal/validate"
)

var (
	_ resource.ResourceWithConfigure        = (*etlJobResource)(nil)
	_ resource.ResourceWithImportState      = (*etlJobResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*etlJobResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*etlJobResource)(nil)
	_ resource.ResourceWithConfigValidators = (*etlJobResource)(nil)
)

// NewETLJobResource returns the supplychain_etl_job resource.
func NewETLJobResource() resource.Resource { return &etlJobResource{} }

type etlJobResource struct{ data *providerData }

type etlJobModel struct {
	ID                    types.String `tfsdk:"id"`
	ARN                   types.String `tfsdk:"arn"`
	Name                  types.String `tfsdk:"name"`
	RoleARN               types.String `tfsdk:"role_arn"`
	Command               types.String `tfsdk:"command"`
	GlueVersion           types.String `tfsdk:"glue_version"`
	PythonVersion         types.String `tfsdk:"python_version"`
	WorkerType            types.String `tfsdk:"worker_type"`
	NumberOfWorkers       types.Int64  `tfsdk:"number_of_workers"`
	Timeout               types.Int64  `tfsdk:"timeout"`
	MaxRetries            types.Int64  `tfsdk:"max_retries"`
	MaxConcurrentRuns     types.Int64  `tfsdk:"max_concurrent_runs"`
	JobBookmarks          types.String `tfsdk:"job_bookmarks"`
	SecurityConfiguration types.String `tfsdk:"security_configuration"`
	ScriptSource          types.String `tfsdk:"script_source"`
	ScriptBucket          types.String `tfsdk:"script_bucket"`
	ScriptLocation        types.String `tfsdk:"script_location"`
	ScriptSHA256          types.String `tfsdk:"script_sha256"`
	ExtraPyFiles          types.List   `tfsdk:"extra_py_files"`
	ExtraPyFilesLocations types.List   `tfsdk:"extra_py_files_locations"`
	Source                types.String `tfsdk:"source"`
	Target                types.String `tfsdk:"target"`
	DefaultArguments      types.Map    `tfsdk:"default_arguments"`
	Tags                  types.Map    `tfsdk:"tags"`
	TagsAll               types.Map    `tfsdk:"tags_all"`
}

// Defaults by command. Python shell jobs run on capacity, not on workers.
var (
	glueVersionDefault   = map[string]string{glue.CommandGlueETL: "5.0", glue.CommandPythonShell: "3.0"}
	pythonVersionDefault = map[string]string{glue.CommandGlueETL: "3", glue.CommandPythonShell: "3.9"}
)

const (
	defaultWorkerType      = "G.1X"
	defaultNumberOfWorkers = 2
	defaultTimeoutMinutes  = 480
)

var (
	jobNamePattern  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$`)
	argumentPattern = regexp.MustCompile(`^--[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	workerTypes     = []string{"G.025X", "G.1X", "G.2X", "G.4X", "G.8X", "G.12X", "G.16X", "R.1X", "R.2X", "R.4X", "R.8X", "Standard"}
	bookmarkOptions = []string{"enable", "disable", "pause"}
)

func (r *etlJobResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_etl_job"
}

func (r *etlJobResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "An AWS Glue job of the pipeline: a Spark (`glueetl`) or Python shell (`pythonshell`) job whose script " +
			"is a local file uploaded to the lake's code bucket under a key named by the SHA-256 of its content, so a " +
			"script change is a planned update that shows the new hash. `source` and `target` wire the lake's buckets " +
			"to the job's `--source-path` and `--destination-path` arguments. The job owns what it uploads under " +
			"`etl/<name>/` in `script_bucket`: an artifact replaced by an update is deleted once the job runs the new one, " +
			"an artifact deleted out of band is uploaded again on the next apply, and destroying the job deletes every " +
			"object version under that prefix (nothing else in the bucket).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, Description: "The job name.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"arn": schema.StringAttribute{
				Computed: true, Description: "The job ARN, in the account of `role_arn`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				Description: "Job name: letters, digits, `_`, `.` and `-`, up to 255 characters, starting with a letter " +
					"or digit (it is also part of the S3 keys of the job's artifacts). Changing it replaces the job.",
				Validators:    []validator.String{stringvalidator.RegexMatches(jobNamePattern, "must be 1 to 255 letters, digits, `_`, `.` or `-`, starting with a letter or digit")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"role_arn": schema.StringAttribute{
				Required:    true,
				Description: "ARN of the IAM role the job runs as.",
				Validators: []validator.String{stringvalidator.RegexMatches(validate.RoleARNPattern,
					"must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)")},
			},
			"command": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(glue.CommandGlueETL),
				Description: "`glueetl` (Spark, the default) or `pythonshell`.",
				Validators:  []validator.String{stringvalidator.OneOf(glue.CommandGlueETL, glue.CommandPythonShell)},
			},
			"glue_version": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: "Glue version: `1.0` to `5.1`. Defaults to `5.0` for `glueetl` and `3.0` for `pythonshell` " +
					"(which accepts `1.0` or `3.0`).",
				Validators: []validator.String{stringvalidator.OneOf("1.0", "2.0", "3.0", "4.0", "5.0", "5.1")},
			},
			"python_version": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: "Python version: `3` for `glueetl` (the default there); `3.9` (the default) or `3` for `pythonshell`.",
				Validators:  []validator.String{stringvalidator.OneOf("3", "3.9")},
			},
			"worker_type": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: fmt.Sprintf("Worker type of a `glueetl` job, one of %s; defaults to `%s`. Not used by `pythonshell`.",
					strings.Join(workerTypes, ", "), defaultWorkerType),
				Validators: []validator.String{stringvalidator.OneOf(workerTypes...)},
			},
			"number_of_workers": schema.Int64Attribute{
				Optional: true, Computed: true,
				Description: fmt.Sprintf("Number of workers of a `glueetl` job; defaults to %d. Not used by `pythonshell`.", defaultNumberOfWorkers),
				Validators:  []validator.Int64{int64validator.Between(1, 1000)},
			},
			"timeout": schema.Int64Attribute{
				Optional: true, Computed: true, Default: int64default.StaticInt64(defaultTimeoutMinutes),
				Description: fmt.Sprintf("Minutes a run may take before Glue stops it, 1 to 10080; defaults to %d.", defaultTimeoutMinutes),
				Validators:  []validator.Int64{int64validator.Between(1, 10080)},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true, Computed: true, Default: int64default.StaticInt64(0),
				Description: "Retries of a failed run, 0 to 10; defaults to 0.",
				Validators:  []validator.Int64{int64validator.Between(0, 10)},
			},
			"max_concurrent_runs": schema.Int64Attribute{
				Optional: true, Computed: true, Default: int64default.StaticInt64(1),
				Description: "Runs allowed at the same time; defaults to 1.",
				Validators:  []validator.Int64{int64validator.Between(1, 1000)},
			},
			"job_bookmarks": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString("disable"),
				Description: "Job bookmarks (`--job-bookmark-option`): `enable`, `disable` (the default) or `pause`.",
				Validators:  []validator.String{stringvalidator.OneOf(bookmarkOptions...)},
			},
			"security_configuration": schema.StringAttribute{
				Optional:    true,
				Description: "Name of the Glue security configuration (encryption of logs, bookmarks and S3 output).",
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"script_source": schema.StringAttribute{
				Optional: true,
				Description: "Local path of the script (`${path.module}/etl/orders.py`). It is uploaded to `script_bucket` at " +
					"`etl/<name>/<sha256>/<file name>`; the hash is computed at plan time, so a changed script shows as an " +
					"update with its new `script_sha256`. Exactly one of `script_source` and `script_location` is set.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"script_bucket": schema.StringAttribute{
				Optional:    true,
				Description: "Bucket the local script and extra modules are uploaded to, e.g. `supplychain_data_lake.main.code.bucket`.",
				Validators:  []validator.String{validate.BucketName()},
			},
			"script_location": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: "`s3://` location of the script: set it to use a script already in S3, or read it to see where " +
					"`script_source` was uploaded.",
				Validators: []validator.String{validate.S3ObjectURI()},
			},
			"script_sha256": schema.StringAttribute{
				Computed:    true,
				Description: "SHA-256 of the uploaded script's content (empty for a `script_location` set by hand).",
			},
			"extra_py_files": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				Description: "Extra Python modules, passed as `--extra-py-files`: local paths, uploaded like the script " +
					"(the file name is kept, since Python imports a module by it), or `s3://` locations used as they are.",
				Validators: []validator.List{listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)), listvalidator.UniqueValues()},
			},
			"extra_py_files_locations": schema.ListAttribute{
				ElementType: types.StringType, Computed: true,
				Description: "`s3://` locations of `extra_py_files`, in order, as the job receives them.",
			},
			"source": schema.StringAttribute{
				Optional: true,
				Description: "Where the job reads: a bucket name (`supplychain_data_lake.main.raw.bucket`, passed as " +
					"`s3://<bucket>/`) or an `s3://bucket/prefix/` URI. Becomes `--source-path`.",
				Validators: []validator.String{validate.BucketOrS3URI()},
			},
			"target": schema.StringAttribute{
				Optional: true,
				Description: "Where the job writes, like `source` (`supplychain_data_lake.main.transformed.bucket`). " +
					"Becomes `--destination-path`.",
				Validators: []validator.String{validate.BucketOrS3URI()},
			},
			"default_arguments": schema.MapAttribute{
				ElementType: types.StringType, Optional: true,
				Description: "Further default arguments of every run (`--enable-metrics` = `true`, `--conf` = …). Keys start " +
					"with `--`. The arguments the resource sets from its own attributes (" + strings.Join(glue.ManagedArguments, ", ") +
					") cannot be set here. Arguments may be logged by Glue: pass no secrets.",
				Validators: []validator.Map{mapvalidator.KeysAre(stringvalidator.RegexMatches(argumentPattern,
					"must be an argument name starting with -- (--enable-metrics)"))},
			},
			"tags": schema.MapAttribute{
				ElementType: types.StringType, Optional: true,
				Description: "Tags of the job, merged over the provider's `default_tags`.",
			},
			"tags_all": schema.MapAttribute{
				ElementType: types.StringType, Computed: true,
				Description: "Tags of the job including the provider's `default_tags`.",
			},
		},
	}
}

func (r *etlJobResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *etlJobResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("script_source"), path.MatchRoot("script_location")),
	}
}

// ValidateConfig checks what spans attributes: the command's settings, the upload bucket, and
// that default_arguments does not set what the resource manages.
func (r *etlJobResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m etlJobModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !m.Command.IsUnknown() {
		cmd := m.Command.ValueString()
		if cmd == "" {
			cmd = glue.CommandGlueETL
		}
		switch cmd {
		case glue.CommandPythonShell:
			for name, v := range map[string]attr.Value{"worker_type": m.WorkerType, "number_of_workers": m.NumberOfWorkers} {
				if !v.IsNull() {
					resp.Diagnostics.AddAttributeError(path.Root(name), "Setting not used by Python shell jobs",
						fmt.Sprintf("A pythonshell job runs on capacity, not on workers: remove %s.", name))
				}
			}
			if v := m.GlueVersion; !v.IsNull() && !v.IsUnknown() && v.ValueString() != "1.0" && v.ValueString() != "3.0" {
				resp.Diagnostics.AddAttributeError(path.Root("glue_version"), "Glue version not available for Python shell",
					fmt.Sprintf("A pythonshell job runs on Glue 1.0 or 3.0, not %s.", v.ValueString()))
			}
		case glue.CommandGlueETL:
			if v := m.PythonVersion; !v.IsNull() && !v.IsUnknown() && v.ValueString() != "3" {
				resp.Diagnostics.AddAttributeError(path.Root("python_version"), "Python version not available for Spark jobs",
					fmt.Sprintf("A glueetl job takes python_version \"3\" (the Glue version decides the minor version), not %q.", v.ValueString()))
			}
		}
	}
	needBucket := !m.ScriptSource.IsNull()
	if !m.ExtraPyFiles.IsNull() && !m.ExtraPyFiles.IsUnknown() {
		var files []types.String
		resp.Diagnostics.Append(m.ExtraPyFiles.ElementsAs(ctx, &files, false)...)
		for _, f := range files {
			if !f.IsUnknown() && !f.IsNull() && !strings.HasPrefix(f.ValueString(), "s3://") {
				needBucket = true
			}
		}
	}
	if needBucket && m.ScriptBucket.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("script_bucket"), "Missing script bucket",
			"script_source and local extra_py_files are uploaded to script_bucket: set it, e.g. to supplychain_data_lake.main.code.bucket.")
	}
	if !m.DefaultArguments.IsNull() && !m.DefaultArguments.IsUnknown() {
		for k := range m.DefaultArguments.Elements() {
			if slices.Contains(glue.ManagedArguments, k) {
				resp.Diagnostics.AddAttributeError(path.Root("default_arguments"), "Argument managed by the resource",
					fmt.Sprintf("%s is set from the resource's own attributes (%s); remove it from default_arguments.", k, managedBy(k)))
			}
		}
	}
}

func managedBy(arg string) string {
	switch arg {
	case glue.ArgSourcePath:
		return "source"
	case glue.ArgDestinationPath:
		return "target"
	case glue.ArgExtraPyFiles:
		return "extra_py_files"
	default:
		return "job_bookmarks"
	}
}

// ModifyPlan fills in, at plan time, what the configuration decides: the command's defaults,
// the ARN, the merged tags, and the script's and extra modules' hashes and upload locations
// (the files are read and hashed here, so a changed file shows in the plan).
func (r *etlJobResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var config, plan etlJobModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.Command.IsUnknown() {
		cmd := plan.Command.ValueString()
		if config.GlueVersion.IsNull() {
			plan.GlueVersion = types.StringValue(glueVersionDefault[cmd])
		}
		if config.PythonVersion.IsNull() {
			plan.PythonVersion = types.StringValue(pythonVersionDefault[cmd])
		}
		if cmd == glue.CommandPythonShell {
			plan.WorkerType, plan.NumberOfWorkers = types.StringNull(), types.Int64Null()
		} else {
			if config.WorkerType.IsNull() {
				plan.WorkerType = types.StringValue(defaultWorkerType)
			}
			if config.NumberOfWorkers.IsNull() {
				plan.NumberOfWorkers = types.Int64Value(defaultNumberOfWorkers)
			}
		}
	}
	if !plan.Name.IsUnknown() && !plan.RoleARN.IsUnknown() && r.data != nil {
		plan.ID = plan.Name
		plan.ARN = types.StringValue(glue.JobARN(plan.RoleARN.ValueString(), r.data.Region(ctx), plan.Name.ValueString()))
	}

	uploadKnown := !plan.Name.IsUnknown() && !config.ScriptBucket.IsUnknown()
	switch {
	case !config.ScriptLocation.IsNull():
		plan.ScriptSHA256 = types.StringValue("")
	case !uploadKnown || config.ScriptSource.IsUnknown():
		plan.ScriptLocation, plan.ScriptSHA256 = types.StringUnknown(), types.StringUnknown()
	default:
		a, err := glue.NewArtifact(plan.Name.ValueString(), config.ScriptBucket.ValueString(), config.ScriptSource.ValueString())
		if err != nil {
			addOpAttributeError(&resp.Diagnostics, path.Root("script_source"), fmt.Sprintf("reading script_source for Glue job (%s)", plan.Name.ValueString()), err)
			return
		}
		plan.ScriptLocation, plan.ScriptSHA256 = types.StringValue(a.Location()), types.StringValue(a.SHA256)
	}

	switch {
	case config.ExtraPyFiles.IsNull():
		plan.ExtraPyFilesLocations = types.ListNull(types.StringType)
	case config.ExtraPyFiles.IsUnknown() || !uploadKnown:
		plan.ExtraPyFilesLocations = types.ListUnknown(types.StringType)
	default:
		_, locations, unknown, d := extraArtifacts(ctx, plan.Name.ValueString(), config.ScriptBucket.ValueString(), config.ExtraPyFiles)
		resp.Diagnostics.Append(d...)
		if d.HasError() {
			return
		}
		if unknown {
			plan.ExtraPyFilesLocations = types.ListUnknown(types.StringType)
		} else {
			plan.ExtraPyFilesLocations = stringList(locations)
		}
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

// extraArtifacts hashes the local entries of extra_py_files; s3:// entries are kept as they are.
func extraArtifacts(ctx context.Context, job, bucket string, list types.List) (artifacts []glue.Artifact, locations []string, unknown bool, diags diag.Diagnostics) {
	var files []types.String
	diags.Append(list.ElementsAs(ctx, &files, false)...)
	for i, f := range files {
		if f.IsUnknown() {
			unknown = true
			continue
		}
		s := f.ValueString()
		if strings.HasPrefix(s, "s3://") {
			locations = append(locations, s)
			continue
		}
		a, err := glue.NewArtifact(job, bucket, s)
		if err != nil {
			addOpAttributeError(&diags, path.Root("extra_py_files").AtListIndex(i), fmt.Sprintf("reading extra_py_files for Glue job (%s)", job), err)
			continue
		}
		artifacts = append(artifacts, a)
		locations = append(locations, a.Location())
	}
	return artifacts, locations, unknown, diags
}

func stringList(v []string) types.List {
	vals := make([]attr.Value, len(v))
	for i, s := range v {
		vals[i] = types.StringValue(s)
	}
	return types.ListValueMust(types.StringType, vals)
}

func listStrings(ctx context.Context, l types.List) []string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []string
	l.ElementsAs(ctx, &out, false)
	return out
}

func mapStrings(ctx context.Context, m types.Map) map[string]string {
	out := map[string]string{}
	if !m.IsNull() && !m.IsUnknown() {
		m.ElementsAs(ctx, &out, false)
	}
	return out
}

// pathArgument is the s3:// URI a job receives for a source or target: a bare bucket name
// means the whole bucket.
func pathArgument(v string) string {
	if strings.HasPrefix(v, "s3://") {
		return v
	}
	return "s3://" + v + "/"
}

// pathFromArgument is the attribute value for a live path argument: the prior value when it
// means the same, else the bucket name for a whole bucket, else the URI.
func pathFromArgument(prior types.String, live string, ok bool) types.String {
	if !ok {
		return types.StringNull()
	}
	if !prior.IsNull() && pathArgument(prior.ValueString()) == live {
		return prior
	}
	if b, key, isURI := glue.ParseS3URI(live); isURI && key == "" && strings.HasSuffix(live, "/") {
		return types.StringValue(b)
	}
	return types.StringValue(live)
}

func (r *etlJobResource) client(ctx context.Context, diags *diag.Diagnostics) *glue.Client {
	if r.data == nil {
		addNotConfigured(diags, "ETL job")
		return nil
	}
	g, err := r.data.Glue(ctx)
	if err != nil {
		addAWSConfigError(diags, "ETL job", err)
		return nil
	}
	s, err := r.data.S3(ctx)
	if err != nil {
		addAWSConfigError(diags, "ETL job", err)
		return nil
	}
	return &glue.Client{Glue: g, S3: s}
}

// jobFrom is the job definition a planned model asks for.
func jobFrom(ctx context.Context, m etlJobModel) glue.Job {
	args := mapStrings(ctx, m.DefaultArguments)
	args[glue.ArgJobBookmark] = "job-bookmark-" + m.JobBookmarks.ValueString()
	if !m.Source.IsNull() {
		args[glue.ArgSourcePath] = pathArgument(m.Source.ValueString())
	}
	if !m.Target.IsNull() {
		args[glue.ArgDestinationPath] = pathArgument(m.Target.ValueString())
	}
	if extra := listStrings(ctx, m.ExtraPyFilesLocations); len(extra) > 0 {
		args[glue.ArgExtraPyFiles] = strings.Join(extra, ",")
	}
	return glue.Job{
		Name:                  m.Name.ValueString(),
		Role:                  m.RoleARN.ValueString(),
		Command:               m.Command.ValueString(),
		ScriptLocation:        m.ScriptLocation.ValueString(),
		PythonVersion:         m.PythonVersion.ValueString(),
		GlueVersion:           m.GlueVersion.ValueString(),
		WorkerType:            m.WorkerType.ValueString(),
		NumberOfWorkers:       int32(m.NumberOfWorkers.ValueInt64()),
		Timeout:               int32(m.Timeout.ValueInt64()),
		MaxRetries:            int32(m.MaxRetries.ValueInt64()),
		MaxConcurrentRuns:     int32(m.MaxConcurrentRuns.ValueInt64()),
		SecurityConfiguration: m.SecurityConfiguration.ValueString(),
		DefaultArguments:      args,
	}
}

// uploads lists the artifacts of a planned model that come from local files.
func uploads(ctx context.Context, m etlJobModel, diags *diag.Diagnostics) []glue.Artifact {
	var out []glue.Artifact
	job, bucket := m.Name.ValueString(), m.ScriptBucket.ValueString()
	if !m.ScriptSource.IsNull() {
		a, err := glue.NewArtifact(job, bucket, m.ScriptSource.ValueString())
		if err != nil {
			addOpAttributeError(diags, path.Root("script_source"), fmt.Sprintf("reading script_source for Glue job (%s)", job), err)
			return nil
		}
		if a.SHA256 != m.ScriptSHA256.ValueString() {
			addOpAttributeError(diags, path.Root("script_source"), fmt.Sprintf("uploading script for Glue job (%s)", job), fmt.Errorf("%s: %w", a.Path, glue.ErrChangedSincePlan))
			return nil
		}
		out = append(out, a)
	}
	if !m.ExtraPyFiles.IsNull() {
		artifacts, locations, _, d := extraArtifacts(ctx, job, bucket, m.ExtraPyFiles)
		diags.Append(d...)
		if !slices.Equal(locations, listStrings(ctx, m.ExtraPyFilesLocations)) {
			addOpAttributeError(diags, path.Root("extra_py_files"), fmt.Sprintf("uploading extra_py_files for Glue job (%s)", job), glue.ErrChangedSincePlan)
			return nil
		}
		out = append(out, artifacts...)
	}
	return out
}

// upload puts the local artifacts of a planned model in S3 and returns the keys the job uses
// and the artifacts this call uploaded (not already there).
func (r *etlJobResource) upload(ctx context.Context, c *glue.Client, op string, m etlJobModel, diags *diag.Diagnostics) (map[string]bool, []glue.Artifact) {
	keys := map[string]bool{}
	var fresh []glue.Artifact
	artifacts := uploads(ctx, m, diags)
	if diags.HasError() {
		return nil, nil
	}
	for _, a := range artifacts {
		// The key names the content: an object already there is this content, uploaded before.
		present, err := c.Exists(ctx, a.Location())
		if err == nil && !present {
			err = c.Upload(ctx, a)
			if err == nil {
				fresh = append(fresh, a)
			}
		}
		if err != nil {
			addJobError(diags, op, m.Name.ValueString(), err)
			return nil, fresh
		}
		keys[a.Key] = true
	}
	return keys, fresh
}

// takeBack deletes what a failed create uploaded, so nothing is left that no job owns.
func takeBack(ctx context.Context, c *glue.Client, name string, fresh []glue.Artifact, diags *diag.Diagnostics) {
	for _, a := range fresh {
		if err := c.DeleteArtifact(ctx, a); err != nil {
			diags.AddWarning(fmt.Sprintf("creating Glue job (%s): upload left behind", name),
				fmt.Sprintf("The job was not created and %s could not be deleted: %v", a.Location(), err))
		}
	}
}

func addJobError(diags *diag.Diagnostics, op, name string, err error) {
	addOpError(diags, fmt.Sprintf("%s Glue job (%s)", op, name), err)
}

func (r *etlJobResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan etlJobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	name := plan.Name.ValueString()
	_, fresh := r.upload(ctx, c, "creating", plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		takeBack(ctx, c, name, fresh, &resp.Diagnostics)
		return
	}
	if err := c.Create(ctx, jobFrom(ctx, plan), mapStrings(ctx, plan.TagsAll)); err != nil {
		addJobError(&resp.Diagnostics, "creating", name, err)
		takeBack(ctx, c, name, fresh, &resp.Diagnostics)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *etlJobResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state etlJobModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	name := state.Name.ValueString()
	job, err := c.Get(ctx, name)
	if errors.Is(err, glue.ErrNotFound) {
		addGoneWarning(&resp.Diagnostics, "Glue job",
			fmt.Sprintf("The Glue job %s no longer exists; it is removed from state and will be created again.", name))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addJobError(&resp.Diagnostics, "reading", name, err)
		return
	}
	r.applyLive(&state, job)
	if state.ARN.IsNull() || state.ARN.ValueString() == "" {
		state.ARN = types.StringValue(glue.JobARN(job.Role, r.data.Region(ctx), name))
	}
	tags, err := c.Tags(ctx, state.ARN.ValueString())
	if err != nil {
		addJobError(&resp.Diagnostics, "reading tags of", name, err)
		return
	}
	state.TagsAll = tagsValue(tags)
	if own := r.data.ownTags(tags, mapStrings(ctx, state.Tags)); len(own) > 0 || !state.Tags.IsNull() {
		state.Tags = tagsValue(own)
	}
	// An uploaded artifact deleted out of band is uploaded again on the next apply.
	if state.ScriptSHA256.ValueString() != "" {
		if ok, err := c.Exists(ctx, state.ScriptLocation.ValueString()); err == nil && !ok {
			state.ScriptSHA256 = types.StringValue("")
		}
	}
	for _, loc := range listStrings(ctx, state.ExtraPyFilesLocations) {
		if glue.OwnedSHA256(name, loc) == "" {
			continue
		}
		if ok, err := c.Exists(ctx, loc); err == nil && !ok {
			state.ExtraPyFilesLocations = types.ListNull(types.StringType)
			break
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// applyLive sets the model from the job as Glue has it, so changes made out of band show.
func (r *etlJobResource) applyLive(m *etlJobModel, j *glue.Job) {
	m.ID = types.StringValue(j.Name)
	m.Name = types.StringValue(j.Name)
	m.RoleARN = types.StringValue(j.Role)
	m.Command = types.StringValue(j.Command)
	m.GlueVersion = optStringValue(j.GlueVersion)
	m.PythonVersion = optStringValue(j.PythonVersion)
	m.WorkerType = optStringValue(j.WorkerType)
	if j.NumberOfWorkers == 0 {
		m.NumberOfWorkers = types.Int64Null()
	} else {
		m.NumberOfWorkers = types.Int64Value(int64(j.NumberOfWorkers))
	}
	m.Timeout = types.Int64Value(int64(j.Timeout))
	m.MaxRetries = types.Int64Value(int64(j.MaxRetries))
	m.MaxConcurrentRuns = types.Int64Value(int64(j.MaxConcurrentRuns))
	m.SecurityConfiguration = optStringValue(j.SecurityConfiguration)
	if m.ScriptLocation.ValueString() != j.ScriptLocation {
		m.ScriptLocation = types.StringValue(j.ScriptLocation)
		m.ScriptSHA256 = types.StringValue(glue.OwnedSHA256(j.Name, j.ScriptLocation))
	}
	if m.ScriptSHA256.IsNull() {
		m.ScriptSHA256 = types.StringValue(glue.OwnedSHA256(j.Name, j.ScriptLocation))
	}
	if m.ScriptBucket.IsNull() && m.ScriptSHA256.ValueString() != "" {
		b, _, _ := glue.ParseS3URI(j.ScriptLocation)
		m.ScriptBucket = types.StringValue(b)
	}

	args := maps.Clone(j.DefaultArguments)
	bookmark := strings.TrimPrefix(args[glue.ArgJobBookmark], "job-bookmark-")
	if bookmark == "" {
		bookmark = "disable" // Glue's default
	}
	m.JobBookmarks = types.StringValue(bookmark)
	src, ok := args[glue.ArgSourcePath]
	m.Source = pathFromArgument(m.Source, src, ok)
	dst, ok := args[glue.ArgDestinationPath]
	m.Target = pathFromArgument(m.Target, dst, ok)
	if extra, ok := args[glue.ArgExtraPyFiles]; ok && extra != "" {
		m.ExtraPyFilesLocations = stringList(strings.Split(extra, ","))
	} else {
		m.ExtraPyFilesLocations = types.ListNull(types.StringType)
	}
	for _, k := range glue.ManagedArguments {
		delete(args, k)
	}
	if len(args) == 0 && m.DefaultArguments.IsNull() {
		m.DefaultArguments = types.MapNull(types.StringType)
	} else {
		m.DefaultArguments = tagsValue(args)
	}
}

func optStringValue(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func (r *etlJobResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state etlJobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	name := plan.Name.ValueString()
	keep, _ := r.upload(ctx, c, "updating", plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := c.Update(ctx, jobFrom(ctx, plan)); err != nil {
		addJobError(&resp.Diagnostics, "updating", name, err)
		return
	}
	have, err := c.Tags(ctx, plan.ARN.ValueString())
	if err == nil {
		err = c.SetTags(ctx, plan.ARN.ValueString(), have, mapStrings(ctx, plan.TagsAll))
	}
	if err != nil {
		addJobError(&resp.Diagnostics, "updating tags of", name, err)
		return
	}
	// The job no longer runs the artifacts it replaced: delete them (and every artifact left in
	// a bucket the job moved away from).
	newBucket, oldBucket := plan.ScriptBucket.ValueString(), state.ScriptBucket.ValueString()
	if oldBucket != "" && oldBucket != newBucket {
		if _, err := c.DeleteOwned(ctx, oldBucket, name, nil); err != nil {
			addJobError(&resp.Diagnostics, "updating", name, err)
		}
	}
	if newBucket != "" {
		if _, err := c.DeleteOwned(ctx, newBucket, name, keep); err != nil {
			addJobError(&resp.Diagnostics, "updating", name, err)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *etlJobResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state etlJobModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	name := state.Name.ValueString()
	if err := c.Delete(ctx, name); err != nil {
		addJobError(&resp.Diagnostics, "deleting", name, err)
		return
	}
	if b := state.ScriptBucket.ValueString(); b != "" {
		if _, err := c.DeleteOwned(ctx, b, name, nil); err != nil {
			addJobError(&resp.Diagnostics, "deleting", name, err)
		}
	}
}

// ImportState takes the job name. The local paths of script_source and extra_py_files cannot be
// read back from Glue: set them in the configuration, and the next plan compares their hashes with
// the imported locations.
func (r *etlJobResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	name := strings.TrimSpace(req.ID)
	if !jobNamePattern.MatchString(name) {
		addImportIDError(&resp.Diagnostics, fmt.Sprintf("%q is not a Glue job name (letters, digits, _, . and -).", name))
		return
	}
	m := etlJobModel{
		ID: types.StringValue(name), Name: types.StringValue(name), ARN: types.StringNull(),
		RoleARN: types.StringNull(), Command: types.StringNull(), GlueVersion: types.StringNull(),
		PythonVersion: types.StringNull(), WorkerType: types.StringNull(), NumberOfWorkers: types.Int64Null(),
		Timeout: types.Int64Null(), MaxRetries: types.Int64Null(), MaxConcurrentRuns: types.Int64Null(),
		JobBookmarks: types.StringNull(), SecurityConfiguration: types.StringNull(), ScriptSource: types.StringNull(),
		ScriptBucket: types.StringNull(), ScriptLocation: types.StringNull(), ScriptSHA256: types.StringNull(),
		ExtraPyFiles: types.ListNull(types.StringType), ExtraPyFilesLocations: types.ListNull(types.StringType),
		Source: types.StringNull(), Target: types.StringNull(), DefaultArguments: types.MapNull(types.StringType),
		Tags: types.MapNull(types.StringType), TagsAll: types.MapNull(types.StringType),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
