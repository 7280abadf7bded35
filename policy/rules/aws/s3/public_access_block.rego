# METADATA
# title: S3 public access is blocked on the bucket or the account
# description: All four public access block settings are on, for the bucket or for the whole account.
# custom:
#   id: SC-AWS-S3-004
#   severity: high
#   resource_types: [aws_s3_bucket, aws_s3_bucket_public_access_block, aws_s3_account_public_access_block]
#   remediation: Add an aws_s3_bucket_public_access_block (or aws_s3_account_public_access_block) with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true.
#   related:
#     checkov: [CKV2_AWS_6, CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56]
#     trivy: [AVD-AWS-0094, AVD-AWS-0086, AVD-AWS-0087, AVD-AWS-0091, AVD-AWS-0093]
package supplychain.rules.aws.s3.public_access_block

import data.supplychain.lib
import data.supplychain.lib.s3 as common

flags := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

applicable contains b.address if some b in common.buckets

# Each bucket is judged once, into the sets below, rather than by a function per fail and
# unknown rule: OPA caches a function's value only when it is defined.
all_on(r) if every f in flags {
	r.values[f] == true
}

account_blocked if {
	some a in lib.resources("aws_s3_account_public_access_block")
	all_on(a)
}

# blocks maps a bucket's address to its public access blocks.
blocks[b.address] := ps if {
	some b in common.buckets
	ps := b.split.aws_s3_bucket_public_access_block
	count(ps) > 0
}

bucket_blocked contains a if {
	some a, ps in blocks
	some p in ps
	all_on(p)
}

undecided contains a if {
	some a, ps in blocks
	not a in bucket_blocked
	some p in ps
	some f in flags
	p.unknown[f] == true
}

unblocked := [b |
	some b in common.buckets
	not b.address in bucket_blocked
]

missing(b) := [f |
	some f in flags
	not any_on(ps, f)
] if {
	ps := b.split.aws_s3_bucket_public_access_block
} else := flags

any_on(ps, f) if {
	some p in ps
	p.values[f] == true
}

fail contains {"address": b.address, "msg": msg} if {
	not account_blocked
	some b in unblocked
	not b.address in undecided
	msg := sprintf("bucket %s: public access block settings not on: %s", [common.name(b), concat(", ", missing(b))])
}

unknown contains {"address": b.address, "msg": sprintf("public access block of bucket %s is known only after apply", [common.name(b)])} if {
	not account_blocked
	some b in unblocked
	b.address in undecided
}
