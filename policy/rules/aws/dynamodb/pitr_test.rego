package supplychain.rules.aws.dynamodb.pitr_test

import data.supplychain.rules.aws.dynamodb.pitr
import data.supplychain.testing

test_off_fails if testing.addrs(pitr.fail) == {"aws_dynamodb_table.t"} with input as testing.input_of([testing.res("aws_dynamodb_table", "t", {"point_in_time_recovery": [{"enabled": false}]})])

test_on_passes if count(pitr.fail) == 0 with input as testing.input_of([testing.res("aws_dynamodb_table", "t", {"point_in_time_recovery": [{"enabled": true}]})])

test_unset_computed_fails if testing.addrs(pitr.fail) == {"aws_dynamodb_table.t"} with input as testing.input_of([object.union(testing.res("aws_dynamodb_table", "t", {}), {"unknown": {"point_in_time_recovery": true}, "configured": ["name"]})])

test_configured_unknown if testing.addrs(pitr.unknown) == {"aws_dynamodb_table.t"} with input as testing.input_of([object.union(testing.res("aws_dynamodb_table", "t", {}), {"unknown": {"point_in_time_recovery": true}, "configured": ["point_in_time_recovery"]})])
