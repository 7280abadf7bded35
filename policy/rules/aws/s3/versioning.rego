# METADATA
# title: S3 bucket versioning is enabled
# description: Versioning keeps every version of an object, so an overwritten or deleted raw file can be restored.
# custom:
#   id: SC-AWS-S3-001
#   severity: medium
#   resource_types: [aws_s3_bucket, aws_s3_bucket_versioning]
#   remediation: Add an aws_s3_bucket_versioning resource for the bucket with versioning_configuration { status = "Enabled" }.
#   related:
#     checkov: [CKV_AWS_21]
#     trivy: [AVD-AWS-0090]
package supplychain.rules.aws.s3.versioning

import data.supplychain.lib
import data.supplychain.lib.s3 as common

applicable contains b.address if some b in common.buckets

enabled(b) if {
	some v in b.split.aws_s3_bucket_versioning
	v.values.versioning_configuration[0].status == "Enabled"
}

enabled(b) if b.values.versioning[0].enabled == true

undecided(b) if {
	some v in b.split.aws_s3_bucket_versioning
	lib.is_unknown(v, ["versioning_configuration", 0, "status"])
}

undecided(b) if {
	"versioning" in b.configured
	b.unknown.versioning == true
}

# Each bucket is judged once, into these sets: a function's value is cached only when defined.
disabled := [b |
	some b in common.buckets
	not enabled(b)
]

pending contains b if {
	some b in disabled
	undecided(b)
}

fail contains {"address": b.address, "msg": sprintf("bucket %s does not have versioning enabled", [common.name(b)])} if {
	some b in disabled
	not b in pending
}

unknown contains {"address": b.address, "msg": sprintf("versioning of bucket %s is known only after apply", [common.name(b)])} if {
	some b in pending
}
