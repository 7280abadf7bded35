package supplychain.rules.aws.iam.passrole_test

import data.supplychain.rules.aws.iam.passrole
import data.supplychain.testing

pol(stmt) := testing.res("aws_iam_policy", "p", {"policy": json.marshal({"Statement": [stmt]})})

test_unconditioned_fails if testing.addrs(passrole.fail) == {"aws_iam_policy.p"} with input as testing.input_of([pol({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::1:role/glue"})])

test_conditioned_passes if count(passrole.fail) == 0 with input as testing.input_of([pol({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "glue.amazonaws.com"}}})])

test_iam_star_fails if testing.addrs(passrole.fail) == {"aws_iam_policy.p"} with input as testing.input_of([pol({"Effect": "Allow", "Action": ["iam:*"], "Resource": "*"})])
