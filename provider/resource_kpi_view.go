package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nexabrands/supplychain/provider/internal/kpi"
	"github.com/nexabrands/supplychain/provider/internal/warehouse"
)

var (
	_ resource.ResourceWithConfigure      = (*kpiViewResource)(nil)
	_ resource.ResourceWithImportState    = (*kpiViewResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*kpiViewResource)(nil)
	_ resource.ResourceWithValidateConfig = (*kpiViewResource)(nil)
)

// NewKPIViewResource returns the supplychain_kpi_view resource.
func NewKPIViewResource() resource.Resource { return &kpiViewResource{} }

type kpiViewResource struct{ data *providerData }

type kpiViewModel struct {
	ID             types.String     `tfsdk:"id"`
	Schema         types.String     `tfsdk:"schema"`
	Name           types.String     `tfsdk:"name"`
	Metrics        types.Set        `tfsdk:"metrics"`
	Dimensions     types.Set        `tfsdk:"dimensions"`
	Period         types.String     `tfsdk:"period"`
	WithTargets    types.Bool       `tfsdk:"with_targets"`
	SourceSchema   types.String     `tfsdk:"source_schema"`
	Sources        *kpiSourcesModel `tfsdk:"source_tables"`
	Materialized   types.Bool       `tfsdk:"materialized"`
	SQL            types.String     `tfsdk:"sql"`
	RefreshCommand types.String     `tfsdk:"refresh_command"`
}

type kpiSourcesModel struct {
	OrderLines      types.String `tfsdk:"order_lines"`
	Orders          types.String `tfsdk:"orders"`
	Customers       types.String `tfsdk:"customers"`
	Products        types.String `tfsdk:"products"`
	CustomerTargets types.String `tfsdk:"customer_targets"`
	CityTargets     types.String `tfsdk:"city_targets"`
}

// Private state key holding the normalised pg_get_viewdef recorded after the provider's own
// change; Read compares the live definition with it.
const kpiViewDefKey = "viewdef"

func (r *kpiViewResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_kpi_view"
}

func (r *kpiViewResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	srcAttr := func(def string) schema.StringAttribute {
		return schema.StringAttribute{
			Optional: true, Description: fmt.Sprintf("Table name. Default `%s`.", def),
			Validators: []validator.String{warehouse.IdentifierValidator()},
		}
	}
	resp.Schema = schema.Schema{
		Description: "A view computing supply-chain KPIs (OT, IF, OTIF, LFR, VFR) from the star schema, by city, customer, " +
			"product or category and per day, week, month or quarter, optionally beside the customers' targets. " +
			"The generated SQL runs on PostgreSQL and Redshift. An out-of-band edit of the view shows as an update. " +
			"Import by `schema.view` (the spec is read back from the view's comment).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, Description: "`schema.view`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"schema": schema.StringAttribute{
				Required: true, Description: "Schema of the view. Changing it replaces the view.",
				Validators:    []validator.String{warehouse.IdentifierValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				Required: true, Description: "View name. Changing it replaces the view.",
				Validators:    []validator.String{warehouse.IdentifierValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"metrics": schema.SetAttribute{
				ElementType: types.StringType, Required: true,
				Description: "Metrics: `ot`, `if`, `otif` (per order), `lfr`, `vfr` (per line). Each gives `<metric>_pct` and its counts.",
				Validators:  []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.OneOf(kpi.Metrics...))},
			},
			"dimensions": schema.SetAttribute{
				ElementType: types.StringType, Optional: true,
				Description: "Dimensions: `city`, `customer`, `product`, `category`. None = one overall row (per period). " +
					"Order-level metrics cannot be split by product or category.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(stringvalidator.OneOf(kpi.Dimensions...))},
			},
			"period": schema.StringAttribute{
				Optional:    true,
				Description: "Time grain of `period_start` (from the order placement date): `day`, `week`, `month` or `quarter`. None = no time dimension.",
				Validators:  []validator.String{stringvalidator.OneOf(kpi.Periods...)},
			},
			"with_targets": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description: "Join the customers' targets: `<metric>_target` for ot, if, otif, the order-weighted mean of the customers' targets in the group.",
			},
			"source_schema": schema.StringAttribute{
				Optional: true, Computed: true,
				Description:   "Schema holding the star schema's tables. Defaults to `schema`.",
				Validators:    []validator.String{warehouse.IdentifierValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"source_tables": schema.SingleNestedAttribute{
				Optional:    true,
				Description: "Names of the star schema's tables when they differ from the defaults.",
				Attributes: map[string]schema.Attribute{
					"order_lines":      srcAttr(kpi.DefaultSources.OrderLines),
					"orders":           srcAttr(kpi.DefaultSources.Orders),
					"customers":        srcAttr(kpi.DefaultSources.Customers),
					"products":         srcAttr(kpi.DefaultSources.Products),
					"customer_targets": srcAttr(kpi.DefaultSources.CustomerTarget),
					"city_targets": schema.StringAttribute{
						Optional: true,
						Description: "Table of per-city targets (e.g. `dim_city_targets`, see supplychain_kpi_targets). When set, a view " +
							"split by city and not by customer shows a city's own target where it has one. Default: none.",
						Validators: []validator.String{warehouse.IdentifierValidator()},
					},
				},
			},
			"materialized": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description:   "Create a materialised view (stored results; refresh with `refresh_command`). Changing it replaces the view.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"sql": schema.StringAttribute{
				Computed:    true,
				Description: "The generated SELECT. After an out-of-band edit it shows the live definition until the next apply.",
			},
			"refresh_command": schema.StringAttribute{
				Computed:    true,
				Description: "For a materialised view, the statement that refreshes it (run it after each load); empty otherwise.",
			},
		},
	}
}

