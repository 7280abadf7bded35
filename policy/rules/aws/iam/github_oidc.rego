# METADATA
# title: GitHub Actions OIDC trust is limited to the repository
# description: A role that trusts token.actions.githubusercontent.com must restrict the token's sub claim to repo:ORG/REPO; without it any GitHub repository can assume the role.
# custom:
#   id: SC-AWS-IAM-004
#   severity: critical
#   resource_types: [aws_iam_role]
#   remediation: 'Add Condition StringLike { "token.actions.githubusercontent.com:sub": "repo:nexabrands/supplychain:*" } to the trust policy.'
#   related:
#     checkov: [CKV_AWS_358]
package supplychain.rules.aws.iam.github_oidc

import data.supplychain.lib

provider := lib.param("github_oidc_provider", "token.actions.githubusercontent.com")

roles := lib.resources("aws_iam_role")

trusts_github(s) if {
	s.Effect == "Allow"
	some f in lib.as_list(object.get(object.get(s, "Principal", {}), "Federated", []))
	contains(f, provider)
}

# sub_values: every value the statement's conditions give the sub claim.
sub_values(s) := [v |
	some op, conds in object.get(s, "Condition", {})
	contains(op, "String") # StringEquals, StringLike, ForAnyValue:StringLike …
	some k, vals in conds
	k == sprintf("%s:sub", [provider])
	some v in lib.as_list(vals)
]

# A sub value names one repository when it reads repo:ORG/REPO... with no wildcard in ORG or REPO.
restricted(v) if regex.match(`^repo:[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(:.*)?$`, v)

applicable contains r.address if {
	some r in roles
	doc := lib.json_doc(lib.value(r, ["assume_role_policy"], null))
	some s in lib.statements(doc)
	trusts_github(s)
}

fail contains {"address": r.address, "msg": sprintf("role %s trusts GitHub Actions without restricting sub to one repository", [r.address])} if {
	some r in roles
	doc := lib.json_doc(lib.value(r, ["assume_role_policy"], null))
	some s in lib.statements(doc)
	trusts_github(s)
	count(sub_values(s)) == 0
}

fail contains {"address": r.address, "msg": sprintf("role %s trusts GitHub Actions for sub %q, which is not one repository", [r.address, v])} if {
	some r in roles
	doc := lib.json_doc(lib.value(r, ["assume_role_policy"], null))
	some s in lib.statements(doc)
	trusts_github(s)
	some v in sub_values(s)
	not restricted(v)
}

unknown contains {"address": r.address, "msg": "the trust policy is known only after apply"} if {
	some r in roles
	r.unknown.assume_role_policy == true
}
