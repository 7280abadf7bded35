# METADATA
# title: iam:PassRole is limited to named services
# description: An Allow of iam:PassRole without an iam:PassedToService condition lets the principal hand any role it may pass to any service, a common path to privilege escalation.
# custom:
#   id: SC-AWS-IAM-003
#   severity: high
#   resource_types: [aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy, aws_iam_role, aws_iam_policy_document]
#   remediation: 'Add Condition StringEquals { "iam:PassedToService": "glue.amazonaws.com" } (the services that need the role) to the statement.'
#   related:
#     checkov: [CKV_AWS_286]
package supplychain.rules.aws.iam.passrole

import data.supplychain.lib.iam

applicable := iam.applicable

passrole(a) if lower(a) in {"iam:passrole", "iam:pass*", "iam:*"}

limited(s) if {
	some _, conds in object.get(s, "Condition", {})
	some k, _ in conds
	lower(k) == "iam:passedtoservice"
}

fail contains {"address": d.address, "msg": sprintf("%s allows %s without an iam:PassedToService condition", [d.address, a])} if {
	some d in iam.documents
	some s in iam.allows(d.doc)
	some a in iam.actions(s)
	passrole(a)
	not limited(s)
}

unknown contains {"address": a, "msg": "the policy document is known only after apply"} if some a in iam.unknown_documents
