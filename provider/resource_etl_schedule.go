package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nexabrands/supplychain/provider/internal/glue"
	"github.com/nexabrands/supplychain/provider/internal/validate"
)

var (
	_ resource.ResourceWithConfigure      = (*etlScheduleResource)(nil)
	_ resource.ResourceWithImportState    = (*etlScheduleResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*etlScheduleResource)(nil)
	_ resource.ResourceWithValidateConfig = (*etlScheduleResource)(nil)
)

// NewETLScheduleResource returns the supplychain_etl_schedule resource.
func NewETLScheduleResource() resource.Resource { return &etlScheduleResource{} }

// etlScheduleResource is the order of the pipeline's Glue jobs as one resource: a list of stages,
// each a set of job names. Stage 1 gets a SCHEDULED trigger (cron), each later stage a CONDITIONAL
// trigger that fires when every job of the stage before has SUCCEEDED. One resource holds the
// whole DAG (rather than attributes on each job) because a stage's trigger depends on the jobs of
// two stages: the DAG reads in one place, a reorder is one diff, and the jobs stay independent of
// their order.
type etlScheduleResource struct{ data *providerData }

type etlScheduleModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	Schedule     types.String `tfsdk:"schedule"`
	Stages       types.List   `tfsdk:"stages"`
	Enabled      types.Bool   `tfsdk:"enabled"`
	TriggerNames types.List   `tfsdk:"trigger_names"`
}

// maxStages bounds the DAG, and the triggers an import looks for.
const maxStages = 50

var (
	scheduleNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$`)
	stageType           = types.SetType{ElemType: types.StringType}
)

// triggerName is the name of the trigger of stage i (0-based): <schedule>-stage-<i+1>.
func triggerName(schedule string, i int) string { return fmt.Sprintf("%s-stage-%d", schedule, i+1) }

func (r *etlScheduleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_etl_schedule"
}

func (r *etlScheduleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "The order and schedule of the pipeline's Glue jobs, as Glue triggers. `stages` is the DAG: a list of " +
			"stages, each a set of job names that run in parallel. The first stage starts on `schedule` (a SCHEDULED " +
			"trigger); each later stage starts when every job of the stage before it has SUCCEEDED (a CONDITIONAL " +
			"trigger), so a failed job stops the rest of that run. The triggers are named `<name>-stage-<n>` (n from 1). " +
			"Every refresh reads each trigger (one GetTrigger per stage), so a trigger changed, deactivated or deleted " +
			"outside Terraform shows in the next plan, and apply restores it. Destroying the schedule deletes its triggers, " +
			"not the jobs.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, Description: "The schedule name.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				Description: "Schedule name: letters, digits, `_`, `.` and `-`, up to 200 characters, starting with a letter or " +
					"digit. The triggers are named after it; changing it replaces the schedule.",
				Validators:    []validator.String{stringvalidator.RegexMatches(scheduleNamePattern, "must be 1 to 200 letters, digits, `_`, `.` or `-`, starting with a letter or digit")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"schedule": schema.StringAttribute{
				Required: true,
				Description: "When the first stage starts, as an AWS cron expression in UTC: `cron(Minutes Hours Day-of-month " +
					"Month Day-of-week Year)`, exactly one of day-of-month and day-of-week being `?`. Daily at 02:00 UTC is " +
					"`cron(0 2 * * ? *)`.",
				Validators: []validator.String{validate.Cron()},
			},
			"stages": schema.ListAttribute{
				ElementType: stageType, Required: true,
				Description: fmt.Sprintf("The DAG, in order: each stage is a set of Glue job names (e.g. "+
					"`supplychain_etl_job.orders.name`) started together; stage n+1 waits for every job of stage n to "+
					"succeed. 1 to %d stages; a job is in one stage only.", maxStages),
				Validators: []validator.List{
					listvalidator.SizeBetween(1, maxStages),
					listvalidator.ValueSetsAre(
						setvalidator.SizeAtLeast(1),
						setvalidator.ValueStringsAre(stringvalidator.RegexMatches(jobNamePattern, "must be a Glue job name")),
					),
				},
			},
			"enabled": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				Description: "Whether the triggers are activated (the default): they are created with `StartOnCreation` and " +
					"started or stopped when this changes. `false` keeps the DAG defined but runs nothing.",
			},
			"trigger_names": schema.ListAttribute{
				ElementType: types.StringType, Computed: true,
				Description: "The Glue trigger of each stage, in order: `<name>-stage-1` (SCHEDULED), `<name>-stage-2` " +
					"(CONDITIONAL), ….",
			},
		},
	}
}

