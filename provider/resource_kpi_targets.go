package provider

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nexabrands/supplychain/provider/internal/kpi"
	"github.com/nexabrands/supplychain/provider/internal/warehouse"
)

var (
	_ resource.ResourceWithConfigure      = (*kpiTargetsResource)(nil)
	_ resource.ResourceWithImportState    = (*kpiTargetsResource)(nil)
	_ resource.ResourceWithValidateConfig = (*kpiTargetsResource)(nil)
)

// NewKPITargetsResource returns the supplychain_kpi_targets resource.
func NewKPITargetsResource() resource.Resource { return &kpiTargetsResource{} }

type kpiTargetsResource struct{ data *providerData }

type kpiTargetsModel struct {
	ID          types.String         `tfsdk:"id"`
	Schema      types.String         `tfsdk:"schema"`
	Table       types.String         `tfsdk:"table"`
	Targets     []kpiTargetModel     `tfsdk:"targets"`
	CityTable   types.String         `tfsdk:"city_table"`
	CityTargets []kpiCityTargetModel `tfsdk:"city_targets"`
}

type kpiCityTargetModel struct {
	City   types.String  `tfsdk:"city"`
	OnTime types.Float64 `tfsdk:"ontime"`
	InFull types.Float64 `tfsdk:"infull"`
	OTIF   types.Float64 `tfsdk:"otif"`
}

type kpiTargetModel struct {
	CustomerID types.Int64   `tfsdk:"customer_id"`
	OnTime     types.Float64 `tfsdk:"ontime"`
	InFull     types.Float64 `tfsdk:"infull"`
	OTIF       types.Float64 `tfsdk:"otif"`
}

func (r *kpiTargetsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_kpi_targets"
}

func (r *kpiTargetsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	pct := func(what string) schema.Float64Attribute {
		return schema.Float64Attribute{
			Optional: true, Description: what + " target in percent (0–100, two decimals are kept). Omitted = no target for this metric.",
			Validators: []validator.Float64{float64validator.Between(0, 100)},
		}
	}
	resp.Schema = schema.Schema{
		Description: "Per-customer OT / IF / OTIF targets kept as the rows of the targets table (customer_id, ontime_target, " +
			"infull_target, otif_target), so target changes go through review. The resource owns every row of the table: " +
			"a row edited, added or deleted out of band shows as drift. Import by `schema.table`, or by " +
			"`schema.table.city_table` when `city_targets` are managed (needed for a non-default `city_table`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, Description: "`schema.table`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"schema": schema.StringAttribute{
				Required: true, Description: "Schema of the targets table.",
				Validators:    []validator.String{warehouse.IdentifierValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"table": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(kpi.DefaultSources.CustomerTarget),
				Description:   "Targets table. Default `" + kpi.DefaultSources.CustomerTarget + "`.",
				Validators:    []validator.String{warehouse.IdentifierValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"city_table": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString("dim_city_targets"),
				Description:   "Table of per-city targets (city, ontime_target, infull_target, otif_target), used only with `city_targets`. Default `dim_city_targets`.",
				Validators:    []validator.String{warehouse.IdentifierValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"city_targets": schema.SetNestedAttribute{
				Optional: true,
				Description: "Optional per-city targets, kept as the rows of `city_table`. In a KPI view split by city (not by customer) " +
					"whose `source_tables.city_targets` names that table, a city's own target replaces the order-weighted mean of its " +
					"customers' targets. Omit the attribute to leave the city table alone.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"city":   schema.StringAttribute{Required: true, Description: "City, as in dim_customers.city."},
						"ontime": pct("On-time"),
						"infull": pct("In-full"),
						"otif":   pct("OTIF"),
					},
				},
			},
			"targets": schema.SetNestedAttribute{
				Required:    true,
				Description: "One entry per customer.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"customer_id": schema.Int64Attribute{Required: true, Description: "Customer id (dim_customers.customer_id)."},
						"ontime":      pct("On-time"),
						"infull":      pct("In-full"),
						"otif":        pct("OTIF"),
					},
				},
			},
		},
	}
}

func (r *kpiTargetsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = whConfigure(req, resp)
}

