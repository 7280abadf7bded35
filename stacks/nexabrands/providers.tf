# Nexabrands' supply-chain analytics pipeline as one stack: raw files land in the lake's raw bucket,
# the ETL jobs (Glue) clean them into the transformed bucket, the warehouse (Redshift, or PostgreSQL
# locally) holds the star schema the KPI views read, and check blocks warn when a customer's OTIF
# is under its target. envs/local.tfvars points it at the local servers (`make demo`),
# envs/prod.tfvars at AWS.

provider "supplychain" {
  region            = var.region
  s3_use_path_style = var.s3_endpoint != null

  # null = AWS itself; the local servers set them (TF_VAR_s3_endpoint from `devenv run`).
  endpoints {
    s3   = var.s3_endpoint
    glue = var.glue_endpoint
  }

  warehouse {
    host     = var.warehouse_host
    port     = var.warehouse_port
    database = var.warehouse_database
    username = var.warehouse_username
    password = var.warehouse_password
    sslmode  = var.warehouse_sslmode
  }

  default_tags {
    tags = {
      project     = "supply-chain-analytics"
      environment = var.environment
      managed_by  = "terraform"
    }
  }
}
