# The local servers of `make demo` (`go run ./tools/devenv run --postgres`): the S3 stand-in and a
# throwaway PostgreSQL as the warehouse. devenv sets what changes per run through the environment:
# TF_VAR_s3_endpoint, TF_VAR_warehouse_host, _port, _database, _username.
environment       = "local"
region            = "us-east-1" # the stand-in's region (localenv.Region)
enable_glue       = false       # nothing serves Glue locally; the demo runs etl/pythonshell_job.py
force_destroy     = true        # throwaway buckets
warehouse_sslmode = "disable"   # loopback PostgreSQL without TLS
