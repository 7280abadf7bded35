# METADATA
# title: Redshift cluster is encrypted at rest
# description: The warehouse holds customer and order data; the cluster must be encrypted. (Serverless namespaces are always encrypted.)
# custom:
#   id: SC-AWS-RS-001
#   severity: high
#   resource_types: [aws_redshift_cluster]
#   remediation: Set encrypted = true (and kms_key_id to a customer managed key) on the cluster.
#   related:
#     checkov: [CKV_AWS_64]
#     trivy: [AVD-AWS-0084]
package supplychain.rules.aws.redshift.encrypted

import data.supplychain.lib

clusters := lib.resources("aws_redshift_cluster")

applicable contains c.address if some c in clusters

fail contains {"address": c.address, "msg": sprintf("Redshift cluster %s is not encrypted", [lib.value(c, ["cluster_identifier"], c.name)])} if {
	some c in clusters
	not c.unknown.encrypted == true
	not lib.truthy(lib.value(c, ["encrypted"], false))
}

unknown contains {"address": c.address, "msg": "whether the cluster is encrypted is known only after apply"} if {
	some c in clusters
	c.unknown.encrypted == true
	"encrypted" in c.configured
}

# A provider that computes the default (true since AWS provider v6) leaves it unknown.
unknown contains {"address": c.address, "msg": "encrypted is not set; it takes the AWS provider's default, known only after apply"} if {
	some c in clusters
	c.unknown.encrypted == true
	not lib.configured(c, "encrypted")
}
