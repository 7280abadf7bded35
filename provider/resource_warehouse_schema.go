package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nexabrands/supplychain/provider/internal/warehouse"
)

var (
	_ resource.ResourceWithConfigure   = (*warehouseSchemaResource)(nil)
	_ resource.ResourceWithImportState = (*warehouseSchemaResource)(nil)
)

// NewWarehouseSchemaResource returns the supplychain_warehouse_schema resource.
func NewWarehouseSchemaResource() resource.Resource { return &warehouseSchemaResource{} }

type warehouseSchemaResource struct{ data *providerData }

type warehouseSchemaModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	Owner       types.String `tfsdk:"owner"`
	Comment     types.String `tfsdk:"comment"`
	DropCascade types.Bool   `tfsdk:"drop_cascade"`
}

func (r *warehouseSchemaResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_warehouse_schema"
}

func (r *warehouseSchemaResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "A schema in the warehouse (Redshift or PostgreSQL). Destroying it is RESTRICT: it fails while " +
			"the schema holds objects, unless `drop_cascade = true`. Import by name.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, Description: "The schema name.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				Description: "Schema name, used verbatim (quoted): case, spaces and punctuation are kept. " +
					"At most 63 bytes, no control characters. Changing it replaces the schema.",
				Validators:    []validator.String{warehouse.IdentifierValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"owner": schema.StringAttribute{
				Optional: true, Computed: true,
				Description:   "Owning role. Defaults to the connecting user; shown as read from the server.",
				Validators:    []validator.String{warehouse.IdentifierValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"comment": schema.StringAttribute{Optional: true, Description: "Comment on the schema."},
			"drop_cascade": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description: "Drop the schema with CASCADE on destroy, taking every object in it. Default false (RESTRICT).",
			},
		},
	}
}

func (r *warehouseSchemaResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = whConfigure(req, resp)
}

func (m warehouseSchemaModel) spec() warehouse.Schema {
	return warehouse.Schema{Name: m.Name.ValueString(), Owner: m.Owner.ValueString(), Comment: m.Comment.ValueString()}
}

func (r *warehouseSchemaResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan warehouseSchemaModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op := fmt.Sprintf("creating warehouse schema %s", warehouse.Quote(plan.Name.ValueString()))
	pool := r.data.whPool(ctx, &resp.Diagnostics, op)
	if pool == nil {
		return
	}
	redshift, ok := r.data.whRedshift(ctx, &resp.Diagnostics, op)
	if !ok {
		return
	}
	if err := whExec(ctx, pool, warehouse.CreateSchemaSQL(plan.spec(), redshift)); err != nil {
		addOpError(&resp.Diagnostics, op, err)
		return
	}
	r.refresh(ctx, pool, &plan, &resp.Diagnostics, op)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// refresh fills computed values from the server after a change.
func (r *warehouseSchemaResource) refresh(ctx context.Context, pool *pgxpool.Pool, m *warehouseSchemaModel, diags *diag.Diagnostics, op string) {
	live, found, err := warehouse.ReadSchema(ctx, pool, m.Name.ValueString())
	if err == nil && !found {
		err = fmt.Errorf("the schema is not visible after the change")
	}
	if err != nil {
		addOpError(diags, op, err)
		return
	}
	comment := m.Comment
	m.fill(live)
	m.Comment = comment
}

func (r *warehouseSchemaResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state warehouseSchemaModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op := fmt.Sprintf("reading warehouse schema %s", warehouse.Quote(state.Name.ValueString()))
	pool := r.data.whPool(ctx, &resp.Diagnostics, op)
	if pool == nil {
		return
	}
	live, found, err := warehouse.ReadSchema(ctx, pool, state.Name.ValueString())
	if err != nil {
		addOpError(&resp.Diagnostics, op, err)
		return
	}
	if !found {
		addGoneWarning(&resp.Diagnostics, "Warehouse schema",
			fmt.Sprintf("Schema %s no longer exists; removing it from state so it will be created again.", warehouse.Quote(state.Name.ValueString())))
		resp.State.RemoveResource(ctx)
		return
	}
	state.fill(live)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (m *warehouseSchemaModel) fill(live warehouse.Schema) {
	m.ID = types.StringValue(live.Name)
	m.Name = types.StringValue(live.Name)
	m.Owner = types.StringValue(live.Owner)
	m.Comment = types.StringPointerValue(whNullIfEmpty(live.Comment))
	if m.DropCascade.IsNull() || m.DropCascade.IsUnknown() {
		m.DropCascade = types.BoolValue(false)
	}
}

func (r *warehouseSchemaResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state warehouseSchemaModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op := fmt.Sprintf("updating warehouse schema %s", warehouse.Quote(plan.Name.ValueString()))
	pool := r.data.whPool(ctx, &resp.Diagnostics, op)
	if pool == nil {
		return
	}
	redshift, ok := r.data.whRedshift(ctx, &resp.Diagnostics, op)
	if !ok {
		return
	}
	if stmts := warehouse.AlterSchemaSQL(state.spec(), plan.spec(), redshift); len(stmts) > 0 {
		if err := whExec(ctx, pool, stmts); err != nil {
			addOpError(&resp.Diagnostics, op, err)
			return
		}
	}
	r.refresh(ctx, pool, &plan, &resp.Diagnostics, op)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *warehouseSchemaResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state warehouseSchemaModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op := fmt.Sprintf("dropping warehouse schema %s", warehouse.Quote(state.Name.ValueString()))
	pool := r.data.whPool(ctx, &resp.Diagnostics, op)
	if pool == nil {
		return
	}
	cascade := state.DropCascade.ValueBool()
	if err := whExec(ctx, pool, []string{warehouse.DropSchemaSQL(state.Name.ValueString(), cascade)}); err != nil {
		if !cascade && warehouse.IsDependentObjects(err) {
			err = fmt.Errorf("%w (the schema still holds objects; remove them first or set drop_cascade = true and apply before destroying)", err)
		}
		addOpError(&resp.Diagnostics, op, err)
	}
}

func (r *warehouseSchemaResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if err := warehouse.CheckIdentifier(req.ID); err != nil {
		addImportIDError(&resp.Diagnostics, fmt.Sprintf("importing warehouse schema: the name %q %s", req.ID, err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("drop_cascade"), false)...)
}
