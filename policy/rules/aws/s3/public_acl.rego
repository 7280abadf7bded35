# METADATA
# title: S3 bucket grants no public ACL
# description: A canned ACL of public-read, public-read-write or authenticated-read, or a grant to the AllUsers or AuthenticatedUsers group, opens the bucket to the internet.
# custom:
#   id: SC-AWS-S3-005
#   severity: critical
#   resource_types: [aws_s3_bucket, aws_s3_bucket_acl]
#   remediation: Use the private ACL (or none, with object ownership BucketOwnerEnforced) and remove grants to the AllUsers and AuthenticatedUsers groups.
#   related:
#     checkov: [CKV_AWS_20, CKV_AWS_57]
#     trivy: [AVD-AWS-0092]
package supplychain.rules.aws.s3.public_acl

import data.supplychain.lib
import data.supplychain.lib.s3 as common

public_acls := {"public-read", "public-read-write", "authenticated-read"}

public_groups := {"http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}

applicable contains b.address if some b in common.buckets

applicable contains a.address if some a in lib.resources("aws_s3_bucket_acl")

public(r) := acl if {
	acl := r.values.acl
	acl in public_acls
}

public(r) := uri if {
	gs := r.values.grant
	is_array(gs)
	some g in gs
	uri := object.get(g, "uri", "")
	uri in public_groups
}

public(r) := uri if {
	ps := r.values.access_control_policy
	is_array(ps)
	some p in ps
	some g in object.get(p, "grant", [])
	some gr in object.get(g, "grantee", [])
	uri := object.get(gr, "uri", "")
	uri in public_groups
}

fail contains {"address": r.address, "msg": sprintf("%s grants public access through %s", [r.address, public(r)])} if {
	some r in array.concat(common.buckets, lib.resources("aws_s3_bucket_acl"))
	public(r)
}

unknown contains {"address": r.address, "msg": "the ACL is known only after apply"} if {
	some r in lib.resources("aws_s3_bucket_acl")
	r.unknown.acl == true
	not public(r)
}