func (m kpiTargetsModel) label() string {
	return warehouse.QualifiedName(m.Schema.ValueString(), m.Table.ValueString())
}

func (m kpiTargetsModel) cityRows() []warehouse.CityTarget {
	if m.CityTargets == nil {
		return nil
	}
	out := make([]warehouse.CityTarget, 0, len(m.CityTargets))
	for _, t := range m.CityTargets {
		out = append(out, warehouse.CityTarget{City: t.City.ValueString(), OnTime: t.OnTime.ValueFloat64Pointer(),
			InFull: t.InFull.ValueFloat64Pointer(), OTIF: t.OTIF.ValueFloat64Pointer()})
	}
	return out
}

func (m kpiTargetsModel) rows() []warehouse.Target {
	out := make([]warehouse.Target, 0, len(m.Targets))
	for _, t := range m.Targets {
		out = append(out, warehouse.Target{CustomerID: t.CustomerID.ValueInt64(), OnTime: t.OnTime.ValueFloat64Pointer(),
			InFull: t.InFull.ValueFloat64Pointer(), OTIF: t.OTIF.ValueFloat64Pointer()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CustomerID < out[j].CustomerID })
	return out
}

func (r *kpiTargetsResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var raw types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("targets"), &raw)...)
	if resp.Diagnostics.HasError() || raw.IsUnknown() || raw.IsNull() {
		return // e.g. from a variable during `terraform validate`
	}
	var m kpiTargetsModel
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("targets"), &m.Targets)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var rawCities types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("city_targets"), &rawCities)...)
	if !rawCities.IsUnknown() && !rawCities.IsNull() {
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("city_targets"), &m.CityTargets)...)
		seenCity := map[string]bool{}
		for _, c := range m.CityTargets {
			if c.City.IsUnknown() || c.City.IsNull() {
				continue
			}
			if seenCity[c.City.ValueString()] {
				resp.Diagnostics.AddAttributeError(path.Root("city_targets"), "Duplicate city",
					fmt.Sprintf("city %q has more than one target entry.", c.City.ValueString()))
			}
			seenCity[c.City.ValueString()] = true
		}
	}
	seen := map[int64]bool{}
	for _, t := range m.Targets {
		if t.CustomerID.IsUnknown() || t.CustomerID.IsNull() {
			continue
		}
		id := t.CustomerID.ValueInt64()
		if seen[id] {
			resp.Diagnostics.AddAttributeError(path.Root("targets"), "Duplicate customer",
				fmt.Sprintf("customer_id %d has more than one target entry.", id))
		}
		seen[id] = true
		for _, v := range []types.Float64{t.OnTime, t.InFull, t.OTIF} {
			if v.IsNull() || v.IsUnknown() {
				continue
			}
			if f := v.ValueFloat64() * 100; math.Abs(f-math.Round(f)) > 1e-6 {
				resp.Diagnostics.AddAttributeError(path.Root("targets"), "Too many decimals",
					fmt.Sprintf("customer_id %d: target %v has more than two decimals; the table keeps two.", id, v.ValueFloat64()))
			}
		}
	}
}

func (r *kpiTargetsResource) write(ctx context.Context, m *kpiTargetsModel, diags *diag.Diagnostics, op string) bool {
	pool := r.data.whPool(ctx, diags, op)
	if pool == nil {
		return false
	}
	if err := warehouse.ReplaceAllTargets(ctx, pool, m.Schema.ValueString(), m.Table.ValueString(), m.rows(),
		m.CityTable.ValueString(), m.cityRows()); err != nil {
		addOpError(diags, op, err)
		return false
	}
	m.ID = types.StringValue(warehouse.QualifiedID(m.Schema.ValueString(), m.Table.ValueString()))
	return true
}

func (r *kpiTargetsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan kpiTargetsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.write(ctx, &plan, &resp.Diagnostics, fmt.Sprintf("writing KPI targets to %s", plan.label())) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	}
}

func (r *kpiTargetsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan kpiTargetsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.write(ctx, &plan, &resp.Diagnostics, fmt.Sprintf("writing KPI targets to %s", plan.label())) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	}
}

