# METADATA
# title: S3 bucket policy has no unconditional Allow for every principal
# description: An Allow statement with Principal "*" and no Condition lets anyone on the internet act on the bucket.
# custom:
#   id: SC-AWS-S3-008
#   severity: critical
#   resource_types: [aws_s3_bucket, aws_s3_bucket_policy]
#   remediation: Name the principals that need access, or add a Condition (aws:SourceVpce, aws:PrincipalOrgID …) to the statement.
#   related:
#     checkov: [CKV_AWS_70]
package supplychain.rules.aws.s3.public_policy

import data.supplychain.lib
import data.supplychain.lib.s3 as common

# The policy holders: split policy resources, and buckets with an inline policy.
holders := array.concat(lib.resources("aws_s3_bucket_policy"), [b |
	some b in common.buckets
	lib.value(b, ["policy"], "") != ""
])

applicable contains h.address if some h in holders

open_statement(doc) := s if {
	some s in lib.statements(doc)
	s.Effect == "Allow"
	common.public_principal(object.get(s, "Principal", null))
	count(object.get(s, "Condition", {})) == 0
}

fail contains {"address": h.address, "msg": sprintf("%s allows %v to every principal without a condition", [h.address, open_statement(doc).Action])} if {
	some h in holders
	doc := lib.json_doc(lib.value(h, ["policy"], null))
	open_statement(doc)
}

unknown contains {"address": p.address, "msg": "the bucket policy is known only after apply"} if {
	some p in lib.resources("aws_s3_bucket_policy")
	p.unknown.policy == true
}
