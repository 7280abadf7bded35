# METADATA
# title: Redshift uses enhanced VPC routing
# description: COPY and UNLOAD traffic goes through the VPC, where endpoints, flow logs and security groups apply.
# custom:
#   id: SC-AWS-RS-004
#   severity: medium
#   resource_types: [aws_redshift_cluster, aws_redshiftserverless_workgroup]
#   remediation: Set enhanced_vpc_routing = true on the cluster or workgroup.
#   related:
#     checkov: [CKV_AWS_154]
package supplychain.rules.aws.redshift.enhanced_vpc_routing

import data.supplychain.lib

targets := array.concat(lib.resources("aws_redshift_cluster"), lib.resources("aws_redshiftserverless_workgroup"))

applicable contains t.address if some t in targets

fail contains {"address": t.address, "msg": sprintf("%s does not use enhanced VPC routing", [t.address])} if {
	some t in targets
	not t.unknown.enhanced_vpc_routing == true
	lib.value(t, ["enhanced_vpc_routing"], false) != true
}

unknown contains {"address": t.address, "msg": "enhanced VPC routing is known only after apply"} if {
	some t in targets
	t.unknown.enhanced_vpc_routing == true
}
