resource "supplychain_warehouse_table" "fact_order_lines" {
  schema = "nexabrands"
  name   = "fact_order_lines"
  columns = [
    { name = "order_id", type = "varchar(20)", nullable = false },
    { name = "product_id", type = "int8", nullable = false }, # int8 = bigint: no diff
    { name = "customer_id", type = "bigint", nullable = false },
    { name = "order_placement_date", type = "date", nullable = false },
    { name = "order_qty", type = "int", nullable = false, encode = "az64" },
    { name = "agreed_delivery_date", type = "date", nullable = false },
    { name = "actual_delivery_date", type = "date", nullable = false },
    { name = "delivery_qty", type = "integer", nullable = false, comment = "units delivered" },
  ]
  primary_key = ["order_id", "product_id"]

  # Redshift only; ignored with a warning on PostgreSQL (strict_redshift = true makes it an error).
  diststyle = "KEY"
  distkey   = "order_id"
  sortkeys  = ["order_placement_date"]

  # Refuse to drop or replace the table while it holds rows (the default).
  deletion_protection = true
  # Removing a column from the list drops it only when this is true.
  allow_drop_columns = false
}
