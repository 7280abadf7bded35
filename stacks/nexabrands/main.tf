# Nexabrands' supply-chain analytics pipeline: the data lake where raw order files land, Glue
# scripts live and cleaned data is written for the warehouse.

provider "supplychain" {
  region            = var.region
  s3_use_path_style = var.s3_endpoint != null

  endpoints {
    s3 = var.s3_endpoint
  }

  default_tags {
    tags = {
      project     = "supply-chain-analytics"
      environment = var.environment
      managed_by  = "terraform"
    }
  }
}

resource "supplychain_data_lake" "main" {
  # nexabrand-<env>-raw, -code, -transformed: the naming convention the policy checks.
  name_prefix   = "nexabrand-${var.environment}"
  force_destroy = var.force_destroy

  lifecycle_policy = {
    raw_glacier_transition_days            = 90
    noncurrent_version_expiration_days     = 30
    abort_incomplete_multipart_upload_days = 7
  }

  tags = {
    data_owner = "supply-chain-analytics"
  }
}
