# Three buckets named nexabrand-prod-raw, -code and -transformed, secure by default:
# versioning, SSE-S3, Block Public Access and a TLS-only policy.
resource "supplychain_data_lake" "main" {
  name_prefix = "nexabrand-prod"

  encryption = {
    sse_algorithm      = "aws:kms"
    kms_key_arn        = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    bucket_key_enabled = true
  }

  object_ownership = "BucketOwnerEnforced"

  lifecycle_policy = {
    raw_glacier_transition_days            = 90
    noncurrent_version_expiration_days     = 30
    abort_incomplete_multipart_upload_days = 7
  }

  # Merged with the TLS-only statement.
  raw = {
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Sid       = "GlueReadsRaw"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::123456789012:role/glue-etl" }
        Action    = ["s3:GetObject", "s3:ListBucket"]
        Resource  = ["arn:aws:s3:::nexabrand-prod-raw", "arn:aws:s3:::nexabrand-prod-raw/*"]
      }]
    })
  }

  tags = {
    data_owner = "supply-chain-analytics"
  }
}

# Other resources use the names and ARNs, known at plan time.
output "raw_bucket" {
  value = supplychain_data_lake.main.raw.bucket
}
