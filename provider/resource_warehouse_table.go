package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
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
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nexabrands/supplychain/provider/internal/warehouse"
)

var (
	_ resource.ResourceWithConfigure      = (*warehouseTableResource)(nil)
	_ resource.ResourceWithImportState    = (*warehouseTableResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*warehouseTableResource)(nil)
	_ resource.ResourceWithValidateConfig = (*warehouseTableResource)(nil)
)

// NewWarehouseTableResource returns the supplychain_warehouse_table resource.
func NewWarehouseTableResource() resource.Resource { return &warehouseTableResource{} }

type warehouseTableResource struct{ data *providerData }

type warehouseTableModel struct {
	ID                 types.String           `tfsdk:"id"`
	Schema             types.String           `tfsdk:"schema"`
	Name               types.String           `tfsdk:"name"`
	Comment            types.String           `tfsdk:"comment"`
	Columns            []warehouseColumnModel `tfsdk:"columns"`
	PrimaryKey         types.List             `tfsdk:"primary_key"`
	DistStyle          types.String           `tfsdk:"diststyle"`
	DistKey            types.String           `tfsdk:"distkey"`
	SortKeys           types.List             `tfsdk:"sortkeys"`
	StrictRedshift     types.Bool             `tfsdk:"strict_redshift"`
	AllowDropColumns   types.Bool             `tfsdk:"allow_drop_columns"`
	DeletionProtection types.Bool             `tfsdk:"deletion_protection"`
}

type warehouseColumnModel struct {
	Name     types.String           `tfsdk:"name"`
	Type     warehouse.SQLTypeValue `tfsdk:"type"`
	Nullable types.Bool             `tfsdk:"nullable"`
	Comment  types.String           `tfsdk:"comment"`
	Encode   types.String           `tfsdk:"encode"`
}

func (r *warehouseTableResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_warehouse_table"
}

func (r *warehouseTableResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	identList := []validator.List{listvalidator.ValueStringsAre(warehouse.IdentifierValidator()), listvalidator.UniqueValues()}
	resp.Schema = schema.Schema{
		Description: "A table in the warehouse. Adding columns and changing nullability or comments happen in place; " +
			"dropping a column needs `allow_drop_columns`; a type change is made in place where the server can widen " +
			"the column safely and otherwise replaces the table, which `deletion_protection` refuses while the table " +
			"holds rows. Read introspects the live table, so out-of-band ALTERs show as drift. Import by `schema.table`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, Description: "`schema.table` (a part holding a dot or quote is double-quoted).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"schema": schema.StringAttribute{
				Required: true, Description: "Schema of the table (verbatim, quoted). Changing it replaces the table.",
				Validators:    []validator.String{warehouse.IdentifierValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				Required: true, Description: "Table name (verbatim, quoted). Changing it replaces the table.",
				Validators:    []validator.String{warehouse.IdentifierValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"comment": schema.StringAttribute{Optional: true, Description: "Comment on the table."},
			"columns": schema.ListNestedAttribute{
				Required:    true,
				Description: "Columns, in order. New columns are appended to the live table.",
				Validators:  []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"name": schema.StringAttribute{
							Required: true, Description: "Column name (verbatim, quoted).",
							Validators: []validator.String{warehouse.IdentifierValidator()},
						},
						"type": schema.StringAttribute{
							Required:   true,
							CustomType: warehouse.SQLType{},
							Description: "Column type, one PostgreSQL and Redshift share. Aliases are normalised, so " +
								"`int`/`int4`/`integer`, `int8`/`bigint`, `varchar(n)`/`character varying(n)`, `decimal(p,s)`/`numeric(p,s)`, " +
								"`timestamp`/`timestamp without time zone`, `bool`/`boolean` (and the rest listed in the guide) never show " +
								"a diff; the spelling in state is kept while the configuration names the same type. Import writes the " +
								"short spelling (`varchar(n)`, `char(n)`, `timestamp`, `timestamptz`, `time`; otherwise `integer`, " +
								"`bigint`, `numeric(p,s)`, `double precision` … as PostgreSQL names them).",
						},
						"nullable": schema.BoolAttribute{
							Optional: true, Computed: true,
							Description: "Whether the column accepts NULL. Default true, and false for primary key columns (both engines make " +
								"them NOT NULL). Changed in place on PostgreSQL; replaces the table on Redshift.",
						},
						"comment": schema.StringAttribute{Optional: true, Description: "Comment on the column."},
						"encode": schema.StringAttribute{
							Optional:    true,
							Description: "Redshift compression encoding (" + strings.Join(warehouse.Encodings, ", ") + "). Ignored on PostgreSQL (see `strict_redshift`).",
							Validators:  []validator.String{stringvalidator.OneOfCaseInsensitive(warehouse.Encodings...)},
						},
					},
				},
			},
			"primary_key": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				Description: "Primary key columns, in order. Changing it replaces the table.",
				Validators:  identList,
			},
			"diststyle": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: "Redshift DISTSTYLE: AUTO, EVEN, KEY or ALL. Ignored on PostgreSQL (see `strict_redshift`). " + whRedshiftOptionNote,
				Validators:  []validator.String{stringvalidator.OneOfCaseInsensitive(warehouse.DistStyles...)},
			},
			"distkey": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: "Redshift DISTKEY column. Ignored on PostgreSQL (see `strict_redshift`). " + whRedshiftOptionNote,
				Validators:  []validator.String{warehouse.IdentifierValidator()},
			},
			"sortkeys": schema.ListAttribute{
				ElementType: types.StringType, Optional: true, Computed: true,
				Description: "Redshift compound SORTKEY columns. Ignored on PostgreSQL (see `strict_redshift`). " + whRedshiftOptionNote,
				Validators:  identList,
			},
			"strict_redshift": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description: "When true, Redshift options (diststyle, distkey, sortkeys, encode) on a server that is not " +
					"Redshift are an error instead of a warning. Default false.",
			},
			"allow_drop_columns": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description: "Allow removing a column from `columns` to drop it (and its data). Default false.",
			},
			"deletion_protection": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				Description: "While true (the default), destroying or replacing the table is refused when it holds rows. " +
					"A replacement is refused at plan time; a destroy when the table is about to be dropped, after the resources " +
					"that depend on it are destroyed, so the rows `supplychain_kpi_targets` wrote (and deletes first) do not hold it. " +
					"Set it to false and apply before a change that drops the table.",
			},
		},
	}
}

