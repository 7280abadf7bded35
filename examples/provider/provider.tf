provider "supplychain" {
  region = "eu-west-1"

  # Credentials come from the AWS SDK's default chain; assume a deployment role on top.
  assume_role {
    role_arn     = "arn:aws:iam::123456789012:role/supplychain-deployer"
    session_name = "terraform"
  }

  default_tags {
    tags = {
      project    = "supply-chain-analytics"
      managed_by = "terraform"
    }
  }

  # The warehouse (Redshift or PostgreSQL); connected only when a warehouse resource needs it.
  warehouse {
    host     = "analytics.abc123.eu-west-1.redshift.amazonaws.com"
    port     = 5439
    database = "supplychain"
    username = "terraform"
    password = var.warehouse_password
    sslmode  = "verify-full"
  }
}

variable "warehouse_password" {
  type      = string
  sensitive = true
}

# S3-compatible storage or a local stand-in:
# provider "supplychain" {
#   region            = "us-east-1"
#   s3_use_path_style = true
#   endpoints {
#     s3 = "http://127.0.0.1:4566"
#   }
# }
