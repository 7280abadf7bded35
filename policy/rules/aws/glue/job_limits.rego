# METADATA
# title: Glue job stays within the team's capacity limits
# description: Number of workers and worker type stay within the glue_max_workers and glue_worker_types parameters (the seed's limits are 2 workers of G.1X).
# custom:
#   id: SC-AWS-GLUE-004
#   severity: medium
#   resource_types: [aws_glue_job, supplychain_etl_job]
#   remediation: Lower number_of_workers to glue_max_workers and use an allowed worker_type, or change the limits in the plangate configuration.
package supplychain.rules.aws.glue.job_limits

import data.supplychain.lib
import data.supplychain.lib.glue

jobs := glue.jobs

applicable contains j.address if some j in jobs

max_workers := lib.param("glue_max_workers", 2)

worker_types := lib.param("glue_worker_types", ["G.1X"])

fail contains {"address": j.address, "msg": sprintf("Glue job %s asks for %v workers; the limit is %v", [lib.value(j, ["name"], j.name), n, max_workers])} if {
	some j in jobs
	n := lib.value(j, ["number_of_workers"], 0)
	is_number(n)
	n > max_workers
}

fail contains {"address": j.address, "msg": sprintf("Glue job %s uses worker type %s; allowed: %s", [lib.value(j, ["name"], j.name), t, concat(", ", worker_types)])} if {
	some j in jobs
	t := lib.value(j, ["worker_type"], "")
	t != ""
	not t in worker_types
}

unknown contains {"address": j.address, "msg": sprintf("the worker count of Glue job %s is known only after apply", [j.name])} if {
	some j in jobs
	j.unknown.number_of_workers == true
	"number_of_workers" in j.configured
}
