package supplychain.rules.aws.s3.ownership_test

import data.supplychain.rules.aws.s3.ownership
import data.supplychain.testing

bucket := object.union(testing.res("aws_s3_bucket", "b", {"bucket": "x"}), {"related": {"aws_s3_bucket_ownership_controls": ["aws_s3_bucket_ownership_controls.b"]}})

oc(o) := testing.res("aws_s3_bucket_ownership_controls", "b", {"rule": [{"object_ownership": o}]})

test_enforced_passes if count(ownership.fail) == 0 with input as testing.input_of([bucket, oc("BucketOwnerEnforced")])

test_preferred_fails if testing.addrs(ownership.fail) == {"aws_s3_bucket.b"} with input as testing.input_of([bucket, oc("ObjectWriter")])

test_default_new_bucket_passes if count(ownership.fail) == 0 with input as testing.input_of([testing.res("aws_s3_bucket", "b", {})])

test_acl_without_controls_fails if testing.addrs(ownership.fail) == {"aws_s3_bucket.b"} with input as testing.input_of([testing.res("aws_s3_bucket", "b", {"acl": "log-delivery-write"})])
