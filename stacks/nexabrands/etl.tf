# The ETL jobs on AWS Glue. The scripts in etl/ are uploaded to the lake's code bucket under a
# content-addressed key (an edit is a planned update showing the new hash); the lake's raw and
# transformed buckets become the jobs' --source-path and --destination-path.
#
# enable_glue = false leaves them out: nothing on the local servers serves Glue, so `make demo`
# runs the same pythonshell_job.py with Debian's python3 against the local S3 stand-in instead.
#
# Order and schedule (the seed's DAG as Glue triggers) come with supplychain_etl_schedule, which
# is not in this stack yet.

locals {
  job_prefix = "${var.name_prefix}-${var.environment}"
}

# The whole sample's cleaning in one Python shell job (boto3, data the size of the sample).
resource "supplychain_etl_job" "clean" {
  count = var.enable_glue ? 1 : 0

  name     = "${local.job_prefix}-clean"
  role_arn = var.glue_role_arn
  command  = "pythonshell"

  python_version = "3.9"
  timeout        = 30
  max_retries    = 1

  script_source  = "${path.module}/etl/pythonshell_job.py"
  extra_py_files = ["${path.module}/etl/cleaning.py"]
  script_bucket  = supplychain_data_lake.main.code.bucket

  source = supplychain_data_lake.main.raw.bucket
  target = supplychain_data_lake.main.transformed.bucket

  tags = {
    pipeline = "otif"
  }

  lifecycle {
    precondition {
      condition     = var.glue_role_arn != null
      error_message = "enable_glue = true needs glue_role_arn: the IAM role the Glue jobs run as."
    }
  }
}

# The same rules on Spark, per partition, for the scale a real lake grows to (off by default).
resource "supplychain_etl_job" "clean_spark" {
  count = var.enable_glue && var.enable_glueetl ? 1 : 0

  name     = "${local.job_prefix}-clean-spark"
  role_arn = var.glue_role_arn
  command  = "glueetl"

  glue_version      = "5.0"
  worker_type       = "G.1X"
  number_of_workers = 2
  timeout           = 60
  max_retries       = 1
  job_bookmarks     = "disable"

  script_source  = "${path.module}/etl/glueetl_job.py"
  extra_py_files = ["${path.module}/etl/cleaning.py"]
  script_bucket  = supplychain_data_lake.main.code.bucket

  source = supplychain_data_lake.main.raw.bucket
  target = supplychain_data_lake.main.transformed.bucket

  tags = {
    pipeline = "otif"
  }

  lifecycle {
    precondition {
      condition     = var.glue_role_arn != null
      error_message = "enable_glue = true needs glue_role_arn: the IAM role the Glue jobs run as."
    }
  }
}
