resource "supplychain_warehouse_schema" "nexabrands" {
  name    = "nexabrands"
  comment = "Supply-chain star schema and KPI views"
  # Destroy is RESTRICT: it fails while the schema holds objects.
  drop_cascade = false
}