// whRedshiftOptionNote documents how the Redshift-only options are planned and imported.
const whRedshiftOptionNote = "Import reads it from Redshift; on another server there is nothing to read, so import stores it " +
	"empty, and there a change to it plans nothing (it is not applied). Left out of the configuration, the value in state is kept."

func (r *warehouseTableResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = whConfigure(req, resp)
}

func whStringList(l types.List) []string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []string
	for _, e := range l.Elements() {
		if s, ok := e.(types.String); ok {
			out = append(out, s.ValueString())
		}
	}
	return out
}

func whListOrNull(ss []string, prior types.List) types.List {
	if len(ss) == 0 && (prior.IsNull() || prior.IsUnknown()) {
		return types.ListNull(types.StringType)
	}
	v, _ := types.ListValueFrom(context.Background(), types.StringType, ss)
	if ss == nil {
		v, _ = types.ListValueFrom(context.Background(), types.StringType, []string{})
	}
	return v
}

func (m warehouseTableModel) spec() warehouse.Table {
	t := warehouse.Table{
		Schema: m.Schema.ValueString(), Name: m.Name.ValueString(), Comment: m.Comment.ValueString(),
		PrimaryKey: whStringList(m.PrimaryKey), DistStyle: m.DistStyle.ValueString(), DistKey: m.DistKey.ValueString(),
		SortKeys: whStringList(m.SortKeys),
	}
	for _, c := range m.Columns {
		t.Columns = append(t.Columns, warehouse.Column{
			Name: c.Name.ValueString(), Type: c.Type.ValueString(), Nullable: m.nullable(c),
			Comment: c.Comment.ValueString(), Encode: c.Encode.ValueString(),
		})
	}
	return t
}

// nullable is the column's nullability: as configured, else true except for primary key columns.
func (m warehouseTableModel) nullable(c warehouseColumnModel) bool {
	if !c.Nullable.IsNull() && !c.Nullable.IsUnknown() {
		return c.Nullable.ValueBool()
	}
	for _, k := range whStringList(m.PrimaryKey) {
		if k == c.Name.ValueString() {
			return false
		}
	}
	return true
}

func (m warehouseTableModel) known() bool {
	if m.Schema.IsUnknown() || m.Name.IsUnknown() || m.PrimaryKey.IsUnknown() || m.DistKey.IsUnknown() || m.SortKeys.IsUnknown() || m.DistStyle.IsUnknown() {
		return false
	}
	for _, c := range m.Columns {
		if c.Name.IsUnknown() || c.Type.IsUnknown() || c.Encode.IsUnknown() {
			return false
		}
	}
	return true
}

