# METADATA
# title: Glue job runs an allowed command on Python 3
# description: The job's command is one of glue_commands (glueetl, pythonshell) and its python_version one of glue_python_versions.
# custom:
#   id: SC-AWS-GLUE-006
#   severity: medium
#   resource_types: [aws_glue_job, supplychain_etl_job]
#   remediation: Use command { name = "glueetl" or "pythonshell", python_version = "3" }.
package supplychain.rules.aws.glue.job_command

import data.supplychain.lib
import data.supplychain.lib.glue

jobs := glue.jobs

applicable contains j.address if some j in jobs

commands := lib.param("glue_commands", ["glueetl", "pythonshell"])

pythons := lib.param("glue_python_versions", ["3", "3.9"])

fail contains {"address": j.address, "msg": sprintf("Glue job %s runs command %q; allowed: %s", [lib.value(j, ["name"], j.name), c, concat(", ", commands)])} if {
	some j in jobs
	c := glue.command(j)
	not c in commands
}

fail contains {"address": j.address, "msg": sprintf("Glue job %s uses Python %v; allowed: %s", [lib.value(j, ["name"], j.name), v, concat(", ", pythons)])} if {
	some j in jobs
	not lib.is_unknown(j, glue.python_path(j))
	v := lib.value(j, glue.python_path(j), "unset")
	not v in pythons
}
