package supplychain.rules.aws.dynamodb.cmk_test

import data.supplychain.rules.aws.dynamodb.cmk
import data.supplychain.testing

test_default_fails if testing.addrs(cmk.fail) == {"aws_dynamodb_table.t"} with input as testing.input_of([testing.res("aws_dynamodb_table", "t", {"server_side_encryption": []})])

test_cmk_passes if count(cmk.fail) == 0 with input as testing.input_of([testing.res("aws_dynamodb_table", "t", {"server_side_encryption": [{"enabled": true, "kms_key_arn": "arn:aws:kms:eu-west-1:1:key/x"}]})])

test_cmk_to_new_key_passes if count(cmk.fail) == 0 with input as testing.input_of([object.union(testing.res("aws_dynamodb_table", "t", {"server_side_encryption": [{"enabled": true}]}), {"unknown": {"server_side_encryption": [{"kms_key_arn": true}]}})])
