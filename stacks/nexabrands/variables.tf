variable "environment" {
  description = "Deployment environment (dev, prod, local…); part of every bucket and job name."
  type        = string
  default     = "dev"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,19}$", var.environment))
    error_message = "environment: lower-case letters, digits and hyphens, at most 20 characters (it goes into bucket names)."
  }
}

variable "region" {
  description = "AWS region of the lake, the Glue jobs and the warehouse."
  type        = string
  default     = "af-south-1"
}

variable "name_prefix" {
  description = "First part of every bucket and job name: <name_prefix>-<environment>-raw, -code, -transformed."
  type        = string
  default     = "nexabrand"
}

variable "enable_glue" {
  description = "Create the Glue jobs (one per step of etl/steps.json) and their daily schedule. False on the local servers (nothing serves Glue there; `make demo` runs the same ETL code with python3, in the same order)."
  type        = bool
  default     = true
}

variable "enable_glueetl" {
  description = "Also create the Spark (glueetl) job running the same rules per partition; only with enable_glue."
  type        = bool
  default     = false
}

variable "glue_role_arn" {
  description = "IAM role the Glue jobs run as (read the raw bucket, write the transformed bucket, read the code bucket). Required with enable_glue."
  type        = string
  default     = null

  validation {
    condition     = var.glue_role_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", var.glue_role_arn))
    error_message = "glue_role_arn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)."
  }
}

variable "etl_schedule" {
  description = "When the daily ETL run starts (its first stage), as an AWS cron expression in UTC; only with enable_glue."
  type        = string
  default     = "cron(0 2 * * ? *)"
}

variable "redshift_copy_role_arn" {
  description = "IAM role the Redshift cluster assumes to COPY from the transformed bucket (the warehouse load job). Required with enable_glue."
  type        = string
  default     = null

  validation {
    condition     = var.redshift_copy_role_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", var.redshift_copy_role_arn))
    error_message = "redshift_copy_role_arn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)."
  }
}

variable "redshift_cluster_id" {
  description = "Identifier of the Redshift cluster the warehouse load job runs its SQL on (Redshift Data API). Required with enable_glue."
  type        = string
  default     = null
}

variable "s3_endpoint" {
  description = "S3-compatible endpoint; null for AWS itself. `devenv run` sets TF_VAR_s3_endpoint to the local server."
  type        = string
  default     = null
}

variable "glue_endpoint" {
  description = "Glue endpoint; null for AWS itself."
  type        = string
  default     = null
}

variable "force_destroy" {
  description = "Let destroy remove buckets that hold objects (every version). Keep false in production."
  type        = bool
  default     = false
}