func (r *kpiTargetsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state kpiTargetsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op := fmt.Sprintf("reading KPI targets from %s", state.label())
	pool := r.data.whPool(ctx, &resp.Diagnostics, op)
	if pool == nil {
		return
	}
	importing := state.Targets == nil
	// Imported as schema.table.city_table: the city targets are managed, even when none.
	cityNamed := importing && !state.CityTable.IsNull() && !state.CityTable.IsUnknown()
	rows, found, err := warehouse.ReadTargets(ctx, pool, state.Schema.ValueString(), state.Table.ValueString())
	if err != nil {
		addOpError(&resp.Diagnostics, op, err)
		return
	}
	if !found {
		addGoneWarning(&resp.Diagnostics, "Targets table",
			fmt.Sprintf("Table %s no longer exists; removing the targets from state so they will be written again.", state.label()))
		resp.State.RemoveResource(ctx)
		return
	}
	state.Targets = make([]kpiTargetModel, 0, len(rows))
	for _, t := range rows {
		state.Targets = append(state.Targets, kpiTargetModel{
			CustomerID: types.Int64Value(t.CustomerID), OnTime: types.Float64PointerValue(t.OnTime),
			InFull: types.Float64PointerValue(t.InFull), OTIF: types.Float64PointerValue(t.OTIF),
		})
	}
	if state.CityTable.IsNull() || state.CityTable.IsUnknown() {
		state.CityTable = types.StringValue("dim_city_targets")
	}
	if importing || state.CityTargets != nil {
		cities, found, err := warehouse.ReadCityTargets(ctx, pool, state.Schema.ValueString(), state.CityTable.ValueString())
		if err != nil {
			addOpError(&resp.Diagnostics, op, err)
			return
		}
		switch {
		case found && (len(cities) > 0 || !importing || cityNamed):
			state.CityTargets = make([]kpiCityTargetModel, 0, len(cities))
			for _, c := range cities {
				state.CityTargets = append(state.CityTargets, kpiCityTargetModel{City: types.StringValue(c.City),
					OnTime: types.Float64PointerValue(c.OnTime), InFull: types.Float64PointerValue(c.InFull), OTIF: types.Float64PointerValue(c.OTIF)})
			}
		case !found && cityNamed:
			addOpError(&resp.Diagnostics, op, fmt.Errorf("the city targets table %s named in the import id does not exist",
				warehouse.QualifiedName(state.Schema.ValueString(), state.CityTable.ValueString())))
			return
		case !found && !importing:
			addGoneWarning(&resp.Diagnostics, "City targets table",
				fmt.Sprintf("Table %s no longer exists; the city targets will be written again once it does.",
					warehouse.QualifiedName(state.Schema.ValueString(), state.CityTable.ValueString())))
			state.CityTargets = []kpiCityTargetModel{}
		}
	}
	state.ID = types.StringValue(warehouse.QualifiedID(state.Schema.ValueString(), state.Table.ValueString()))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *kpiTargetsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state kpiTargetsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op := fmt.Sprintf("deleting KPI targets from %s", state.label())
	pool := r.data.whPool(ctx, &resp.Diagnostics, op)
	if pool == nil {
		return
	}
	if err := warehouse.ClearTargets(ctx, pool, state.Schema.ValueString(), state.Table.ValueString()); err != nil {
		addOpError(&resp.Diagnostics, op, err)
	}
	if state.CityTargets != nil {
		if err := warehouse.ClearTargets(ctx, pool, state.Schema.ValueString(), state.CityTable.ValueString()); err != nil {
			addOpError(&resp.Diagnostics, op, err)
		}
	}
}

// ImportState takes `schema.table`, or `schema.table.city_table` when the city targets are
// managed too: the city table is then named in state (so a non-default one plans no
// replacement) and its rows are read even when there are none.
func (r *kpiTargetsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts, err := warehouse.SplitQualifiedN(req.ID, 2, 3, "<schema>.<table> or <schema>.<table>.<city_table>")
	if err != nil {
		addImportIDError(&resp.Diagnostics, fmt.Sprintf("importing KPI targets: %s", err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("schema"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("table"), parts[1])...)
	if len(parts) == 3 {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("city_table"), parts[2])...)
	}
}
