# OT / IF / OTIF / LFR / VFR per city, customer and month, beside the customers' targets,
# stored as a materialised view: run refresh_command after each load.
resource "supplychain_kpi_view" "city_customer_month" {
  schema       = "nexabrands"
  name         = "kpi_city_customer_month"
  metrics      = ["ot", "if", "otif", "lfr", "vfr"]
  dimensions   = ["city", "customer"]
  period       = "month"
  with_targets = true
  materialized = true
  # source_schema defaults to schema; source_tables overrides the star schema's table names.
}

output "kpi_sql" {
  value = supplychain_kpi_view.city_customer_month.sql
}

output "refresh_after_load" {
  value = supplychain_kpi_view.city_customer_month.refresh_command
}
