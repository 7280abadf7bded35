# METADATA
# title: S3 buckets that must use KMS are encrypted with a KMS key
# description: Buckets whose name matches the kms_required_pattern parameter hold data that must be encrypted with a KMS key (SSE-KMS), not only S3-managed keys.
# custom:
#   id: SC-AWS-S3-003
#   severity: high
#   resource_types: [aws_s3_bucket, aws_s3_bucket_server_side_encryption_configuration]
#   remediation: Set sse_algorithm = "aws:kms" and kms_master_key_id to a customer managed key in the bucket's encryption configuration.
#   related:
#     checkov: [CKV_AWS_145]
#     trivy: [AVD-AWS-0132]
package supplychain.rules.aws.s3.kms

import data.supplychain.lib
import data.supplychain.lib.s3 as common
import data.supplychain.rules.aws.s3.encryption

pattern := lib.param("kms_required_pattern", "")

# required_buckets are the buckets whose name matches the pattern, each tested once.
required_buckets := [b |
	pattern != ""
	some b in common.buckets
	regex.match(pattern, common.name(b))
]

applicable contains b.address if some b in required_buckets

kms(b) if {
	some a in encryption.algorithms(b)
	startswith(a, "aws:kms")
}

fail contains {"address": b.address, "msg": sprintf("bucket %s must be encrypted with a KMS key (sse_algorithm aws:kms)", [common.name(b)])} if {
	some b in required_buckets
	not kms(b)
	not encryption.undecided(b)
}

unknown contains {"address": b.address, "msg": sprintf("encryption of bucket %s is known only after apply", [common.name(b)])} if {
	some b in required_buckets
	not kms(b)
	encryption.undecided(b)
}

unknown contains {"address": b.address, "msg": "the bucket name is known only after apply, so whether it must use KMS is unknown"} if {
	pattern != ""
	some b in common.buckets
	not common.name_known(b)
	not kms(b)
}
