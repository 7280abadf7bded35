# METADATA
# title: S3 bucket policy denies requests without TLS
# description: The bucket policy has a Deny statement for requests where aws:SecureTransport is false, so data never travels in clear text.
# custom:
#   id: SC-AWS-S3-007
#   severity: medium
#   resource_types: [aws_s3_bucket, aws_s3_bucket_policy]
#   remediation: 'Add to the bucket policy: Effect Deny, Principal "*", Action "s3:*", Resource the bucket and its objects, Condition Bool aws:SecureTransport "false".'
#   related:
#     checkov: [CKV_AWS_379]
package supplychain.rules.aws.s3.tls_only

import data.supplychain.lib
import data.supplychain.lib.s3 as common

applicable contains b.address if some b in common.buckets

denies_insecure(doc) if {
	some s in lib.statements(doc)
	s.Effect == "Deny"
	some op, conds in object.get(s, "Condition", {})
	op in {"Bool", "BoolIfExists"}
	some v in lib.as_list(object.get(conds, "aws:SecureTransport", []))
	lower(sprintf("%v", [v])) == "false"
}

tls_only(b) if {
	some p in common.policies(b)
	denies_insecure(p.doc)
}

# Each bucket is judged once: insecure are those that do not pass, pending those of them whose
# policy is known only after apply (a function's value is cached only when it is defined).
insecure := [b |
	some b in common.buckets
	not tls_only(b)
]

pending contains b if {
	some b in insecure
	b.address in common.policy_undecided
}

fail contains {"address": b.address, "msg": sprintf("bucket %s has no policy statement denying requests without TLS (aws:SecureTransport false)", [common.name(b)])} if {
	some b in insecure
	not b in pending
}

unknown contains {"address": b.address, "msg": sprintf("the policy of bucket %s is known only after apply", [common.name(b)])} if {
	some b in pending
}
