# The ETL jobs on AWS Glue and their order. The scripts in etl/ are uploaded to the lake's code
# bucket under a content-addressed key (an edit is a planned update showing the new hash); the
# lake's raw and transformed buckets become the jobs' --source-path and --destination-path.
#
# etl/steps.json is the one list of the steps and their order (the seed's DAG: customers and
# products, then targets and orders, then order lines, then fulfilment, then the warehouse load).
# Each cleaning step is a Python shell job running etl/pythonshell_job.py --step <step>; the load
# is etl/warehouse_load_job.py; supplychain_etl_schedule starts the first stage daily and each
# later stage when every job of the one before has succeeded. The etl_stages output publishes the
# same list, and `make demo` runs the steps in that order.
#
# enable_glue = false leaves the jobs and the schedule out: nothing on the local servers serves
# Glue, so `make demo` runs the same scripts with Debian's python3 against the local S3 stand-in
# (and the load with `sampledata load-lake`, the same SQL on PostgreSQL) instead.

locals {
  job_prefix = "${var.name_prefix}-${var.environment}"

  etl_stages      = jsondecode(file("${path.module}/etl/steps.json")).stages
  etl_load_step   = "warehouse_load"
  etl_clean_steps = toset([for s in flatten(local.etl_stages) : s if s != local.etl_load_step])
  # The Glue job name of each step: <prefix>-<env>-<step with hyphens>.
  etl_job_names = { for s in flatten(local.etl_stages) : s => "${local.job_prefix}-${replace(s, "_", "-")}" }
}

# One cleaning step of the DAG per job (boto3, data the size of the sample): its raw file in, its
# table out, reading the tables of the earlier steps back from the transformed bucket.
resource "supplychain_etl_job" "step" {
  for_each = var.enable_glue ? local.etl_clean_steps : toset([])

  name     = local.etl_job_names[each.key]
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

  default_arguments = {
    "--step" = each.key
  }

  tags = {
    pipeline = "otif"
    step     = each.key
  }

  lifecycle {
    precondition {
      condition     = var.glue_role_arn != null
      error_message = "enable_glue = true needs glue_role_arn: the IAM role the Glue jobs run as."
    }
  }
}

# The last step: the run's tables from the transformed bucket into Redshift (COPY, merged on the
# primary key, dim_dates completed; one transaction through the Redshift Data API).
resource "supplychain_etl_job" "warehouse_load" {
  count = var.enable_glue ? 1 : 0

  name     = local.etl_job_names[local.etl_load_step]
  role_arn = var.glue_role_arn
  command  = "pythonshell"

  python_version = "3.9"
  timeout        = 30
  max_retries    = 1

  script_source  = "${path.module}/etl/warehouse_load_job.py"
  extra_py_files = ["${path.module}/etl/cleaning.py", "${path.module}/etl/pythonshell_job.py"]
  script_bucket  = supplychain_data_lake.main.code.bucket

  source = supplychain_data_lake.main.transformed.bucket

  # The precondition refuses the null roles; coalesce keeps every value a string until it is judged.
  default_arguments = {
    "--schema"        = supplychain_warehouse_schema.nexabrands.name
    "--copy-role-arn" = coalesce(var.redshift_copy_role_arn, "unset")
    "--cluster-id"    = coalesce(var.redshift_cluster_id, "unset")
    "--database"      = var.warehouse_database
    "--db-user"       = var.warehouse_username
    # supplychain_kpi_targets owns the customers' targets.
    "--skip" = "dim_customer_targets"
  }

  tags = {
    pipeline = "otif"
    step     = local.etl_load_step
  }

  lifecycle {
    precondition {
      condition     = var.glue_role_arn != null && var.redshift_copy_role_arn != null && var.redshift_cluster_id != null
      error_message = "enable_glue = true needs glue_role_arn, redshift_copy_role_arn (the role Redshift's COPY assumes) and redshift_cluster_id."
    }
  }
}

# The seed's daily DAG as Glue triggers: a SCHEDULED trigger for the first stage, a CONDITIONAL one
# for each later stage (every job of the stage before succeeded).
resource "supplychain_etl_schedule" "daily" {
  count = var.enable_glue ? 1 : 0

  name     = "${local.job_prefix}-daily"
  schedule = var.etl_schedule

  stages = [
    for stage in local.etl_stages : [
      for s in stage : s == local.etl_load_step ? supplychain_etl_job.warehouse_load[0].name : supplychain_etl_job.step[s].name
    ]
  ]
}

# The same cleaning rules on Spark, per partition, for the scale a real lake grows to (off by
# default; a whole run of the six files, started by hand: not part of the daily schedule).
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
