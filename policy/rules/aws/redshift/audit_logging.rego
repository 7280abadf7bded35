# METADATA
# title: Redshift audit logging is on
# description: Connection and user activity logs are exported (cluster logging block or aws_redshift_logging; namespace log_exports).
# custom:
#   id: SC-AWS-RS-003
#   severity: medium
#   resource_types: [aws_redshift_cluster, aws_redshift_logging, aws_redshiftserverless_namespace]
#   remediation: Add aws_redshift_logging for the cluster (log_destination_type cloudwatch or s3), or set log_exports = ["connectionlog", "useractivitylog", "userlog"] on the namespace.
#   related:
#     checkov: [CKV_AWS_71]
package supplychain.rules.aws.redshift.audit_logging

import data.supplychain.lib

clusters := lib.resources("aws_redshift_cluster")

namespaces := lib.resources("aws_redshiftserverless_namespace")

applicable contains c.address if some c in array.concat(clusters, namespaces)

logged(c) if c.values.logging[0].enable == true

logged(c) if {
	some l in lib.resources("aws_redshift_logging")
	id := lib.value(l, ["cluster_identifier"], "")
	id != ""
	id == lib.value(c, ["cluster_identifier"], null)
}

# The logging resource points at a cluster created in the same run: its id is unknown.
logged(c) if {
	some l in lib.resources("aws_redshift_logging")
	l.unknown.cluster_identifier == true
	count(clusters) == 1
}

fail contains {"address": c.address, "msg": sprintf("Redshift cluster %s has no audit logging", [lib.value(c, ["cluster_identifier"], c.name)])} if {
	some c in clusters
	not logged(c)
}

fail contains {"address": n.address, "msg": sprintf("Redshift Serverless namespace %s exports no audit logs", [lib.value(n, ["namespace_name"], n.name)])} if {
	some n in namespaces
	not n.unknown.log_exports == true
	count(lib.value(n, ["log_exports"], [])) == 0
}
