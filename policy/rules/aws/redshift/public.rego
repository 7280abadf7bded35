# METADATA
# title: Redshift is not publicly accessible
# description: Neither a cluster nor a Serverless workgroup gets a public endpoint.
# custom:
#   id: SC-AWS-RS-002
#   severity: critical
#   resource_types: [aws_redshift_cluster, aws_redshiftserverless_workgroup]
#   remediation: Set publicly_accessible = false and reach the warehouse through the VPC (or a bastion / VPN).
#   related:
#     checkov: [CKV_AWS_87]
package supplychain.rules.aws.redshift.public

import data.supplychain.lib

targets := array.concat(lib.resources("aws_redshift_cluster"), lib.resources("aws_redshiftserverless_workgroup"))

applicable contains t.address if some t in targets

fail contains {"address": t.address, "msg": sprintf("%s is publicly accessible", [t.address])} if {
	some t in targets
	lib.truthy(lib.value(t, ["publicly_accessible"], false))
}

# Old AWS providers default publicly_accessible to true on clusters.
fail contains {"address": c.address, "msg": sprintf("%s does not set publicly_accessible, and older AWS providers default it to true", [c.address])} if {
	some c in lib.resources("aws_redshift_cluster")
	not lib.configured(c, "publicly_accessible")
	lib.value(c, ["publicly_accessible"], null) == null
	not c.unknown.publicly_accessible == true
	count(object.get(c, "configured", [])) > 0
}

unknown contains {"address": t.address, "msg": "whether it is publicly accessible is known only after apply"} if {
	some t in targets
	t.unknown.publicly_accessible == true
}
