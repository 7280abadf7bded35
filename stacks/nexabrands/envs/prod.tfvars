# AWS: the lake and the Glue jobs in af-south-1, the warehouse on Redshift. Credentials come from
# the environment (GitHub Actions' OIDC role, see docs/guides/pipeline-on-aws.md); the warehouse
# password from TF_VAR_warehouse_password, never from this file.
environment   = "prod"
region        = "af-south-1"
enable_glue   = true
glue_role_arn = "arn:aws:iam::123456789012:role/nexabrand-prod-glue-etl" # replace with your account's role

# The warehouse load job: the role Redshift's COPY assumes to read the transformed bucket, and the
# cluster its SQL runs on (Redshift Data API; the Glue role needs redshift-data:BatchExecuteStatement,
# DescribeStatement and redshift:GetClusterCredentials for warehouse_username).
redshift_copy_role_arn = "arn:aws:iam::123456789012:role/nexabrand-prod-redshift-copy" # replace
redshift_cluster_id    = "nexabrand-prod"                                              # replace

warehouse_host     = "nexabrand-prod.abc123xyz789.af-south-1.redshift.amazonaws.com" # replace
warehouse_port     = 5439
warehouse_database = "analytics"
warehouse_username = "terraform"
warehouse_sslmode  = "verify-full"
