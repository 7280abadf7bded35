package supplychain.lib.s3_test

import data.supplychain.lib.s3 as common
import data.supplychain.testing

test_name_known if common.name(testing.res("aws_s3_bucket", "b", {"bucket": "nexabrand-raw-x"})) == "nexabrand-raw-x"

test_name_falls_back_to_address if common.name(testing.res("aws_s3_bucket", "b", {})) == "aws_s3_bucket.b"

test_public_principal_star if common.public_principal("*")

test_public_principal_aws_list if common.public_principal({"AWS": ["arn:aws:iam::1:root", "*"]})

test_account_principal_not_public if not common.public_principal({"AWS": "arn:aws:iam::123456789012:root"})

test_split_policy_preferred if {
	b := object.union(testing.res("aws_s3_bucket", "b", {"policy": "{\"Statement\":[]}"}), {"related": {"aws_s3_bucket_policy": ["aws_s3_bucket_policy.p"]}})
	p := testing.res("aws_s3_bucket_policy", "p", {"policy": "{\"Version\":\"2012-10-17\",\"Statement\":[]}"})
	ps := common.policies(b) with input as testing.input_of([b, p])
	[x.holder | some x in ps] == ["aws_s3_bucket_policy.p"]
}
