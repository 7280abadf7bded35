# METADATA
# title: Glue job timeout and retries stay within the limits
# description: timeout (minutes) is at most glue_max_timeout (2880) and max_retries at most glue_max_retries (1). An unset timeout is Glue's default of 2880.
# custom:
#   id: SC-AWS-GLUE-005
#   severity: medium
#   resource_types: [aws_glue_job, supplychain_etl_job]
#   remediation: Set timeout and max_retries on the job within the configured limits.
package supplychain.rules.aws.glue.job_timeout

import data.supplychain.lib
import data.supplychain.lib.glue

jobs := glue.jobs

applicable contains j.address if some j in jobs

max_timeout := lib.param("glue_max_timeout", 2880)

max_retries := lib.param("glue_max_retries", 1)

fail contains {"address": j.address, "msg": sprintf("Glue job %s has timeout %v minutes; the limit is %v", [lib.value(j, ["name"], j.name), t, max_timeout])} if {
	some j in jobs
	t := lib.value(j, ["timeout"], 2880)
	is_number(t)
	t > max_timeout
}

fail contains {"address": j.address, "msg": sprintf("Glue job %s retries %v times; the limit is %v", [lib.value(j, ["name"], j.name), r, max_retries])} if {
	some j in jobs
	r := lib.value(j, ["max_retries"], 0)
	is_number(r)
	r > max_retries
}
