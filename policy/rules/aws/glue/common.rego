# Helpers for the Glue job rules: aws_glue_job and the provider's supplychain_etl_job describe
# the same job in two shapes (a command block, or flat command and python_version attributes).
package supplychain.lib.glue

import data.supplychain.lib

jobs := array.concat(lib.resources("aws_glue_job"), lib.resources("supplychain_etl_job"))

# command returns the job's command name (glueetl when unset).
command(j) := lib.value(j, ["command"], "glueetl") if j.type == "supplychain_etl_job"

command(j) := lib.value(j, ["command", 0, "name"], "glueetl") if j.type != "supplychain_etl_job"

# python_path is where the job's Python version is.
python_path(j) := ["python_version"] if j.type == "supplychain_etl_job"

python_path(j) := ["command", 0, "python_version"] if j.type != "supplychain_etl_job"
