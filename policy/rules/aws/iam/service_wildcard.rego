# METADATA
# title: IAM policy does not allow every action of a service on every resource
# description: An Allow of "service:*" on Resource "*" (for example "s3:*" or "glue:*") grants far more than a pipeline job needs.
# custom:
#   id: SC-AWS-IAM-002
#   severity: high
#   resource_types: [aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy, aws_iam_role, aws_iam_policy_document]
#   remediation: List the actions the principal needs, or scope the statement to named resources.
#   related:
#     checkov: [CKV_AWS_290, CKV_AWS_355]
#     trivy: [AVD-AWS-0057]
package supplychain.rules.aws.iam.service_wildcard

import data.supplychain.lib.iam

applicable := iam.applicable

fail contains {"address": d.address, "msg": sprintf("%s allows %s on every resource", [d.address, a])} if {
	some d in iam.documents
	some s in iam.allows(d.doc)
	some a in iam.actions(s)
	endswith(a, ":*")
	a != "*:*"
	"*" in iam.resources(s)
}

unknown contains {"address": a, "msg": "the policy document is known only after apply"} if some a in iam.unknown_documents
