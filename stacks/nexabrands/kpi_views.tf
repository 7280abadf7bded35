# The KPI views: OT / IF / OTIF by city and by customer, daily and monthly, with LFR and VFR, as
# DESIGN.md defines them (percentages from counts, never averages of 0/1 columns). The scorecard
# (`tools/sampledata scorecard`) and the check blocks (checks.tf) read them.

locals {
  all_metrics = ["ot", "if", "otif", "lfr", "vfr"]
}

# Every view reads the facts, the dimensions and the customers' targets: each depends on those
# tables (depends_on takes static references only, hence the repeated list).

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

resource "supplychain_kpi_view" "daily_by_customer" {
  schema     = supplychain_warehouse_schema.nexabrands.name
  name       = "kpi_daily_by_customer"
  metrics    = local.all_metrics
  dimensions = ["customer"]
  period     = "day"
  depends_on = [
    supplychain_warehouse_table.fact_order_lines, supplychain_warehouse_table.fact_orders,
    supplychain_warehouse_table.dim_customers, supplychain_warehouse_table.dim_products,
    supplychain_warehouse_table.dim_customer_targets,
  ]
}

resource "supplychain_kpi_view" "monthly_by_city" {
  schema       = supplychain_warehouse_schema.nexabrands.name
  name         = "kpi_monthly_by_city"
  metrics      = local.all_metrics
  dimensions   = ["city"]
  period       = "month"
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

resource "supplychain_kpi_view" "monthly_by_customer" {
  schema       = supplychain_warehouse_schema.nexabrands.name
  name         = "kpi_monthly_by_customer"
  metrics      = local.all_metrics
  dimensions   = ["customer"]
  period       = "month"
  with_targets = true
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
