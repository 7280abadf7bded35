# METADATA
# title: DynamoDB table is encrypted with a customer managed key
# description: Tables are always encrypted; a customer managed KMS key adds control over who may decrypt and an audit trail of key use.
# custom:
#   id: SC-AWS-DDB-002
#   severity: low
#   resource_types: [aws_dynamodb_table]
#   remediation: Add server_side_encryption { enabled = true, kms_key_arn = aws_kms_key.x.arn } to the table.
#   related:
#     checkov: [CKV_AWS_119]
#     trivy: [AVD-AWS-0025]
package supplychain.rules.aws.dynamodb.cmk

import data.supplychain.lib

tables := lib.resources("aws_dynamodb_table")

applicable contains t.address if some t in tables

cmk(t) if {
	t.values.server_side_encryption[0].enabled == true
	lib.value(t, ["server_side_encryption", 0, "kms_key_arn"], "") != ""
}

cmk(t) if {
	t.values.server_side_encryption[0].enabled == true
	lib.is_unknown(t, ["server_side_encryption", 0, "kms_key_arn"])
}

fail contains {"address": t.address, "msg": sprintf("DynamoDB table %s is encrypted with an AWS owned key, not a customer managed key", [lib.value(t, ["name"], t.name)])} if {
	some t in tables
	not cmk(t)
	not t.unknown.server_side_encryption == true
}

unknown contains {"address": t.address, "msg": "server-side encryption is known only after apply"} if {
	some t in tables
	not cmk(t)
	t.unknown.server_side_encryption == true
}
