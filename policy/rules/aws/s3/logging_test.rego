package supplychain.rules.aws.s3.logging_test

import data.supplychain.rules.aws.s3.logging
import data.supplychain.testing

test_no_logging_fails if testing.addrs(logging.fail) == {"aws_s3_bucket.b"} with input as testing.input_of([testing.res("aws_s3_bucket", "b", {"bucket": "nexabrand-raw-orders"})])

test_split_logging_passes if {
	b := object.union(testing.res("aws_s3_bucket", "b", {"bucket": "x"}), {"related": {"aws_s3_bucket_logging": ["aws_s3_bucket_logging.b"]}})
	count(logging.fail) == 0 with input as testing.input_of([b, testing.res("aws_s3_bucket_logging", "b", {"target_bucket": "logs"})])
}

test_inline_logging_passes if count(logging.fail) == 0 with input as testing.input_of([testing.res("aws_s3_bucket", "b", {"logging": [{"target_bucket": "logs"}]})])

test_log_bucket_exempt if {
	inp := testing.with_params(testing.input_of([testing.res("aws_s3_bucket", "b", {"bucket": "nexabrand-access-logs"})]), {"s3_logging_exempt_regex": "(^|[-_.])(logs?|access-logs?)([-_.]|$)"})
	count(logging.fail) == 0 with input as inp
	count(logging.applicable) == 0 with input as inp
}

test_inline_logging_to_new_bucket_passes if {
	b := object.union(testing.res("aws_s3_bucket", "b", {"logging": [{"target_prefix": "log/"}]}), {"unknown": {"logging": [{"target_bucket": true}]}})
	count(logging.fail) == 0 with input as testing.input_of([b])
}
