# METADATA
# title: IAM policy does not grant full administrator access
# description: An Allow of Action "*" on Resource "*" is administrator access to the whole account.
# custom:
#   id: SC-AWS-IAM-001
#   severity: critical
#   resource_types: [aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy, aws_iam_role, aws_iam_policy_document]
#   remediation: Grant only the actions and resources the principal needs.
#   related:
#     checkov: [CKV_AWS_62, CKV_AWS_1, CKV_AWS_63]
#     trivy: [AVD-AWS-0057]
package supplychain.rules.aws.iam.admin

import data.supplychain.lib.iam

applicable := iam.applicable

fail contains {"address": d.address, "msg": sprintf("%s allows every action (*:*) on every resource", [d.address])} if {
	some d in iam.documents
	some s in iam.allows(d.doc)
	some a in iam.actions(s)
	a in {"*", "*:*"}
	"*" in iam.resources(s)
}

unknown contains {"address": a, "msg": "the policy document is known only after apply"} if some a in iam.unknown_documents
