package supplychain.rules.aws.iam.admin_test

import data.supplychain.rules.aws.iam.admin
import data.supplychain.testing

pol(action, resource) := testing.res("aws_iam_policy", "p", {"policy": json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]})})

test_star_star_fails if testing.addrs(admin.fail) == {"aws_iam_policy.p"} with input as testing.input_of([pol("*", "*")])

test_star_in_list_fails if testing.addrs(admin.fail) == {"aws_iam_policy.p"} with input as testing.input_of([pol(["s3:GetObject", "*"], ["*"])])

test_scoped_passes if count(admin.fail) == 0 with input as testing.input_of([pol("s3:GetObject", "arn:aws:s3:::x/*")])

test_star_on_one_resource_passes if count(admin.fail) == 0 with input as testing.input_of([pol("*", "arn:aws:s3:::x")])

test_unknown if testing.addrs(admin.unknown) == {"aws_iam_policy.p"} with input as testing.input_of([object.union(testing.res("aws_iam_policy", "p", {}), {"unknown": {"policy": true}})])
