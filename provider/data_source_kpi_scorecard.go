package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nexabrands/supplychain/provider/internal/kpi"
	"github.com/nexabrands/supplychain/provider/internal/warehouse"
)

var _ datasource.DataSourceWithConfigure = (*kpiScorecardDataSource)(nil)

// NewKPIScorecardDataSource returns the supplychain_kpi_scorecard data source.
func NewKPIScorecardDataSource() datasource.DataSource { return &kpiScorecardDataSource{} }

type kpiScorecardDataSource struct{ data *providerData }

type kpiScorecardModel struct {
	Schema types.String        `tfsdk:"schema"`
	View   types.String        `tfsdk:"view"`
	Rows   []kpiScorecardRowTF `tfsdk:"rows"`
}

type kpiScorecardRowTF struct {
	PeriodStart  types.String  `tfsdk:"period_start"`
	City         types.String  `tfsdk:"city"`
	CustomerID   types.Int64   `tfsdk:"customer_id"`
	CustomerName types.String  `tfsdk:"customer_name"`
	ProductID    types.Int64   `tfsdk:"product_id"`
	ProductName  types.String  `tfsdk:"product_name"`
	Category     types.String  `tfsdk:"category"`
	Orders       types.Int64   `tfsdk:"orders"`
	Lines        types.Int64   `tfsdk:"lines"`
	OT           types.Float64 `tfsdk:"ot_pct"`
	IF           types.Float64 `tfsdk:"if_pct"`
	OTIF         types.Float64 `tfsdk:"otif_pct"`
	LFR          types.Float64 `tfsdk:"lfr_pct"`
	VFR          types.Float64 `tfsdk:"vfr_pct"`
	OTTarget     types.Float64 `tfsdk:"ot_target"`
	IFTarget     types.Float64 `tfsdk:"if_target"`
	OTIFTarget   types.Float64 `tfsdk:"otif_target"`
}

func (d *kpiScorecardDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_kpi_scorecard"
}

func (d *kpiScorecardDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: desc}
	}
	i64 := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, Description: desc}
	}
	f64 := func(desc string) schema.Float64Attribute {
		return schema.Float64Attribute{Computed: true, Description: desc}
	}
	resp.Schema = schema.Schema{
		Description: "Reads the rows of a KPI view made by `supplychain_kpi_view` (its spec is read from the view's comment): " +
			"each group's counts, percentages and targets. Attributes the view does not have are null.",
		Attributes: map[string]schema.Attribute{
			"schema": schema.StringAttribute{Required: true, Description: "Schema of the view.", Validators: []validator.String{warehouse.IdentifierValidator()}},
			"view":   schema.StringAttribute{Required: true, Description: "Name of the view.", Validators: []validator.String{warehouse.IdentifierValidator()}},
			"rows": schema.ListNestedAttribute{
				Computed:    true,
				Description: "The view's rows, ordered by its dimensions.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"period_start":  str("First day of the period (YYYY-MM-DD)."),
					"city":          str("City."),
					"customer_id":   i64("Customer id."),
					"customer_name": str("Customer name."),
					"product_id":    i64("Product id."),
					"product_name":  str("Product name."),
					"category":      str("Product category."),
					"orders":        i64("Scored orders."),
					"lines":         i64("Order lines."),
					"ot_pct":        f64("On Time %."),
					"if_pct":        f64("In Full %."),
					"otif_pct":      f64("OTIF %."),
					"lfr_pct":       f64("Line Fill Rate %."),
					"vfr_pct":       f64("Volume Fill Rate %."),
					"ot_target":     f64("On-time target %."),
					"if_target":     f64("In-full target %."),
					"otif_target":   f64("OTIF target %."),
				}},
			},
		},
	}
}

