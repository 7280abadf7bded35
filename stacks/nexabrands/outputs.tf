output "raw_bucket" {
  description = "Where raw order files land."
  value       = supplychain_data_lake.main.raw.bucket
}

output "code_bucket" {
  description = "Where the ETL scripts live."
  value       = supplychain_data_lake.main.code.bucket
}

output "transformed_bucket" {
  description = "Where cleaned data is written for the warehouse."
  value       = supplychain_data_lake.main.transformed.bucket
}

output "bucket_arns" {
  description = "ARNs of the lake's buckets."
  value = {
    raw         = supplychain_data_lake.main.raw.arn
    code        = supplychain_data_lake.main.code.arn
    transformed = supplychain_data_lake.main.transformed.arn
  }
}

output "etl_jobs" {
  description = "Glue job names, in the order of etl_stages, then the Spark job (empty with enable_glue = false)."
  value = concat([
    for s in flatten(local.etl_stages) :
    s == local.etl_load_step ? supplychain_etl_job.warehouse_load[0].name : supplychain_etl_job.step[s].name if var.enable_glue
  ], supplychain_etl_job.clean_spark[*].name)
}

output "etl_stages" {
  description = "The ETL steps in order (etl/steps.json): a list of stages, each a list of steps run together. The Glue schedule runs them so; `make demo` runs them so, locally."
  value       = local.etl_stages
}

output "etl_schedule_triggers" {
  description = "The Glue triggers of the daily schedule, one per stage (empty with enable_glue = false)."
  value       = flatten(supplychain_etl_schedule.daily[*].trigger_names)
}

output "warehouse_schema" {
  description = "Warehouse schema holding the star schema and the KPI views."
  value       = supplychain_warehouse_schema.nexabrands.name
}

output "refresh_after_load" {
  description = "SQL to run after each warehouse load (the materialised dashboard view)."
  value       = supplychain_kpi_view.city_customer_month.refresh_command
}
