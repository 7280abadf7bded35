# METADATA
# title: S3 bucket has server access logging
# description: Access logs record every request to the bucket. Buckets that are themselves log targets (name matching s3_logging_exempt_regex) are exempt.
# custom:
#   id: SC-AWS-S3-009
#   severity: low
#   resource_types: [aws_s3_bucket, aws_s3_bucket_logging]
#   remediation: Add an aws_s3_bucket_logging resource with a target_bucket for the bucket.
#   related:
#     checkov: [CKV_AWS_18]
#     trivy: [AVD-AWS-0089]
package supplychain.rules.aws.s3.logging

import data.supplychain.lib
import data.supplychain.lib.s3 as common

exempt_pattern := lib.param("s3_logging_exempt_regex", "")

# judged are the buckets that are not exempt, each tested once.
judged := common.buckets if {
	exempt_pattern == ""
} else := [b |
	some b in common.buckets
	not regex.match(exempt_pattern, common.name(b))
]

applicable contains b.address if some b in judged

logged(b) if count(b.split.aws_s3_bucket_logging) > 0

logged(b) if {
	some l in lib.block_list(b, "logging")
	object.get(l, "target_bucket", "") != ""
}

logged(b) if {
	"logging" in b.configured
	b.unknown.logging == true
}

# A target bucket created in the same run is unknown until apply, but set.
logged(b) if {
	some i, _ in lib.block_list(b, "logging")
	lib.is_unknown(b, ["logging", i, "target_bucket"])
}

fail contains {"address": b.address, "msg": sprintf("bucket %s has no server access logging", [common.name(b)])} if {
	some b in judged
	not logged(b)
}
