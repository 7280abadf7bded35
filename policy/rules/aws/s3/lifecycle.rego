# METADATA
# title: Raw and landing buckets have a lifecycle rule
# description: Raw files pile up forever unless a lifecycle rule expires or archives them. Applies to buckets whose name matches the raw_bucket_pattern parameter.
# custom:
#   id: SC-AWS-S3-010
#   severity: medium
#   resource_types: [aws_s3_bucket, aws_s3_bucket_lifecycle_configuration]
#   remediation: Add an aws_s3_bucket_lifecycle_configuration with an enabled rule that transitions or expires raw objects.
#   related:
#     checkov: [CKV2_AWS_61]
package supplychain.rules.aws.s3.lifecycle

import data.supplychain.lib
import data.supplychain.lib.s3 as common

pattern := lib.param("raw_bucket_pattern", "(^|[-_.])(raw|landing)([-_.]|$)")

# raw_buckets are the buckets whose name matches the pattern, each tested once.
raw_buckets := [b |
	pattern != ""
	some b in common.buckets
	regex.match(pattern, common.name(b))
]

applicable contains b.address if some b in raw_buckets

has_rule(b) if {
	some c in b.split.aws_s3_bucket_lifecycle_configuration
	some r in lib.block_list(c, "rule")
	object.get(r, "status", "Enabled") == "Enabled"
}

has_rule(b) if {
	some r in lib.block_list(b, "lifecycle_rule")
	object.get(r, "enabled", false) == true
}

undecided(b) if {
	some c in b.split.aws_s3_bucket_lifecycle_configuration
	c.unknown.rule == true
}

# Each raw bucket is judged once, into these: a function's value is cached only when defined.
unruled := [b |
	some b in raw_buckets
	not has_rule(b)
]

pending contains b if {
	some b in unruled
	undecided(b)
}

fail contains {"address": b.address, "msg": sprintf("raw bucket %s has no enabled lifecycle rule", [common.name(b)])} if {
	some b in unruled
	not b in pending
}

unknown contains {"address": b.address, "msg": sprintf("the lifecycle rules of bucket %s are known only after apply", [common.name(b)])} if {
	some b in pending
}
