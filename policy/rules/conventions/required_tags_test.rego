package supplychain.rules.conventions.required_tags_test

import data.supplychain.rules.conventions.required_tags as rt
import data.supplychain.testing

params := {"required_tags": ["owner", "project"]}

test_missing_tag_fails if {
	fs := rt.fail with input as testing.with_params(testing.input_of([testing.res("aws_s3_bucket", "b", {"tags": {"owner": "data"}})]), params)
	testing.addrs(fs) == {"aws_s3_bucket.b"}
	some f in fs
	contains(f.msg, "project")
}

test_all_tags_pass if count(rt.fail) == 0 with input as testing.with_params(testing.input_of([testing.res("aws_s3_bucket", "b", {"tags": {"owner": "data"}, "tags_all": {"owner": "data", "project": "otif"}})]), params)

test_null_tags_fail if testing.addrs(rt.fail) == {"aws_s3_bucket.b"} with input as testing.with_params(testing.input_of([testing.res("aws_s3_bucket", "b", {"tags": null})]), params)

test_untaggable_not_judged if count(rt.applicable) == 0 with input as testing.with_params(testing.input_of([testing.res("aws_s3_bucket_policy", "p", {"policy": "{}"})]), params)

test_unknown_tags_all if testing.addrs(rt.unknown) == {"aws_s3_bucket.b"} with input as testing.with_params(testing.input_of([object.union(testing.res("aws_s3_bucket", "b", {"tags": {}}), {"unknown": {"tags_all": true}})]), params)

test_off_without_params if count(rt.applicable) == 0 with input as testing.input_of([testing.res("aws_s3_bucket", "b", {"tags": {}})])
