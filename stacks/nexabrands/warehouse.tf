# The warehouse: the star schema the KPI views read (the seed's facts and dimensions) and the
# customers' and cities' targets tables. On PostgreSQL (locally) the Redshift-only options
# (diststyle, distkey, sortkeys) are ignored with a warning.

resource "supplychain_warehouse_schema" "nexabrands" {
  name    = "nexabrands"
  comment = "Nexabrands supply-chain star schema and KPI views"
}

resource "supplychain_warehouse_table" "dim_customers" {
  schema = supplychain_warehouse_schema.nexabrands.name
  name   = "dim_customers"
  columns = [
    { name = "customer_id", type = "bigint", nullable = false, comment = "Customer id from the ERP" },
    { name = "customer_name", type = "varchar(100)" },
    { name = "city", type = "varchar(60)", comment = "An order's city is its customer's city" },
  ]
  primary_key = ["customer_id"]
  diststyle   = "ALL"
}

resource "supplychain_warehouse_table" "dim_products" {
  schema = supplychain_warehouse_schema.nexabrands.name
  name   = "dim_products"
  columns = [
    { name = "product_id", type = "bigint", nullable = false },
    { name = "product_name", type = "varchar(100)" },
    { name = "category", type = "varchar(60)" },
  ]
  primary_key = ["product_id"]
  diststyle   = "ALL"
}

resource "supplychain_warehouse_table" "dim_dates" {
  schema = supplychain_warehouse_schema.nexabrands.name
  name   = "dim_dates"
  columns = [
    { name = "date", type = "date", nullable = false },
    { name = "month", type = "date", nullable = false, comment = "First day of the month" },
    { name = "week", type = "date", nullable = false, comment = "Monday of the ISO week" },
    { name = "quarter", type = "date", nullable = false, comment = "First day of the quarter" },
    { name = "year", type = "integer", nullable = false },
  ]
  primary_key = ["date"]
  diststyle   = "ALL"
}

resource "supplychain_warehouse_table" "dim_customer_targets" {
  schema = supplychain_warehouse_schema.nexabrands.name
  name   = "dim_customer_targets"
  columns = [
    { name = "customer_id", type = "bigint", nullable = false },
    { name = "ontime_target", type = "numeric(5,2)", comment = "percent" },
    { name = "infull_target", type = "numeric(5,2)", comment = "percent" },
    { name = "otif_target", type = "numeric(5,2)", comment = "percent" },
  ]
  primary_key = ["customer_id"]
  diststyle   = "ALL"
}

resource "supplychain_warehouse_table" "dim_city_targets" {
  schema = supplychain_warehouse_schema.nexabrands.name
  name   = "dim_city_targets"
  columns = [
    { name = "city", type = "varchar(60)", nullable = false },
    { name = "ontime_target", type = "numeric(5,2)", comment = "percent" },
    { name = "infull_target", type = "numeric(5,2)", comment = "percent" },
    { name = "otif_target", type = "numeric(5,2)", comment = "percent" },
  ]
  primary_key = ["city"]
  diststyle   = "ALL"
}

resource "supplychain_warehouse_table" "fact_orders" {
  schema = supplychain_warehouse_schema.nexabrands.name
  name   = "fact_orders"
  columns = [
    { name = "order_id", type = "varchar(20)", nullable = false },
    { name = "customer_id", type = "bigint", nullable = false },
    { name = "order_placement_date", type = "date", nullable = false },
    { name = "on_time", type = "smallint", comment = "1/0 from the fulfilment feed; NULL = derive from lines" },
    { name = "in_full", type = "smallint", comment = "1/0 from the fulfilment feed; NULL = derive from lines" },
    { name = "otif", type = "smallint", comment = "1/0 from the fulfilment feed; NULL = derive from lines" },
  ]
  primary_key = ["order_id"]
  # Redshift: co-locate an order's rows, sort by date. Ignored (with a warning) on PostgreSQL.
  diststyle = "KEY"
  distkey   = "order_id"
  sortkeys  = ["order_placement_date"]
}

resource "supplychain_warehouse_table" "fact_order_lines" {
  schema = supplychain_warehouse_schema.nexabrands.name
  name   = "fact_order_lines"
  columns = [
    { name = "order_id", type = "varchar(20)", nullable = false },
    { name = "product_id", type = "bigint", nullable = false },
    { name = "customer_id", type = "bigint", nullable = false },
    { name = "order_placement_date", type = "date", nullable = false },
    { name = "order_qty", type = "integer", nullable = false },
    { name = "agreed_delivery_date", type = "date", nullable = false },
    { name = "actual_delivery_date", type = "date", nullable = false },
    { name = "delivery_qty", type = "integer", nullable = false },
  ]
  primary_key = ["order_id", "product_id"]
  # Redshift: co-locate an order's rows, sort by date. Ignored (with a warning) on PostgreSQL.
  diststyle = "KEY"
  distkey   = "order_id"
  sortkeys  = ["order_placement_date"]
}
