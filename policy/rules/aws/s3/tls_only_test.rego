package supplychain.rules.aws.s3.tls_only_test

import data.supplychain.rules.aws.s3.tls_only
import data.supplychain.testing

bucket := object.union(testing.res("aws_s3_bucket", "b", {"bucket": "x"}), {"related": {"aws_s3_bucket_policy": ["aws_s3_bucket_policy.b"]}})

deny_tls := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::x", "arn:aws:s3:::x/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})

allow_only := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::x/*"}]})

test_deny_insecure_passes if count(tls_only.fail) == 0 with input as testing.input_of([bucket, testing.res("aws_s3_bucket_policy", "b", {"policy": deny_tls})])

test_policy_without_tls_fails if testing.addrs(tls_only.fail) == {"aws_s3_bucket.b"} with input as testing.input_of([bucket, testing.res("aws_s3_bucket_policy", "b", {"policy": allow_only})])

test_no_policy_fails if testing.addrs(tls_only.fail) == {"aws_s3_bucket.x"} with input as testing.input_of([testing.res("aws_s3_bucket", "x", {})])

test_unknown_policy if {
	p := object.union(testing.res("aws_s3_bucket_policy", "b", {}), {"unknown": {"policy": true}})
	inp := testing.input_of([bucket, p])
	testing.addrs(tls_only.unknown) == {"aws_s3_bucket.b"} with input as inp
	count(tls_only.fail) == 0 with input as inp
}
