package supplychain.rules.aws.iam.github_oidc_test

import data.supplychain.rules.aws.iam.github_oidc as gh
import data.supplychain.testing

role(cond) := testing.res("aws_iam_role", "deploy", {"assume_role_policy": json.marshal({"Version": "2012-10-17", "Statement": [object.union({
	"Effect": "Allow",
	"Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
	"Action": "sts:AssumeRoleWithWebIdentity",
}, cond)]})})

aud := {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}

test_no_sub_fails if testing.addrs(gh.fail) == {"aws_iam_role.deploy"} with input as testing.input_of([role({"Condition": aud})])

test_repo_sub_passes if {
	inp := testing.input_of([role({"Condition": object.union(aud, {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:nexabrands/supplychain:*"}})})])
	count(gh.fail) == 0 with input as inp
	gh.applicable == {"aws_iam_role.deploy"} with input as inp
}

test_org_wildcard_fails if testing.addrs(gh.fail) == {"aws_iam_role.deploy"} with input as testing.input_of([role({"Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:nexabrands/*"}}})])

test_star_fails if testing.addrs(gh.fail) == {"aws_iam_role.deploy"} with input as testing.input_of([role({"Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "*"}}})])

test_other_trust_not_judged if {
	r := testing.res("aws_iam_role", "glue", {"assume_role_policy": json.marshal({"Statement": [{"Effect": "Allow", "Principal": {"Service": "glue.amazonaws.com"}, "Action": "sts:AssumeRole"}]})})
	count(gh.applicable) == 0 with input as testing.input_of([r])
}

test_for_any_value_operator_is_read if count(gh.fail) == 0 with input as testing.input_of([role({"Condition": {"ForAnyValue:StringLike": {"token.actions.githubusercontent.com:sub": ["repo:nexabrands/supplychain:ref:refs/heads/main", "repo:nexabrands/supplychain:pull_request"]}}})])