func (r *etlScheduleResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig refuses a job in two stages: Glue would wait on a job that it starts itself
// ("Job cannot be a Predicate and Action for Conditional Trigger") or run it twice a day.
func (r *etlScheduleResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m etlScheduleModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.Stages.IsNull() || m.Stages.IsUnknown() {
		return
	}
	seen := map[string]int{}
	for i, el := range m.Stages.Elements() {
		set, ok := el.(types.Set)
		if !ok || set.IsNull() || set.IsUnknown() {
			continue
		}
		for _, v := range set.Elements() {
			s, ok := v.(types.String)
			if !ok || s.IsNull() || s.IsUnknown() {
				continue
			}
			if first, dup := seen[s.ValueString()]; dup {
				resp.Diagnostics.AddAttributeError(path.Root("stages").AtListIndex(i), "Job in two stages",
					fmt.Sprintf("The job %s is in stage %d and stage %d: a job runs in one stage of the schedule only.", s.ValueString(), first+1, i+1))
				continue
			}
			seen[s.ValueString()] = i
		}
	}
}

// ModifyPlan shows the trigger names as soon as the number of stages is known.
func (r *etlScheduleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan etlScheduleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.Name.IsUnknown() || plan.Stages.IsUnknown() || plan.Stages.IsNull() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("trigger_names"), types.ListUnknown(types.StringType))...)
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("trigger_names"),
		triggerNames(plan.Name.ValueString(), len(plan.Stages.Elements())))...)
}

func triggerNames(schedule string, n int) types.List {
	names := make([]string, n)
	for i := range names {
		names[i] = triggerName(schedule, i)
	}
	return stringList(names)
}

// stagesOf is the job names of each stage, sorted within a stage.
func stagesOf(ctx context.Context, l types.List, diags *diag.Diagnostics) [][]string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var sets []types.Set
	diags.Append(l.ElementsAs(ctx, &sets, false)...)
	out := make([][]string, len(sets))
	for i, s := range sets {
		var jobs []string
		if !s.IsNull() && !s.IsUnknown() {
			diags.Append(s.ElementsAs(ctx, &jobs, false)...)
		}
		slices.Sort(jobs)
		out[i] = jobs
	}
	return out
}

func stagesValue(stages [][]string) types.List {
	vals := make([]attr.Value, len(stages))
	for i, jobs := range stages {
		els := make([]attr.Value, len(jobs))
		for k, j := range jobs {
			els[k] = types.StringValue(j)
		}
		vals[i] = types.SetValueMust(types.StringType, els)
	}
	return types.ListValueMust(stageType, vals)
}

// triggersOf is the trigger of each stage the model asks for.
func triggersOf(name, schedule string, stages [][]string) []glue.Trigger {
	out := make([]glue.Trigger, len(stages))
	for i, jobs := range stages {
		t := glue.Trigger{Name: triggerName(name, i), Jobs: jobs}
		if i == 0 {
			t.Type, t.Schedule = glue.TriggerScheduled, schedule
		} else {
			t.Type, t.After = glue.TriggerConditional, stages[i-1]
		}
		out[i] = t
	}
	return out
}

