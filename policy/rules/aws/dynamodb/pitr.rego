# METADATA
# title: DynamoDB table has point-in-time recovery
# description: Point-in-time recovery lets a table (such as the state lock table) be restored to any second of the last 35 days.
# custom:
#   id: SC-AWS-DDB-001
#   severity: medium
#   resource_types: [aws_dynamodb_table]
#   remediation: Add point_in_time_recovery { enabled = true } to the table.
#   related:
#     checkov: [CKV_AWS_28]
#     trivy: [AVD-AWS-0024]
package supplychain.rules.aws.dynamodb.pitr

import data.supplychain.lib

tables := lib.resources("aws_dynamodb_table")

applicable contains t.address if some t in tables

fail contains {"address": t.address, "msg": sprintf("DynamoDB table %s has no point-in-time recovery", [lib.value(t, ["name"], t.name)])} if {
	some t in tables
	not t.unknown.point_in_time_recovery == true
	lib.value(t, ["point_in_time_recovery", 0, "enabled"], false) != true
}

unknown contains {"address": t.address, "msg": "point-in-time recovery is known only after apply"} if {
	some t in tables
	t.unknown.point_in_time_recovery == true
	"point_in_time_recovery" in t.configured
}

# An unset block is computed by the provider: PITR stays off.
fail contains {"address": t.address, "msg": sprintf("DynamoDB table %s has no point-in-time recovery", [lib.value(t, ["name"], t.name)])} if {
	some t in tables
	t.unknown.point_in_time_recovery == true
	not lib.configured(t, "point_in_time_recovery")
}
