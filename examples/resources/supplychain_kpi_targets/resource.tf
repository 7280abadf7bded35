# The rows of nexabrands.dim_customer_targets; a row edited out of band shows as drift.
resource "supplychain_kpi_targets" "customers" {
  schema = "nexabrands"
  targets = [
    { customer_id = 789201, ontime = 87, infull = 81, otif = 70 },
    { customer_id = 789202, infull = 81, otif = 69 }, # no on-time target
    { customer_id = 789203, ontime = 92, infull = 76, otif = 70 },
  ]
}
