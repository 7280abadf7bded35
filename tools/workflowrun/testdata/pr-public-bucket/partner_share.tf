# The pull request `make workflows-local` checks: a second data lake for sharing files with a
# partner, with every public-access-block setting turned off. plangate check denies it
# (SC-LAKE-002, critical), so the PR check fails and says why in its comment.
resource "supplychain_data_lake" "partner_share" {
  name_prefix   = "${var.name_prefix}-${var.environment}-share"
  force_destroy = var.force_destroy

  public_access_block = {
    block_public_acls       = false
    block_public_policy     = false
    ignore_public_acls      = false
    restrict_public_buckets = false
  }

  lifecycle_policy = {
    raw_glacier_transition_days            = 90
    noncurrent_version_expiration_days     = 30
    abort_incomplete_multipart_upload_days = 7
  }

  tags = {
    data_owner = "supply-chain-analytics"
  }
}
