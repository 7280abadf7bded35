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
  description = "Glue job names (empty with enable_glue = false)."
  value       = concat(supplychain_etl_job.clean[*].name, supplychain_etl_job.clean_spark[*].name)
}

output "warehouse_schema" {
  description = "Warehouse schema holding the star schema and the KPI views."
  value       = supplychain_warehouse_schema.nexabrands.name
}

output "refresh_after_load" {
  description = "SQL to run after each warehouse load (the materialised dashboard view)."
  value       = supplychain_kpi_view.city_customer_month.refresh_command
}
