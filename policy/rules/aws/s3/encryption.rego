# METADATA
# title: S3 bucket has default encryption configured
# description: A bucket states its default server-side encryption, so every object is encrypted at rest with a known key.
# custom:
#   id: SC-AWS-S3-002
#   severity: high
#   resource_types: [aws_s3_bucket, aws_s3_bucket_server_side_encryption_configuration]
#   remediation: Add an aws_s3_bucket_server_side_encryption_configuration for the bucket with sse_algorithm "aws:kms" (or "AES256").
#   related:
#     checkov: [CKV_AWS_19]
#     trivy: [AVD-AWS-0088]
package supplychain.rules.aws.s3.encryption

import data.supplychain.lib
import data.supplychain.lib.s3 as common

valid := {"AES256", "aws:kms", "aws:kms:dsse"}

applicable contains b.address if some b in common.buckets

# algorithms returns every default algorithm the bucket's configuration states.
algorithms(b) := {a |
	some c in b.split.aws_s3_bucket_server_side_encryption_configuration
	some rule in lib.block_list(c, "rule")
	some d in object.get(rule, "apply_server_side_encryption_by_default", [])
	a := d.sse_algorithm
} | {a |
	some cfg in lib.block_list(b, "server_side_encryption_configuration")
	some rule in object.get(cfg, "rule", [])
	some d in object.get(rule, "apply_server_side_encryption_by_default", [])
	a := d.sse_algorithm
}

encrypted(b) if {
	some a in algorithms(b)
	a in valid
}

undecided(b) if {
	some c in b.split.aws_s3_bucket_server_side_encryption_configuration
	c.unknown.rule == true
}

undecided(b) if {
	some c in b.split.aws_s3_bucket_server_side_encryption_configuration
	some i, _ in lib.block_list(c, "rule")
	lib.is_unknown(c, ["rule", i, "apply_server_side_encryption_by_default", 0, "sse_algorithm"])
}

undecided(b) if {
	"server_side_encryption_configuration" in b.configured
	b.unknown.server_side_encryption_configuration == true
}

# Each bucket is judged once, into these: a function's value is cached only when defined.
unencrypted := [b |
	some b in common.buckets
	not encrypted(b)
]

pending contains b if {
	some b in unencrypted
	undecided(b)
}

fail contains {"address": b.address, "msg": sprintf("bucket %s has no default encryption configuration", [common.name(b)])} if {
	some b in unencrypted
	not b in pending
}

unknown contains {"address": b.address, "msg": sprintf("default encryption of bucket %s is known only after apply", [common.name(b)])} if {
	some b in pending
}