func (m warehouseTableModel) label() string {
	return warehouse.QualifiedName(m.Schema.ValueString(), m.Name.ValueString())
}

func (r *warehouseTableResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var raw types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("columns"), &raw)...)
	if resp.Diagnostics.HasError() || raw.IsUnknown() || raw.IsNull() {
		return // e.g. from a variable during `terraform validate`
	}
	var m warehouseTableModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !m.known() || m.Columns == nil {
		return
	}
	if err := m.spec().Check(); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("columns"), "Invalid table definition",
			fmt.Sprintf("table %s: %s", m.label(), err))
	}
	for _, k := range whStringList(m.PrimaryKey) {
		for _, c := range m.Columns {
			if c.Name.ValueString() == k && c.Nullable.ValueBool() {
				resp.Diagnostics.AddAttributeError(path.Root("columns"), "Nullable primary key column",
					fmt.Sprintf("table %s: column %q is in the primary key, which makes it NOT NULL; remove nullable = true.", m.label(), k))
			}
		}
	}
}

// ModifyPlan decides in place vs replacement from the columns, and enforces allow_drop_columns
// and, for a replacement, deletion_protection at plan time, so a refused change fails before
// anything is touched. A destroy is guarded in Delete (see there).
func (r *warehouseTableResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() && req.Plan.Raw.IsNull() {
		return
	}
	var plan, state warehouseTableModel
	if !req.Plan.Raw.IsNull() {
		var raw types.List
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("columns"), &raw)...)
		if resp.Diagnostics.HasError() || raw.IsUnknown() {
			return // decided at apply
		}
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	}
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if !req.Plan.Raw.IsNull() && !plan.PrimaryKey.IsUnknown() {
		// Unset nullability means true, false for primary key columns — always, not "whatever the
		// state says", so a NOT NULL added or dropped out of band still shows as drift.
		var cfg warehouseTableModel
		resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
		if resp.Diagnostics.HasError() {
			return
		}
		changed := false
		for i, c := range cfg.Columns {
			if c.Nullable.IsNull() && i < len(plan.Columns) && !plan.Columns[i].Name.IsUnknown() {
				want := types.BoolValue(plan.nullable(warehouseColumnModel{Name: plan.Columns[i].Name, Nullable: types.BoolNull()}))
				if !plan.Columns[i].Nullable.Equal(want) {
					plan.Columns[i].Nullable = want
					changed = true
				}
			}
		}
		if changed {
			resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		}
	}
	if !req.Plan.Raw.IsNull() {
		var cfg warehouseTableModel
		resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if whKeepPrior(&plan, state, !req.State.Raw.IsNull(), cfg) {
			resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		}
	}
	if r.data == nil || r.data.warehouse == nil {
		return // validate, or no warehouse configured: Create/Delete report it
	}
	// Destroy: deletion_protection is checked in Delete, not here. Rows a dependent resource
	// wrote (supplychain_kpi_targets) are still there at plan time and are deleted before the
	// table is dropped, because Terraform destroys dependents first; counting at apply time
	// counts only the rows that would really be lost.
	if req.Plan.Raw.IsNull() {
		return
	}
	if !plan.known() {
		return
	}
	op := fmt.Sprintf("planning warehouse table %s", plan.label())
	pool := r.data.whPool(ctx, &resp.Diagnostics, op)
	if pool == nil {
		return
	}
	redshift, ok := r.data.whRedshift(ctx, &resp.Diagnostics, op)
	if !ok {
		return
	}
	if spec := plan.spec(); spec.HasRedshiftOptions() && !redshift {
		msg := fmt.Sprintf("Table %s sets Redshift options (diststyle, distkey, sortkeys or column encode), but the warehouse is not Redshift.", plan.label())
		if plan.StrictRedshift.ValueBool() {
			resp.Diagnostics.AddError("Redshift options on a non-Redshift warehouse", msg+" strict_redshift = true makes this an error; remove the options or set strict_redshift = false to ignore them.")
			return
		}
		resp.Diagnostics.AddWarning("Redshift options ignored", msg+" They are kept in state and ignored here; set strict_redshift = true to make this an error.")
	}
	if req.State.Raw.IsNull() {
		return // create
	}
	if !redshift {
		// Not applied here: a configured value different from the one in state changes nothing.
		var cfg warehouseTableModel
		resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
		if resp.Diagnostics.HasError() {
			return
		}
		changed := false
		if !cfg.DistStyle.IsNull() && !state.DistStyle.IsNull() && !plan.DistStyle.Equal(state.DistStyle) {
			plan.DistStyle, changed = state.DistStyle, true
		}
		if !cfg.DistKey.IsNull() && !state.DistKey.IsNull() && !plan.DistKey.Equal(state.DistKey) {
			plan.DistKey, changed = state.DistKey, true
		}
		if !cfg.SortKeys.IsNull() && !state.SortKeys.IsNull() && !plan.SortKeys.Equal(state.SortKeys) {
			plan.SortKeys, changed = state.SortKeys, true
		}
		if changed {
			resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		}
	}
	ch := warehouse.Diff(state.spec(), plan.spec(), redshift)
	if len(ch.DroppedColumns) > 0 && !plan.AllowDropColumns.ValueBool() && !ch.Replace {
		resp.Diagnostics.AddAttributeError(path.Root("columns"), "Dropping columns is not allowed",
			fmt.Sprintf("Table %s would drop column(s) %s and their data. Set allow_drop_columns = true to allow it.",
				plan.label(), whQuoteAll(ch.DroppedColumns)))
		return
	}
	if ch.Replace {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("columns"))
		r.guardDrop(ctx, state, &resp.Diagnostics, "replacing ("+strings.Join(ch.Reasons, "; ")+")")
	}
}

