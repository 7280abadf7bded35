package supplychain.rules.aws.s3.versioning_test

import data.supplychain.rules.aws.s3.versioning
import data.supplychain.testing

bucket := object.union(testing.res("aws_s3_bucket", "raw", {"bucket": "nexabrand-raw-data"}), {"related": {"aws_s3_bucket_versioning": ["aws_s3_bucket_versioning.raw"]}})

split(status) := testing.res("aws_s3_bucket_versioning", "raw", {"bucket": "nexabrand-raw-data", "versioning_configuration": [{"status": status}]})

test_split_enabled_passes if {
	inp := testing.input_of([bucket, split("Enabled")])
	count(versioning.fail) == 0 with input as inp
	count(versioning.unknown) == 0 with input as inp
	versioning.applicable == {"aws_s3_bucket.raw"} with input as inp
}

test_split_suspended_fails if {
	testing.addrs(versioning.fail) == {"aws_s3_bucket.raw"} with input as testing.input_of([bucket, split("Suspended")])
}

test_no_versioning_fails if {
	b := testing.res("aws_s3_bucket", "b", {"bucket": "x"})
	testing.addrs(versioning.fail) == {"aws_s3_bucket.b"} with input as testing.input_of([b])
}

test_inline_enabled_passes if {
	b := testing.res("aws_s3_bucket", "b", {"bucket": "x", "versioning": [{"enabled": true}]})
	count(versioning.fail) == 0 with input as testing.input_of([b])
}

test_unknown_status_is_unknown if {
	v := object.union(testing.res("aws_s3_bucket_versioning", "raw", {"versioning_configuration": [{}]}), {"unknown": {"versioning_configuration": [{"status": true}]}})
	inp := testing.input_of([bucket, v])
	testing.addrs(versioning.unknown) == {"aws_s3_bucket.raw"} with input as inp
	count(versioning.fail) == 0 with input as inp
}

test_computed_inline_not_configured_fails if {
	b := object.union(testing.res("aws_s3_bucket", "b", {"bucket": "x"}), {"unknown": {"versioning": true}, "configured": ["bucket"]})
	testing.addrs(versioning.fail) == {"aws_s3_bucket.b"} with input as testing.input_of([b])
}
