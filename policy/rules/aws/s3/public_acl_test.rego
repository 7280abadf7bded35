package supplychain.rules.aws.s3.public_acl_test

import data.supplychain.rules.aws.s3.public_acl
import data.supplychain.testing

test_public_read_inline_fails if testing.addrs(public_acl.fail) == {"aws_s3_bucket.b"} with input as testing.input_of([testing.res("aws_s3_bucket", "b", {"acl": "public-read"})])

test_private_passes if count(public_acl.fail) == 0 with input as testing.input_of([testing.res("aws_s3_bucket", "b", {"acl": "private"})])

test_split_acl_fails if testing.addrs(public_acl.fail) == {"aws_s3_bucket_acl.a"} with input as testing.input_of([testing.res("aws_s3_bucket_acl", "a", {"acl": "public-read-write"})])

test_all_users_grant_fails if {
	a := testing.res("aws_s3_bucket_acl", "a", {"access_control_policy": [{"grant": [{"grantee": [{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers"}], "permission": "READ"}]}]})
	testing.addrs(public_acl.fail) == {"aws_s3_bucket_acl.a"} with input as testing.input_of([a])
}

test_unknown_acl if {
	a := object.union(testing.res("aws_s3_bucket_acl", "a", {}), {"unknown": {"acl": true}})
	testing.addrs(public_acl.unknown) == {"aws_s3_bucket_acl.a"} with input as testing.input_of([a])
}
