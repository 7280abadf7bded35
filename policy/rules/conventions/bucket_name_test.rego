package supplychain.rules.conventions.bucket_name_test

import data.supplychain.rules.conventions.bucket_name as bn
import data.supplychain.testing

params := {"bucket_name_pattern": "^nexabrand-[a-z]+-[a-z0-9-]+$"}

test_good_name_passes if {
	inp := testing.with_params(testing.input_of([testing.res("aws_s3_bucket", "b", {"bucket": "nexabrand-raw-orders"})]), params)
	count(bn.fail) == 0 with input as inp
	bn.applicable == {"aws_s3_bucket.b"} with input as inp
}

test_bad_name_fails if testing.addrs(bn.fail) == {"aws_s3_bucket.b"} with input as testing.with_params(testing.input_of([testing.res("aws_s3_bucket", "b", {"bucket": "my-bucket"})]), params)

test_unknown_name if testing.addrs(bn.unknown) == {"aws_s3_bucket.b"} with input as testing.with_params(testing.input_of([testing.res("aws_s3_bucket", "b", {})]), params)

test_lake_zone_bad_name_fails if {
	l := testing.res("supplychain_data_lake", "lake", {"raw": {"bucket": "Raw_Bucket"}, "code": {"bucket": "nexabrand-code-jobs"}})
	testing.addrs(bn.fail) == {"supplychain_data_lake.lake"} with input as testing.with_params(testing.input_of([l]), params)
}

test_off_without_pattern if count(bn.applicable) == 0 with input as testing.input_of([testing.res("aws_s3_bucket", "b", {"bucket": "my-bucket"})])
