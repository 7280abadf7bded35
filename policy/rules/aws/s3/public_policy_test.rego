package supplychain.rules.aws.s3.public_policy_test

import data.supplychain.rules.aws.s3.public_policy
import data.supplychain.testing

pol(stmt) := testing.res("aws_s3_bucket_policy", "p", {"policy": json.marshal({"Version": "2012-10-17", "Statement": [stmt]})})

test_public_allow_fails if testing.addrs(public_policy.fail) == {"aws_s3_bucket_policy.p"} with input as testing.input_of([pol({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::x/*"})])

test_public_aws_star_fails if testing.addrs(public_policy.fail) == {"aws_s3_bucket_policy.p"} with input as testing.input_of([pol({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:*", "Resource": "*"})])

test_conditioned_passes if count(public_policy.fail) == 0 with input as testing.input_of([pol({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::x/*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}})])

test_deny_star_passes if count(public_policy.fail) == 0 with input as testing.input_of([pol({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"})])

test_inline_bucket_policy_fails if {
	b := testing.res("aws_s3_bucket", "b", {"policy": json.marshal({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}})})
	testing.addrs(public_policy.fail) == {"aws_s3_bucket.b"} with input as testing.input_of([b])
}

test_unknown_policy if testing.addrs(public_policy.unknown) == {"aws_s3_bucket_policy.p"} with input as testing.input_of([object.union(testing.res("aws_s3_bucket_policy", "p", {}), {"unknown": {"policy": true}})])
