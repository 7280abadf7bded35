# The targets the KPI views compare with: per customer (OT / IF / OTIF, percent), and optionally
# per city. The customers' targets default to targets.json, written from the sample's cleaned
# customer_targets.csv by `go run ./tools/sampledata clean --targets-json stacks/nexabrands/targets.json`
# (a test keeps it equal to the cleaner's output); var.customer_targets replaces them.

locals {
  customer_targets = var.customer_targets != null ? var.customer_targets : jsondecode(file("${path.module}/targets.json")).customer_targets
}

# Import with the city table named, so the city targets are read too:
#   terraform import supplychain_kpi_targets.customers nexabrands.dim_customer_targets.dim_city_targets
resource "supplychain_kpi_targets" "customers" {
  schema  = supplychain_warehouse_schema.nexabrands.name
  table   = supplychain_warehouse_table.dim_customer_targets.name
  targets = local.customer_targets
  # A city's own targets replace the weighted mean of its customers' in kpi_by_city.
  city_table   = supplychain_warehouse_table.dim_city_targets.name
  city_targets = var.city_targets
}