func (r *kpiViewResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = whConfigure(req, resp)
}

func whSetStrings(s types.Set) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var out []string
	for _, e := range s.Elements() {
		if v, ok := e.(types.String); ok {
			out = append(out, v.ValueString())
		}
	}
	return out
}

func (m kpiViewModel) known() bool {
	if m.Schema.IsUnknown() || m.Name.IsUnknown() || m.Metrics.IsUnknown() || m.Dimensions.IsUnknown() ||
		m.Period.IsUnknown() || m.WithTargets.IsUnknown() || m.SourceSchema.IsUnknown() {
		return false
	}
	if s := m.Sources; s != nil {
		for _, v := range []types.String{s.OrderLines, s.Orders, s.Customers, s.Products, s.CustomerTargets, s.CityTargets} {
			if v.IsUnknown() {
				return false
			}
		}
	}
	return true
}

func (m kpiViewModel) spec() kpi.Spec {
	src := kpi.Sources{Schema: m.SourceSchema.ValueString()}
	if src.Schema == "" {
		src.Schema = m.Schema.ValueString()
	}
	if s := m.Sources; s != nil {
		src.OrderLines, src.Orders, src.Customers = s.OrderLines.ValueString(), s.Orders.ValueString(), s.Customers.ValueString()
		src.Products, src.CustomerTarget = s.Products.ValueString(), s.CustomerTargets.ValueString()
		src.CityTarget = s.CityTargets.ValueString()
	}
	return kpi.Spec{
		Metrics: whSetStrings(m.Metrics), Dimensions: whSetStrings(m.Dimensions), Period: m.Period.ValueString(),
		WithTargets: m.WithTargets.ValueBool(), Sources: src,
	}
}

func (m kpiViewModel) label() string {
	return warehouse.QualifiedName(m.Schema.ValueString(), m.Name.ValueString())
}

func (m kpiViewModel) view(sql string) warehouse.View {
	return warehouse.View{
		Schema: m.Schema.ValueString(), Name: m.Name.ValueString(), SQL: sql,
		Comment: kpi.CommentPrefix + m.spec().JSON(), Materialized: m.Materialized.ValueBool(),
	}
}

