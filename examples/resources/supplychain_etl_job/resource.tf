resource "supplychain_data_lake" "main" {
  name_prefix = "nexabrand-prod"
}

# A Spark job: etl/orders.py and the shared cleaning module are uploaded to the lake's code
# bucket under etl/<name>/<sha256>/<file name>; editing either file is a planned update that
# shows the new hash. The lake's buckets become --source-path and --destination-path.
resource "supplychain_etl_job" "orders" {
  name     = "nexabrand-prod-orders"
  role_arn = "arn:aws:iam::123456789012:role/glue-etl"

  command           = "glueetl"
  glue_version      = "5.0"
  worker_type       = "G.1X"
  number_of_workers = 2
  timeout           = 60
  max_retries       = 1

  script_source  = "${path.module}/etl/orders.py"
  extra_py_files = ["${path.module}/etl/cleaning.py"]
  script_bucket  = supplychain_data_lake.main.code.bucket

  source = supplychain_data_lake.main.raw.bucket
  target = supplychain_data_lake.main.transformed.bucket

  job_bookmarks          = "enable"
  security_configuration = "supplychain-etl"

  default_arguments = {
    "--enable-metrics"                   = "true"
    "--enable-continuous-cloudwatch-log" = "true"
  }

  tags = {
    pipeline = "otif"
  }
}

# A Python shell job for data the size of the sample, running a script already in S3.
resource "supplychain_etl_job" "customers" {
  name            = "nexabrand-prod-customers"
  role_arn        = "arn:aws:iam::123456789012:role/glue-etl"
  command         = "pythonshell"
  script_location = "s3://nexabrand-shared-scripts/etl/customers.py"
  source          = "s3://${supplychain_data_lake.main.raw.bucket}/customers/"
  target          = "s3://${supplychain_data_lake.main.transformed.bucket}/customers/"
}

output "orders_script" {
  value = supplychain_etl_job.orders.script_location
}
