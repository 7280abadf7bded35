package supplychain.rules.aws.s3.kms_test

import data.supplychain.rules.aws.s3.kms
import data.supplychain.testing

params := {"kms_required_pattern": "-raw-"}

sse(alg) := testing.res("aws_s3_bucket_server_side_encryption_configuration", "b", {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": alg}]}]})

bucket(name) := object.union(testing.res("aws_s3_bucket", "b", {"bucket": name}), {"related": {"aws_s3_bucket_server_side_encryption_configuration": ["aws_s3_bucket_server_side_encryption_configuration.b"]}})

test_aes_on_required_fails if {
	inp := testing.with_params(testing.input_of([bucket("nexabrand-raw-orders"), sse("AES256")]), params)
	testing.addrs(kms.fail) == {"aws_s3_bucket.b"} with input as inp
}

test_kms_on_required_passes if {
	inp := testing.with_params(testing.input_of([bucket("nexabrand-raw-orders"), sse("aws:kms")]), params)
	count(kms.fail) == 0 with input as inp
	kms.applicable == {"aws_s3_bucket.b"} with input as inp
}

test_not_required_not_judged if {
	inp := testing.with_params(testing.input_of([bucket("nexabrand-code-jobs"), sse("AES256")]), params)
	count(kms.applicable) == 0 with input as inp
	count(kms.fail) == 0 with input as inp
}

test_off_without_pattern if count(kms.applicable) == 0 with input as testing.input_of([bucket("nexabrand-raw-orders"), sse("AES256")])