func (m *kpiViewModel) setComputed(sql string) {
	m.ID = types.StringValue(warehouse.QualifiedID(m.Schema.ValueString(), m.Name.ValueString()))
	m.SQL = types.StringValue(sql)
	if m.SourceSchema.IsNull() || m.SourceSchema.IsUnknown() {
		m.SourceSchema = m.Schema
	}
	if m.Materialized.ValueBool() {
		m.RefreshCommand = types.StringValue(warehouse.RefreshSQL(m.Schema.ValueString(), m.Name.ValueString()))
	} else {
		m.RefreshCommand = types.StringValue("")
	}
}

func (r *kpiViewResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m kpiViewModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !m.known() || m.Metrics.IsNull() {
		return
	}
	if err := m.spec().Check(); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("metrics"), "Invalid KPI view", fmt.Sprintf("KPI view %s: %s", m.label(), err))
	}
}

// ModifyPlan shows the generated SQL in the plan, so a spec change — or drift, where Read put the
// live definition into `sql` — plans an update.
func (r *kpiViewResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan kpiViewModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !plan.known() {
		return
	}
	sql, err := kpi.Generate(plan.spec())
	if err != nil {
		resp.Diagnostics.AddError("Invalid KPI view", fmt.Sprintf("generating KPI view %s: %s", plan.label(), err))
		return
	}
	plan.setComputed(sql)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *kpiViewResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan kpiViewModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op := fmt.Sprintf("creating KPI view %s", plan.label())
	def, ok := r.write(ctx, &plan, &resp.Diagnostics, op)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, kpiViewDefKey, whPrivateString(def))...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *kpiViewResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan kpiViewModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op := fmt.Sprintf("updating KPI view %s", plan.label())
	def, ok := r.write(ctx, &plan, &resp.Diagnostics, op)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, kpiViewDefKey, whPrivateString(def))...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// write creates or replaces the view and returns its normalised live definition.
func (r *kpiViewResource) write(ctx context.Context, plan *kpiViewModel, diags *diag.Diagnostics, op string) (string, bool) {
	sql, err := kpi.Generate(plan.spec())
	if err != nil {
		addOpError(diags, op, err)
		return "", false
	}
	pool := r.data.whPool(ctx, diags, op)
	if pool == nil {
		return "", false
	}
	redshift, ok := r.data.whRedshift(ctx, diags, op)
	if !ok {
		return "", false
	}
	recreated, err := warehouse.ApplyView(ctx, pool, plan.view(sql), redshift)
	if err != nil {
		addOpError(diags, op, err)
		return "", false
	}
	if len(recreated) > 0 {
		diags.AddWarning("Dependent views recreated",
			fmt.Sprintf("%s: the new definition could not replace the old one in place, so these dependent views were dropped and "+
				"recreated from their definitions in the same transaction: %s. Grants on them must be given again.", op, strings.Join(recreated, ", ")))
	}
	live, found, err := warehouse.ReadView(ctx, pool, plan.Schema.ValueString(), plan.Name.ValueString())
	if err == nil && !found {
		err = fmt.Errorf("the view is not visible after the change")
	}
	if err != nil {
		addOpError(diags, op, err)
		return "", false
	}
	plan.setComputed(sql)
	return warehouse.NormalizeViewDef(live.Definition), true
}

