# By job name. Glue does not keep the local paths of script_source and extra_py_files: keep them
# in the configuration. The first plan after import records them with an in-place update, and
# shows a new script_sha256 only where a local file differs from what the job runs.
terraform import supplychain_etl_job.orders nexabrand-prod-orders
