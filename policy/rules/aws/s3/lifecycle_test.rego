package supplychain.rules.aws.s3.lifecycle_test

import data.supplychain.rules.aws.s3.lifecycle
import data.supplychain.testing

bucket(name) := object.union(testing.res("aws_s3_bucket", "b", {"bucket": name}), {"related": {"aws_s3_bucket_lifecycle_configuration": ["aws_s3_bucket_lifecycle_configuration.b"]}})

lc(status) := testing.res("aws_s3_bucket_lifecycle_configuration", "b", {"rule": [{"id": "expire", "status": status, "expiration": [{"days": 90}]}]})

test_raw_without_rule_fails if testing.addrs(lifecycle.fail) == {"aws_s3_bucket.b"} with input as testing.input_of([testing.res("aws_s3_bucket", "b", {"bucket": "nexabrand-raw-orders"})])

test_raw_with_rule_passes if count(lifecycle.fail) == 0 with input as testing.input_of([bucket("nexabrand-raw-orders"), lc("Enabled")])

test_disabled_rule_fails if testing.addrs(lifecycle.fail) == {"aws_s3_bucket.b"} with input as testing.input_of([bucket("nexabrand-landing-files"), lc("Disabled")])

test_non_raw_not_judged if count(lifecycle.applicable) == 0 with input as testing.input_of([testing.res("aws_s3_bucket", "b", {"bucket": "nexabrand-transformed-orders"})])
