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