// whKeepPrior plans what the state already holds where the configuration means the same: a
// column type the configuration spells differently (Terraform accepts the prior value in place
// of an equivalent configured one, so `varchar(100)` in the configuration and
// `character varying(100)` in state plan no change), and the Redshift options left out of the
// configuration (computed: the value in state is kept, null on create). It reports whether plan
// changed.
func whKeepPrior(plan *warehouseTableModel, state warehouseTableModel, hasState bool, cfg warehouseTableModel) bool {
	changed := false
	if hasState {
		for i := range plan.Columns {
			if i >= len(state.Columns) {
				break
			}
			p, s := &plan.Columns[i], state.Columns[i]
			if p.Name.IsUnknown() || !p.Name.Equal(s.Name) || p.Type.IsUnknown() || p.Type.IsNull() || s.Type.IsNull() {
				continue
			}
			if !p.Type.Equal(s.Type) && warehouse.TypesEqual(p.Type.ValueString(), s.Type.ValueString()) {
				p.Type, changed = s.Type, true
			}
		}
	}
	keepString := func(planned *types.String, configured, prior types.String) {
		if !configured.IsNull() {
			return
		}
		want := types.StringNull()
		if hasState {
			want = prior
		}
		if !planned.Equal(want) {
			*planned, changed = want, true
		}
	}
	keepString(&plan.DistStyle, cfg.DistStyle, state.DistStyle)
	keepString(&plan.DistKey, cfg.DistKey, state.DistKey)
	if cfg.SortKeys.IsNull() {
		want := types.ListNull(types.StringType)
		if hasState {
			want = state.SortKeys
		}
		if !plan.SortKeys.Equal(want) {
			plan.SortKeys, changed = want, true
		}
	}
	return changed
}

// whKnownRedshiftOptions replaces Redshift options still unknown at apply (planned without a
// warehouse connection) with prior, or null on create.
func whKnownRedshiftOptions(plan *warehouseTableModel, prior *warehouseTableModel) {
	if plan.DistStyle.IsUnknown() {
		plan.DistStyle = types.StringNull()
		if prior != nil {
			plan.DistStyle = prior.DistStyle
		}
	}
	if plan.DistKey.IsUnknown() {
		plan.DistKey = types.StringNull()
		if prior != nil {
			plan.DistKey = prior.DistKey
		}
	}
	if plan.SortKeys.IsUnknown() {
		plan.SortKeys = types.ListNull(types.StringType)
		if prior != nil {
			plan.SortKeys = prior.SortKeys
		}
	}
}

func whQuoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = warehouse.Quote(s)
	}
	return strings.Join(q, ", ")
}

