variable "zones" {}

resource "aws_s3_bucket" "zone" {
  for_each = var.zones
  bucket   = each.value
}

resource "aws_s3_bucket_versioning" "zone" {
  for_each = var.zones
  bucket   = aws_s3_bucket.zone[each.key].id
}

resource "aws_s3_bucket_server_side_encryption_configuration" "zone" {
  for_each = var.zones
  bucket   = aws_s3_bucket.zone[each.key].id
}

resource "aws_s3_bucket_public_access_block" "zone" {
  for_each = var.zones
  bucket   = aws_s3_bucket.zone[each.key].id
}
