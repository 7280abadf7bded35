variable "environment" {
  description = "Deployment environment; part of every bucket name."
  type        = string
  default     = "dev"
}

variable "region" {
  description = "AWS region."
  type        = string
  default     = "us-east-1"
}

variable "s3_endpoint" {
  description = "S3-compatible endpoint; null for AWS itself. The demo sets it to the local server."
  type        = string
  default     = null
}

variable "force_destroy" {
  description = "Let destroy remove buckets that hold objects (every version). Keep false in production."
  type        = bool
  default     = false
}