func sameJobs(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// matches reports whether a live trigger does what the wanted one says (activation aside).
func matches(live *glue.Trigger, want glue.Trigger) bool {
	if !live.Plain || live.Type != want.Type || !sameJobs(live.Jobs, want.Jobs) {
		return false
	}
	if want.Type == glue.TriggerScheduled {
		return live.Schedule == want.Schedule && len(live.After) == 0
	}
	return sameJobs(live.After, want.After)
}

func addScheduleError(diags *diag.Diagnostics, op, name string, err error) {
	addOpError(diags, fmt.Sprintf("%s Glue schedule (%s)", op, name), err)
}

func (r *etlScheduleResource) client(ctx context.Context, diags *diag.Diagnostics) *glue.Client {
	if r.data == nil {
		addNotConfigured(diags, "ETL schedule")
		return nil
	}
	g, err := r.data.Glue(ctx)
	if err != nil {
		addAWSConfigError(diags, "ETL schedule", err)
		return nil
	}
	return &glue.Client{Glue: g}
}

func (r *etlScheduleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan etlScheduleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	name := plan.Name.ValueString()
	stages := stagesOf(ctx, plan.Stages, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var created []string
	for _, t := range triggersOf(name, plan.Schedule.ValueString(), stages) {
		if err := c.CreateTrigger(ctx, t, plan.Enabled.ValueBool()); err != nil {
			addScheduleError(&resp.Diagnostics, "creating", name, fmt.Errorf("trigger %s: %w", t.Name, err))
			// Nothing is in state yet: take back the triggers made so far, so none is left unmanaged.
			for _, n := range created {
				if err := c.DeleteTrigger(ctx, n); err != nil {
					resp.Diagnostics.AddWarning(fmt.Sprintf("creating Glue schedule (%s): trigger left behind", name),
						fmt.Sprintf("The schedule was not created and its trigger %s could not be deleted: %v", n, err))
				}
			}
			return
		}
		created = append(created, t.Name)
	}
	plan.ID = types.StringValue(name)
	plan.TriggerNames = triggerNames(name, len(stages))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *etlScheduleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state etlScheduleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	name := state.Name.ValueString()
	prior := stagesOf(ctx, state.Stages, &resp.Diagnostics)
	imported := state.Stages.IsNull()
	n := len(prior)
	if imported {
		n = maxStages
	}
	var live []*glue.Trigger
	for i := range n {
		t, err := c.GetTrigger(ctx, triggerName(name, i))
		if errors.Is(err, glue.ErrTriggerNotFound) {
			if imported {
				break // an import reads stages until the first missing trigger
			}
			t = nil
		} else if err != nil {
			addScheduleError(&resp.Diagnostics, "reading", name, fmt.Errorf("trigger %s: %w", triggerName(name, i), err))
			return
		}
		live = append(live, t)
	}
	if !slices.ContainsFunc(live, func(t *glue.Trigger) bool { return t != nil }) {
		addGoneWarning(&resp.Diagnostics, "Glue schedule",
			fmt.Sprintf("No trigger of the Glue schedule %s exists; it is removed from state and will be created again.", name))
		resp.State.RemoveResource(ctx)
		return
	}

	// A stage reads as its trigger's jobs when the trigger is the schedule's kind of trigger and
	// waits on the stage before; otherwise as no jobs, so the plan shows the stage to restore.
	stages := make([][]string, len(live))
	schedule := ""
	active, inactive := 0, 0
	for i, t := range live {
		stages[i] = []string{}
		if t == nil {
			continue
		}
		if t.Active() {
			active++
		} else {
			inactive++
		}
		wantType := glue.TriggerConditional
		if i == 0 {
			wantType = glue.TriggerScheduled
			if t.Type == glue.TriggerScheduled {
				schedule = t.Schedule
			}
		}
		var before []string
		if i > 0 {
			if live[i-1] != nil {
				before = live[i-1].Jobs
			} else if i-1 < len(prior) {
				before = prior[i-1]
			}
		}
		if t.Type != wantType || !t.Plain || (i > 0 && !sameJobs(t.After, before)) {
			resp.Diagnostics.AddWarning("Glue trigger changed outside Terraform",
				fmt.Sprintf("The trigger %s of the Glue schedule %s is not a %s trigger of stage %d as the schedule defines it "+
					"(changed outside Terraform); the next apply restores it.", t.Name, name, wantType, i+1))
			continue
		}
		stages[i] = slices.Sorted(slices.Values(t.Jobs))
	}
	state.ID = types.StringValue(name)
	state.Schedule = types.StringValue(schedule)
	state.Stages = stagesValue(stages)
	state.TriggerNames = triggerNames(name, len(stages))
	switch {
	case inactive == 0:
		state.Enabled = types.BoolValue(true)
	case active == 0:
		state.Enabled = types.BoolValue(false)
	default:
		// Some triggers run and some do not: neither value is true, so the plan shows a change
		// whatever the configuration says, and apply brings every trigger to it.
		state.Enabled = types.BoolValue(!state.Enabled.ValueBool())
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update brings every trigger to the plan: it creates the missing ones, recreates one whose type
// was changed, updates the ones that differ, starts or stops them to match enabled, and deletes
// the triggers of stages the plan no longer has.
func (r *etlScheduleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state etlScheduleModel
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
	stages := stagesOf(ctx, plan.Stages, &resp.Diagnostics)
	old := len(stagesOf(ctx, state.Stages, &resp.Diagnostics))
	if resp.Diagnostics.HasError() {
		return
	}
	enabled := plan.Enabled.ValueBool()
	fail := func(t string, err error) {
		addScheduleError(&resp.Diagnostics, "updating", name, fmt.Errorf("trigger %s: %w", t, err))
	}
	for _, want := range triggersOf(name, plan.Schedule.ValueString(), stages) {
		live, err := c.GetTrigger(ctx, want.Name)
		switch {
		case errors.Is(err, glue.ErrTriggerNotFound):
			err = c.CreateTrigger(ctx, want, enabled)
		case err != nil:
		case live.Type != want.Type:
			// Glue cannot change a trigger's type.
			if err = c.DeleteTrigger(ctx, want.Name); err == nil {
				err = c.CreateTrigger(ctx, want, enabled)
			}
		default:
			if !matches(live, want) {
				err = c.UpdateTrigger(ctx, want)
			}
			if err == nil && enabled && !live.Active() {
				err = c.StartTrigger(ctx, want.Name)
			}
			if err == nil && !enabled && live.Active() {
				err = c.StopTrigger(ctx, want.Name)
			}
		}
		if err != nil {
			fail(want.Name, err)
			return
		}
	}
	for i := len(stages); i < old; i++ {
		if err := c.DeleteTrigger(ctx, triggerName(name, i)); err != nil {
			fail(triggerName(name, i), err)
			return
		}
	}
	plan.ID = types.StringValue(name)
	plan.TriggerNames = triggerNames(name, len(stages))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete removes the triggers of every stage; one already gone is not an error. The jobs stay.
func (r *etlScheduleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state etlScheduleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	name := state.Name.ValueString()
	n := len(stagesOf(ctx, state.Stages, &resp.Diagnostics))
	for i := range n {
		if err := c.DeleteTrigger(ctx, triggerName(name, i)); err != nil {
			addScheduleError(&resp.Diagnostics, "deleting", name, fmt.Errorf("trigger %s: %w", triggerName(name, i), err))
		}
	}
}

// ImportState takes the schedule name; Read then reads the triggers <name>-stage-1, -stage-2, …
// up to the first that does not exist.
func (r *etlScheduleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	name := strings.TrimSpace(req.ID)
	if !scheduleNamePattern.MatchString(name) {
		addImportIDError(&resp.Diagnostics, fmt.Sprintf("%q is not a schedule name (letters, digits, _, . and -).", name))
		return
	}
	m := etlScheduleModel{
		ID: types.StringValue(name), Name: types.StringValue(name), Schedule: types.StringNull(),
		Stages: types.ListNull(stageType), Enabled: types.BoolNull(), TriggerNames: types.ListNull(types.StringType),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
