package supplychain.rules.aws.s3.encryption_test

import data.supplychain.rules.aws.s3.encryption
import data.supplychain.testing

bucket := object.union(testing.res("aws_s3_bucket", "b", {"bucket": "x"}), {"related": {"aws_s3_bucket_server_side_encryption_configuration": ["aws_s3_bucket_server_side_encryption_configuration.b"]}})

sse(alg) := testing.res("aws_s3_bucket_server_side_encryption_configuration", "b", {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": alg}]}]})

test_split_kms_passes if {
	inp := testing.input_of([bucket, sse("aws:kms")])
	count(encryption.fail) == 0 with input as inp
	encryption.applicable == {"aws_s3_bucket.b"} with input as inp
}

test_split_bogus_fails if testing.addrs(encryption.fail) == {"aws_s3_bucket.b"} with input as testing.input_of([bucket, sse("none")])

test_missing_fails if testing.addrs(encryption.fail) == {"aws_s3_bucket.x"} with input as testing.input_of([testing.res("aws_s3_bucket", "x", {})])

test_inline_aes_passes if {
	b := testing.res("aws_s3_bucket", "x", {"server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256"}]}]}]})
	count(encryption.fail) == 0 with input as testing.input_of([b])
}

test_unknown_algorithm if {
	c := object.union(testing.res("aws_s3_bucket_server_side_encryption_configuration", "b", {"rule": [{"apply_server_side_encryption_by_default": [{}]}]}), {"unknown": {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": true}]}]}})
	inp := testing.input_of([bucket, c])
	testing.addrs(encryption.unknown) == {"aws_s3_bucket.b"} with input as inp
	count(encryption.fail) == 0 with input as inp
}
