# The data lake: raw order files land in <prefix>-<env>-raw, the ETL scripts live in -code, and
# cleaned data is written to -transformed for the warehouse.

resource "supplychain_data_lake" "main" {
  # nexabrand-<env>-raw, -code, -transformed: the naming convention the policy checks.
  name_prefix   = "${var.name_prefix}-${var.environment}"
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