// guardDrop refuses to drop a table that holds rows while deletion_protection is true.
func (r *warehouseTableResource) guardDrop(ctx context.Context, state warehouseTableModel, diags *diag.Diagnostics, what string) {
	if !state.DeletionProtection.IsNull() && !state.DeletionProtection.ValueBool() {
		return
	}
	op := fmt.Sprintf("%s warehouse table %s", what, state.label())
	pool := r.data.whPool(ctx, diags, op)
	if pool == nil {
		return
	}
	n, err := warehouse.CountRows(ctx, pool, state.Schema.ValueString(), state.Name.ValueString())
	if err != nil {
		if warehouse.IsNotFound(err) {
			return
		}
		addOpError(diags, op, err)
		return
	}
	if n > 0 {
		diags.AddError("Table is protected",
			fmt.Sprintf("%s: the table holds %d rows and deletion_protection is true. Set deletion_protection = false, apply, "+
				"then apply this change again (the rows will be lost).", op, n))
	}
}

func (r *warehouseTableResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan warehouseTableModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	whKnownRedshiftOptions(&plan, nil)
	op := fmt.Sprintf("creating warehouse table %s", plan.label())
	spec := plan.spec()
	if err := spec.Check(); err != nil {
		addOpError(&resp.Diagnostics, op, err)
		return
	}
	pool := r.data.whPool(ctx, &resp.Diagnostics, op)
	if pool == nil {
		return
	}
	redshift, ok := r.data.whRedshift(ctx, &resp.Diagnostics, op)
	if !ok {
		return
	}
	if spec.HasRedshiftOptions() && !redshift && plan.StrictRedshift.ValueBool() {
		addOpError(&resp.Diagnostics, op, fmt.Errorf("strict_redshift = true and Redshift options are set, but the server is not Redshift"))
		return
	}
	if err := whExec(ctx, pool, warehouse.CreateTableSQL(spec, redshift)); err != nil {
		addOpError(&resp.Diagnostics, op, err)
		return
	}
	plan.ID = types.StringValue(warehouse.QualifiedID(spec.Schema, spec.Name))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *warehouseTableResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state warehouseTableModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op := fmt.Sprintf("reading warehouse table %s", state.label())
	pool := r.data.whPool(ctx, &resp.Diagnostics, op)
	if pool == nil {
		return
	}
	redshift, ok := r.data.whRedshift(ctx, &resp.Diagnostics, op)
	if !ok {
		return
	}
	live, found, err := whReadTableTx(ctx, pool, redshift, state.Schema.ValueString(), state.Name.ValueString())
	if err != nil {
		addOpError(&resp.Diagnostics, op, err)
		return
	}
	if !found {
		addGoneWarning(&resp.Diagnostics, "Warehouse table",
			fmt.Sprintf("Table %s no longer exists; removing it from state so it will be created again.", state.label()))
		resp.State.RemoveResource(ctx)
		return
	}
	state.fill(live.table, live.redshift, len(state.Columns) == 0)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

type whLiveTable struct {
	table    warehouse.Table
	redshift bool
}

// whReadTableTx introspects in one read-only transaction (Redshift's PG_TABLE_DEF needs a
// search_path set on the same connection).
func whReadTableTx(ctx context.Context, pool *pgxpool.Pool, redshift bool, schema, name string) (whLiveTable, bool, error) {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return whLiveTable{}, false, err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	t, found, err := warehouse.ReadTable(ctx, tx, schema, name, redshift)
	return whLiveTable{t, redshift}, found, err
}

// fill sets m from the live table. Columns keep the order of the prior state (a column added out
// of band comes last), and a live type that is an alias of the prior spelling keeps the prior
// spelling: normalisation happens in warehouse.TypesEqual, the one place.
//
// On import (no prior columns) a type is written in its short spelling (warehouse.ShortType),
// and the Redshift options are read from Redshift, or stored empty on another server, which has
// none to read.
func (m *warehouseTableModel) fill(live warehouse.Table, redshift, importing bool) {
	m.ID = types.StringValue(warehouse.QualifiedID(live.Schema, live.Name))
	m.Comment = types.StringPointerValue(whNullIfEmpty(live.Comment))
	liveCols := map[string]warehouse.Column{}
	for _, c := range live.Columns {
		liveCols[c.Name] = c
	}
	used := map[string]bool{}
	var cols []warehouseColumnModel
	conv := func(c warehouse.Column, prior *warehouseColumnModel) warehouseColumnModel {
		out := warehouseColumnModel{
			Name: types.StringValue(c.Name), Type: warehouse.NewSQLTypeValue(warehouse.ShortType(c.Type)),
			Nullable: types.BoolValue(c.Nullable), Comment: types.StringPointerValue(whNullIfEmpty(c.Comment)),
			Encode: types.StringNull(),
		}
		if prior != nil {
			if !prior.Type.IsNull() && warehouse.TypesEqual(prior.Type.ValueString(), c.Type) {
				out.Type = prior.Type
			}
			// Encodings are introspected only on Redshift, and only when configured.
			out.Encode = prior.Encode
			if redshift && !prior.Encode.IsNull() && !strings.EqualFold(prior.Encode.ValueString(), c.Encode) {
				out.Encode = types.StringValue(c.Encode)
			}
		}
		return out
	}
	for i := range m.Columns {
		p := m.Columns[i]
		if c, ok := liveCols[p.Name.ValueString()]; ok {
			cols = append(cols, conv(c, &p))
			used[c.Name] = true
		}
	}
	for _, c := range live.Columns {
		if !used[c.Name] {
			cols = append(cols, conv(c, nil))
		}
	}
	m.Columns = cols
	m.PrimaryKey = whListOrNull(live.PrimaryKey, m.PrimaryKey)
	switch {
	case redshift:
		if importing || !m.DistStyle.IsNull() {
			m.DistStyle = types.StringValue(live.DistStyle)
		}
		if importing || !m.DistKey.IsNull() {
			m.DistKey = types.StringValue(live.DistKey)
		}
		if importing || !m.SortKeys.IsNull() {
			m.SortKeys = whListOrNull(live.SortKeys, types.ListValueMust(types.StringType, nil))
		}
	case importing:
		m.DistStyle, m.DistKey = types.StringValue(""), types.StringValue("")
		m.SortKeys = types.ListValueMust(types.StringType, []attr.Value{})
	}
	for _, b := range []*types.Bool{&m.StrictRedshift, &m.AllowDropColumns} {
		if b.IsNull() || b.IsUnknown() {
			*b = types.BoolValue(false)
		}
	}
	if m.DeletionProtection.IsNull() || m.DeletionProtection.IsUnknown() {
		m.DeletionProtection = types.BoolValue(true)
	}
}

func (r *warehouseTableResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state warehouseTableModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	whKnownRedshiftOptions(&plan, &state)
	op := fmt.Sprintf("updating warehouse table %s", plan.label())
	spec := plan.spec()
	if err := spec.Check(); err != nil {
		addOpError(&resp.Diagnostics, op, err)
		return
	}
	pool := r.data.whPool(ctx, &resp.Diagnostics, op)
	if pool == nil {
		return
	}
	redshift, ok := r.data.whRedshift(ctx, &resp.Diagnostics, op)
	if !ok {
		return
	}
	old := state.spec()
	ch := warehouse.Diff(old, spec, redshift)
	if ch.Replace {
		addOpError(&resp.Diagnostics, op, fmt.Errorf("the change needs a replacement (%s); please report this issue", strings.Join(ch.Reasons, "; ")))
		return
	}
	if len(ch.DroppedColumns) > 0 && !plan.AllowDropColumns.ValueBool() {
		addOpError(&resp.Diagnostics, op, fmt.Errorf("dropping column(s) %s needs allow_drop_columns = true", whQuoteAll(ch.DroppedColumns)))
		return
	}
	if stmts := warehouse.AlterTableSQL(old, spec, redshift); len(stmts) > 0 {
		if err := whExec(ctx, pool, stmts); err != nil {
			addOpError(&resp.Diagnostics, op, err)
			return
		}
	}
	plan.ID = types.StringValue(warehouse.QualifiedID(spec.Schema, spec.Name))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *warehouseTableResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state warehouseTableModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.guardDrop(ctx, state, &resp.Diagnostics, "dropping")
	if resp.Diagnostics.HasError() {
		return
	}
	op := fmt.Sprintf("dropping warehouse table %s", state.label())
	pool := r.data.whPool(ctx, &resp.Diagnostics, op)
	if pool == nil {
		return
	}
	if err := whExec(ctx, pool, []string{warehouse.DropTableSQL(state.Schema.ValueString(), state.Name.ValueString())}); err != nil {
		if warehouse.IsNotFound(err) {
			return
		}
		addOpError(&resp.Diagnostics, op, err)
	}
}

func (r *warehouseTableResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	schemaName, name, err := warehouse.SplitQualified(req.ID)
	if err != nil {
		addImportIDError(&resp.Diagnostics, fmt.Sprintf("importing warehouse table: %s", err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("schema"), schemaName)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), warehouse.QualifiedID(schemaName, name))...)
}
