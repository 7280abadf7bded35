# METADATA
# title: Redshift admin password is managed by Secrets Manager, not kept in the plan
# description: A master_password (cluster) or admin_user_password (namespace) set in configuration is stored in plan and state files. Redshift can create and rotate the password in Secrets Manager instead.
# custom:
#   id: SC-AWS-RS-005
#   severity: high
#   resource_types: [aws_redshift_cluster, aws_redshiftserverless_namespace]
#   remediation: Remove master_password / admin_user_password and set manage_master_password = true (cluster) or manage_admin_password = true (namespace).
#   related:
#     checkov: [CKV_AWS_321]
package supplychain.rules.aws.redshift.admin_password

import data.supplychain.lib

kinds := [
	{"type": "aws_redshift_cluster", "password": "master_password", "managed": "manage_master_password"},
	{"type": "aws_redshiftserverless_namespace", "password": "admin_user_password", "managed": "manage_admin_password"},
]

applicable contains r.address if {
	some k in kinds
	some r in lib.resources(k.type)
}

has_password(r, k) if lib.value(r, [k.password], null) != null

has_password(r, k) if lib.is_unknown(r, [k.password])

fail contains {"address": r.address, "msg": sprintf("%s sets %s in configuration, so the password is stored in plan and state; use %s", [r.address, k.password, k.managed])} if {
	some k in kinds
	some r in lib.resources(k.type)
	has_password(r, k)
	lib.value(r, [k.managed], false) != true
}
