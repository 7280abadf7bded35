# The warehouse half of the Nexabrands stack: the star schema, the KPI views the dashboard and the
# scorecard read, and the customers' targets. `go run ./tools/sampledata demo` applies it to a local
# PostgreSQL; on Redshift the same configuration applies the Redshift options too.

terraform {
  required_providers {
    supplychain = {
      source = "nexabrands/supplychain"
    }
  }
}

provider "supplychain" {
  warehouse {
    host     = var.warehouse_host
    port     = var.warehouse_port
    database = var.warehouse_database
    username = var.warehouse_username
    password = var.warehouse_password
    sslmode  = var.warehouse_sslmode
  }
}

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

locals {
  all_metrics = ["ot", "if", "otif", "lfr", "vfr"]
}

# Import with the city table named, so the city targets are read too:
#   terraform import supplychain_kpi_targets.customers nexabrands.dim_customer_targets.dim_city_targets
resource "supplychain_kpi_targets" "customers" {
  schema  = supplychain_warehouse_schema.nexabrands.name
  table   = supplychain_warehouse_table.dim_customer_targets.name
  targets = var.customer_targets
  # A city's own targets replace the weighted mean of its customers' in kpi_by_city.
  city_table   = supplychain_warehouse_table.dim_city_targets.name
  city_targets = var.city_targets
}

resource "supplychain_kpi_view" "overall" {
  schema       = supplychain_warehouse_schema.nexabrands.name
  name         = "kpi_overall"
  metrics      = local.all_metrics
  with_targets = true
  depends_on = [
    supplychain_warehouse_table.fact_order_lines, supplychain_warehouse_table.fact_orders,
    supplychain_warehouse_table.dim_customers, supplychain_warehouse_table.dim_products,
    supplychain_warehouse_table.dim_customer_targets,
  ]
}

resource "supplychain_kpi_view" "by_city" {
  schema       = supplychain_warehouse_schema.nexabrands.name
  name         = "kpi_by_city"
  metrics      = local.all_metrics
  dimensions   = ["city"]
  with_targets = true
  source_tables = {
    city_targets = supplychain_warehouse_table.dim_city_targets.name
  }
  depends_on = [
    supplychain_warehouse_table.fact_order_lines, supplychain_warehouse_table.fact_orders,
    supplychain_warehouse_table.dim_customers, supplychain_warehouse_table.dim_products,
    supplychain_warehouse_table.dim_customer_targets,
  ]
}

resource "supplychain_kpi_view" "by_customer" {
  schema       = supplychain_warehouse_schema.nexabrands.name
  name         = "kpi_by_customer"
  metrics      = local.all_metrics
  dimensions   = ["customer"]
  with_targets = true
  depends_on = [
    supplychain_warehouse_table.fact_order_lines, supplychain_warehouse_table.fact_orders,
    supplychain_warehouse_table.dim_customers, supplychain_warehouse_table.dim_products,
    supplychain_warehouse_table.dim_customer_targets,
  ]
}

# The scorecard page's daily trend: OT, IF and OTIF per order placement date with the day's
# target (the order-weighted mean of the targets of the customers who ordered that day).
resource "supplychain_kpi_view" "daily" {
  schema       = supplychain_warehouse_schema.nexabrands.name
  name         = "kpi_daily"
  metrics      = ["ot", "if", "otif"]
  period       = "day"
  with_targets = true
  depends_on = [
    supplychain_warehouse_table.fact_order_lines, supplychain_warehouse_table.fact_orders,
    supplychain_warehouse_table.dim_customers, supplychain_warehouse_table.dim_products,
    supplychain_warehouse_table.dim_customer_targets,
  ]
}

resource "supplychain_kpi_view" "daily_by_city" {
  schema     = supplychain_warehouse_schema.nexabrands.name
  name       = "kpi_daily_by_city"
  metrics    = local.all_metrics
  dimensions = ["city"]
  period     = "day"
  depends_on = [
    supplychain_warehouse_table.fact_order_lines, supplychain_warehouse_table.fact_orders,
    supplychain_warehouse_table.dim_customers, supplychain_warehouse_table.dim_products,
    supplychain_warehouse_table.dim_customer_targets,
  ]
}

resource "supplychain_kpi_view" "by_category" {
  schema     = supplychain_warehouse_schema.nexabrands.name
  name       = "kpi_by_category"
  metrics    = ["lfr", "vfr"]
  dimensions = ["category"]
  period     = "week"
  depends_on = [
    supplychain_warehouse_table.fact_order_lines, supplychain_warehouse_table.fact_orders,
    supplychain_warehouse_table.dim_customers, supplychain_warehouse_table.dim_products,
    supplychain_warehouse_table.dim_customer_targets,
  ]
}

# The dashboard's main query, stored: refresh it after each load (see refresh_command).
resource "supplychain_kpi_view" "city_customer_month" {
  schema       = supplychain_warehouse_schema.nexabrands.name
  name         = "kpi_city_customer_month"
  metrics      = local.all_metrics
  dimensions   = ["city", "customer"]
  period       = "month"
  with_targets = true
  materialized = true
  depends_on = [
    supplychain_warehouse_table.fact_order_lines, supplychain_warehouse_table.fact_orders,
    supplychain_warehouse_table.dim_customers, supplychain_warehouse_table.dim_products,
    supplychain_warehouse_table.dim_customer_targets,
  ]
}

output "refresh_after_load" {
  value = supplychain_kpi_view.city_customer_month.refresh_command
}
