# The seed's daily DAG. Each stage is a set of jobs started together; a stage starts when every
# job of the stage before it has succeeded. Referencing the jobs' names orders the resources:
# the triggers are created after the jobs and destroyed before them.
resource "supplychain_etl_schedule" "daily" {
  name     = "nexabrand-prod-daily"
  schedule = "cron(0 2 * * ? *)" # 02:00 UTC every day

  stages = [
    [supplychain_etl_job.products.name, supplychain_etl_job.customers.name],
    [supplychain_etl_job.targets.name, supplychain_etl_job.orders.name],
    [supplychain_etl_job.order_lines.name],
    [supplychain_etl_job.fulfilment.name],
    [supplychain_etl_job.warehouse_load.name],
  ]
}
