package supplychain.rules.aws.iam.service_wildcard_test

import data.supplychain.rules.aws.iam.service_wildcard as sw
import data.supplychain.testing

pol(action, resource) := testing.res("aws_iam_role_policy", "p", {"policy": json.marshal({"Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]})})

test_s3_star_fails if testing.addrs(sw.fail) == {"aws_iam_role_policy.p"} with input as testing.input_of([pol("s3:*", "*")])

test_scoped_star_passes if count(sw.fail) == 0 with input as testing.input_of([pol("s3:*", "arn:aws:s3:::nexabrand-raw-orders/*")])

test_deny_passes if {
	p := testing.res("aws_iam_role_policy", "p", {"policy": json.marshal({"Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]})})
	count(sw.fail) == 0 with input as testing.input_of([p])
}
