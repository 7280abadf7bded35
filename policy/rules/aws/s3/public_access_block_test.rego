package supplychain.rules.aws.s3.public_access_block_test

import data.supplychain.rules.aws.s3.public_access_block as pab
import data.supplychain.testing

bucket := object.union(testing.res("aws_s3_bucket", "b", {"bucket": "x"}), {"related": {"aws_s3_bucket_public_access_block": ["aws_s3_bucket_public_access_block.b"]}})

block(v) := testing.res("aws_s3_bucket_public_access_block", "b", {"block_public_acls": true, "block_public_policy": v, "ignore_public_acls": true, "restrict_public_buckets": true})

test_all_on_passes if count(pab.fail) == 0 with input as testing.input_of([bucket, block(true)])

test_one_off_fails_naming_it if {
	some f in pab.fail with input as testing.input_of([bucket, block(false)])
	f.address == "aws_s3_bucket.b"
	contains(f.msg, "block_public_policy")
	not contains(f.msg, "ignore_public_acls")
}

test_none_fails if testing.addrs(pab.fail) == {"aws_s3_bucket.x"} with input as testing.input_of([testing.res("aws_s3_bucket", "x", {})])

test_account_level_passes if {
	acct := testing.res("aws_s3_account_public_access_block", "a", {"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true})
	count(pab.fail) == 0 with input as testing.input_of([testing.res("aws_s3_bucket", "x", {}), acct])
}

test_unknown_flag if {
	p := object.union(testing.res("aws_s3_bucket_public_access_block", "b", {"block_public_acls": true, "ignore_public_acls": true, "restrict_public_buckets": true}), {"unknown": {"block_public_policy": true}})
	inp := testing.input_of([bucket, p])
	testing.addrs(pab.unknown) == {"aws_s3_bucket.b"} with input as inp
	count(pab.fail) == 0 with input as inp
}