func (d *kpiScorecardDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *kpiScorecardDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m kpiScorecardModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	label := warehouse.QualifiedName(m.Schema.ValueString(), m.View.ValueString())
	op := fmt.Sprintf("reading KPI scorecard from %s", label)
	pool := d.data.whPool(ctx, &resp.Diagnostics, op)
	if pool == nil {
		return
	}
	live, found, err := warehouse.ReadView(ctx, pool, m.Schema.ValueString(), m.View.ValueString())
	if err == nil && !found {
		err = fmt.Errorf("no such view")
	}
	if err != nil {
		addOpError(&resp.Diagnostics, op, err)
		return
	}
	spec, ok := kpi.SpecFromComment(live.Comment)
	if !ok {
		addOpError(&resp.Diagnostics, op, fmt.Errorf("the view was not made by supplychain_kpi_view (no spec in its comment)"))
		return
	}
	cols := spec.Columns()
	var sel, dims []string
	for _, c := range cols {
		sel = append(sel, "CAST("+warehouse.Quote(c)+" AS VARCHAR)")
		switch c {
		case "period_start", "city", "customer_id", "customer_name", "product_id", "product_name", "category":
			dims = append(dims, warehouse.Quote(c))
		}
	}
	q := "SELECT " + strings.Join(sel, ", ") + " FROM " + label
	if len(dims) > 0 {
		q += " ORDER BY " + strings.Join(dims, ", ")
	}
	rows, err := pool.Query(ctx, q)
	if err != nil {
		addOpError(&resp.Diagnostics, op, err)
		return
	}
	defer rows.Close()
	m.Rows = []kpiScorecardRowTF{}
	for rows.Next() {
		vals := make([]*string, len(cols))
		dst := make([]any, len(cols))
		for i := range vals {
			dst[i] = &vals[i]
		}
		if err := rows.Scan(dst...); err != nil {
			addOpError(&resp.Diagnostics, op, err)
			return
		}
		r := kpiScorecardRowTF{
			PeriodStart: types.StringNull(), City: types.StringNull(), CustomerID: types.Int64Null(), CustomerName: types.StringNull(),
			ProductID: types.Int64Null(), ProductName: types.StringNull(), Category: types.StringNull(), Orders: types.Int64Null(),
			Lines: types.Int64Null(), OT: types.Float64Null(), IF: types.Float64Null(), OTIF: types.Float64Null(), LFR: types.Float64Null(),
			VFR: types.Float64Null(), OTTarget: types.Float64Null(), IFTarget: types.Float64Null(), OTIFTarget: types.Float64Null(),
		}
		strs := map[string]*types.String{"period_start": &r.PeriodStart, "city": &r.City, "customer_name": &r.CustomerName,
			"product_name": &r.ProductName, "category": &r.Category}
		ints := map[string]*types.Int64{"customer_id": &r.CustomerID, "product_id": &r.ProductID, "orders": &r.Orders, "lines": &r.Lines}
		floats := map[string]*types.Float64{"ot_pct": &r.OT, "if_pct": &r.IF, "otif_pct": &r.OTIF, "lfr_pct": &r.LFR, "vfr_pct": &r.VFR,
			"ot_target": &r.OTTarget, "if_target": &r.IFTarget, "otif_target": &r.OTIFTarget}
		for i, c := range cols {
			v := vals[i]
			if v == nil {
				continue
			}
			if p, ok := strs[c]; ok {
				*p = types.StringValue(*v)
			} else if p, ok := ints[c]; ok {
				n, err := strconv.ParseInt(*v, 10, 64)
				if err != nil {
					addOpError(&resp.Diagnostics, op, fmt.Errorf("column %s: %w", c, err))
					return
				}
				*p = types.Int64Value(n)
			} else if p, ok := floats[c]; ok {
				f, err := strconv.ParseFloat(*v, 64)
				if err != nil {
					addOpError(&resp.Diagnostics, op, fmt.Errorf("column %s: %w", c, err))
					return
				}
				*p = types.Float64Value(f)
			}
		}
		m.Rows = append(m.Rows, r)
	}
	if err := rows.Err(); err != nil {
		addOpError(&resp.Diagnostics, op, err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
