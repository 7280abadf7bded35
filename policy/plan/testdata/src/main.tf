# Source of the hand-made fixture plans/supplychain_pipeline.json (trimmed; used to test
# locating findings in .tf files).
module "lake" {
  source = "./modules/lake"
  zones  = { raw = "nexabrand-raw-orders", transformed = null }
}

resource "aws_glue_security_configuration" "etl" {
  name = "nexabrand-etl"
}

resource "aws_glue_job" "clean_orders" {
  name              = "clean-orders"
  number_of_workers = 10
  worker_type       = "G.2X"
}

resource "aws_glue_crawler" "raw_orders" {
  name          = "raw-orders"
  database_name = "nexabrand_raw"
}

resource "aws_redshift_cluster" "dw" {
  cluster_identifier  = "nexabrand-dw"
  master_password     = var.db_password
  publicly_accessible = true
  encrypted           = true
}

resource "aws_iam_role" "github_deploy" {
  name = "github-deploy"
}

resource "aws_iam_role_policy" "glue_pass" {
  name = "glue-pass"
}

resource "aws_security_group" "warehouse" {
  name = "warehouse"
}

resource "aws_dynamodb_table" "locks" {
  name = "nexabrand-tf-locks"
}

resource "supplychain_data_lake" "main" {
  name_prefix = "nexabrand"
}