func (r *kpiViewResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state kpiViewModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op := fmt.Sprintf("reading KPI view %s", state.label())
	pool := r.data.whPool(ctx, &resp.Diagnostics, op)
	if pool == nil {
		return
	}
	live, found, err := warehouse.ReadView(ctx, pool, state.Schema.ValueString(), state.Name.ValueString())
	if err != nil {
		addOpError(&resp.Diagnostics, op, err)
		return
	}
	if !found {
		addGoneWarning(&resp.Diagnostics, "KPI view",
			fmt.Sprintf("View %s no longer exists; removing it from state so it will be created again.", state.label()))
		resp.State.RemoveResource(ctx)
		return
	}
	if state.Metrics.IsNull() {
		// Import: recover the spec from the comment the provider wrote.
		spec, ok := kpi.SpecFromComment(live.Comment)
		if !ok {
			addOpError(&resp.Diagnostics, op, fmt.Errorf("the view's comment does not hold a supplychain_kpi_view spec; only views created by this resource can be imported"))
			return
		}
		state.fromSpec(ctx, spec)
	}
	state.Materialized = types.BoolValue(live.Materialized)
	sql, err := kpi.Generate(state.spec())
	if err != nil {
		addOpError(&resp.Diagnostics, op, err)
		return
	}
	state.setComputed(sql)
	liveDef := warehouse.NormalizeViewDef(live.Definition)
	baseline, diags := req.Private.GetKey(ctx, kpiViewDefKey)
	resp.Diagnostics.Append(diags...)
	if base := whFromPrivateString(baseline); base == "" {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, kpiViewDefKey, whPrivateString(liveDef))...)
	} else if base != liveDef {
		// Drift: show the live definition, so the plan (which holds the generated SQL) updates it.
		state.SQL = types.StringValue(live.Definition)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (m *kpiViewModel) fromSpec(ctx context.Context, s kpi.Spec) {
	m.Metrics, _ = types.SetValueFrom(ctx, types.StringType, s.Metrics)
	if len(s.Dimensions) > 0 {
		m.Dimensions, _ = types.SetValueFrom(ctx, types.StringType, s.Dimensions)
	} else {
		m.Dimensions = types.SetNull(types.StringType)
	}
	m.Period = types.StringPointerValue(whNullIfEmpty(s.Period))
	m.WithTargets = types.BoolValue(s.WithTargets)
	m.SourceSchema = types.StringValue(s.Sources.Schema)
	d := kpi.DefaultSources
	nondefault := func(v, def string) types.String {
		if v == def || v == "" {
			return types.StringNull()
		}
		return types.StringValue(v)
	}
	src := &kpiSourcesModel{
		OrderLines: nondefault(s.Sources.OrderLines, d.OrderLines), Orders: nondefault(s.Sources.Orders, d.Orders),
		Customers: nondefault(s.Sources.Customers, d.Customers), Products: nondefault(s.Sources.Products, d.Products),
		CustomerTargets: nondefault(s.Sources.CustomerTarget, d.CustomerTarget), CityTargets: nondefault(s.Sources.CityTarget, ""),
	}
	if !src.OrderLines.IsNull() || !src.Orders.IsNull() || !src.Customers.IsNull() || !src.Products.IsNull() ||
		!src.CustomerTargets.IsNull() || !src.CityTargets.IsNull() {
		m.Sources = src
	}
}

func (r *kpiViewResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state kpiViewModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op := fmt.Sprintf("dropping KPI view %s", state.label())
	pool := r.data.whPool(ctx, &resp.Diagnostics, op)
	if pool == nil {
		return
	}
	live, found, err := warehouse.ReadView(ctx, pool, state.Schema.ValueString(), state.Name.ValueString())
	if err != nil {
		addOpError(&resp.Diagnostics, op, err)
		return
	}
	if !found {
		return
	}
	if err := whExec(ctx, pool, []string{warehouse.DropViewSQL(state.Schema.ValueString(), state.Name.ValueString(), live.Materialized)}); err != nil {
		if warehouse.IsNotFound(err) {
			return
		}
		if warehouse.IsDependentObjects(err) {
			err = fmt.Errorf("%w (other views depend on it; drop or change them first)", err)
		}
		addOpError(&resp.Diagnostics, op, err)
	}
}

func (r *kpiViewResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	schemaName, name, err := warehouse.SplitQualified(req.ID)
	if err != nil {
		addImportIDError(&resp.Diagnostics, fmt.Sprintf("importing KPI view: %s", err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("schema"), schemaName)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
}

// Private state holds JSON; the definition is stored as a JSON string.
func whPrivateString(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}

func whFromPrivateString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return ""
	}
	return s
}
