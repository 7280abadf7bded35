// Package dataset holds the Nexabrands star schema's rows: cleaning the raw files (rules in
// docs/guides/sample-data-cleaning.md), a deterministic synthetic generator, loading into
// PostgreSQL, an independent Go computation of the KPIs, and the scorecard read from the KPI views.
package dataset

import "time"

// Customer is a row of dim_customers. Name and City are nil when the raw file had none.
type Customer struct {
	ID   int64
	Name *string
	City *string
}

// Product is a row of dim_products.
type Product struct {
	ID       int64
	Name     *string
	Category *string
}

// Target is a row of dim_customer_targets, in percent; nil = no target for that metric.
type Target struct {
	CustomerID int64
	OnTime     *float64
	InFull     *float64
	OTIF       *float64
}

// CityTarget is a row of dim_city_targets: a city's own targets, which replace the order-weighted
// mean of its customers' targets where a KPI view is split by city (and not by customer).
type CityTarget struct {
	City   string
	OnTime *float64
	InFull *float64
	OTIF   *float64
}

// Order is a row of fact_orders; a nil flag was missing from the fulfilment feed.
type Order struct {
	ID         string
	CustomerID int64
	Placed     time.Time
	OnTime     *int16
	InFull     *int16
	OTIF       *int16
}

// Line is a row of fact_order_lines.
type Line struct {
	OrderID     string
	ProductID   int64
	CustomerID  int64
	Placed      time.Time
	OrderQty    int64
	Agreed      time.Time
	Actual      time.Time
	DeliveryQty int64
}

// Dataset is a full load of the star schema.
type Dataset struct {
	Customers []Customer
	Products  []Product
	Targets   []Target
	Cities    []CityTarget
	Orders    []Order
	Lines     []Line
}

// ColumnDef and TableDef describe the star schema (DESIGN.md, "KPI definitions"): the stack in
// stacks/nexabrands declares the same tables through supplychain_warehouse_table.
type ColumnDef struct {
	Name, Type string
	Nullable   bool
}

// TableDef is one table of the star schema.
type TableDef struct {
	Name       string
	Columns    []ColumnDef
	PrimaryKey []string
}

// StarSchema is the star schema's tables.
var StarSchema = []TableDef{
	{Name: "dim_customers", PrimaryKey: []string{"customer_id"}, Columns: []ColumnDef{
		{"customer_id", "bigint", false}, {"customer_name", "varchar(100)", true}, {"city", "varchar(60)", true}}},
	{Name: "dim_products", PrimaryKey: []string{"product_id"}, Columns: []ColumnDef{
		{"product_id", "bigint", false}, {"product_name", "varchar(100)", true}, {"category", "varchar(60)", true}}},
	{Name: "dim_dates", PrimaryKey: []string{"date"}, Columns: []ColumnDef{
		{"date", "date", false}, {"month", "date", false}, {"week", "date", false}, {"quarter", "date", false}, {"year", "integer", false}}},
	{Name: "dim_customer_targets", PrimaryKey: []string{"customer_id"}, Columns: []ColumnDef{
		{"customer_id", "bigint", false}, {"ontime_target", "numeric(5,2)", true}, {"infull_target", "numeric(5,2)", true}, {"otif_target", "numeric(5,2)", true}}},
	{Name: "dim_city_targets", PrimaryKey: []string{"city"}, Columns: []ColumnDef{
		{"city", "varchar(60)", false}, {"ontime_target", "numeric(5,2)", true}, {"infull_target", "numeric(5,2)", true}, {"otif_target", "numeric(5,2)", true}}},
	{Name: "fact_orders", PrimaryKey: []string{"order_id"}, Columns: []ColumnDef{
		{"order_id", "varchar(20)", false}, {"customer_id", "bigint", false}, {"order_placement_date", "date", false},
		{"on_time", "smallint", true}, {"in_full", "smallint", true}, {"otif", "smallint", true}}},
	{Name: "fact_order_lines", PrimaryKey: []string{"order_id", "product_id"}, Columns: []ColumnDef{
		{"order_id", "varchar(20)", false}, {"product_id", "bigint", false}, {"customer_id", "bigint", false},
		{"order_placement_date", "date", false}, {"order_qty", "integer", false}, {"agreed_delivery_date", "date", false},
		{"actual_delivery_date", "date", false}, {"delivery_qty", "integer", false}}},
}

func ptr[T any](v T) *T { return &v }
