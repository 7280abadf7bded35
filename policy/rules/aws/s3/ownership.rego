# METADATA
# title: S3 bucket ACLs are disabled (object ownership BucketOwnerEnforced)
# description: With BucketOwnerEnforced the bucket owner owns every object and ACLs have no effect. New buckets get it by default; a bucket that sets another ownership, or uses ACLs, does not.
# custom:
#   id: SC-AWS-S3-006
#   severity: medium
#   resource_types: [aws_s3_bucket, aws_s3_bucket_ownership_controls, aws_s3_bucket_acl]
#   remediation: Add aws_s3_bucket_ownership_controls with rule { object_ownership = "BucketOwnerEnforced" } and drop ACLs.
#   related:
#     checkov: [CKV2_AWS_65]
package supplychain.rules.aws.s3.ownership

import data.supplychain.lib
import data.supplychain.lib.s3 as common

applicable contains b.address if some b in common.buckets

ownership(b) := o if {
	some c in b.split.aws_s3_bucket_ownership_controls
	o := lib.value(c, ["rule", 0, "object_ownership"], "")
}

uses_acl(b) if count(b.split.aws_s3_bucket_acl) > 0

uses_acl(b) if {
	acl := lib.value(b, ["acl"], "")
	acl != ""
	acl != "private"
}

undecided(b) if {
	some c in b.split.aws_s3_bucket_ownership_controls
	c.unknown.rule == true
}

fail contains {"address": b.address, "msg": sprintf("bucket %s sets object ownership %s, so ACLs stay enabled", [common.name(b), ownership(b)])} if {
	some b in common.buckets
	ownership(b) != "BucketOwnerEnforced"
}

# Each bucket without ownership controls is judged once, into these: a function's value is
# cached only when defined.
unowned := [b |
	some b in common.buckets
	not ownership(b)
]

pending contains b if {
	some b in unowned
	undecided(b)
}

fail contains {"address": b.address, "msg": sprintf("bucket %s uses ACLs without object ownership BucketOwnerEnforced", [common.name(b)])} if {
	some b in unowned
	not b in pending
	uses_acl(b)
}

unknown contains {"address": b.address, "msg": sprintf("object ownership of bucket %s is known only after apply", [common.name(b)])} if {
	some b in pending
}
