# Helpers for the IAM rules: every policy document the plan holds, parsed.
package supplychain.lib.iam

import data.supplychain.lib

# Attributes holding an identity policy document, by resource type.
policy_attrs := {
	"aws_iam_policy": "policy",
	"aws_iam_role_policy": "policy",
	"aws_iam_user_policy": "policy",
	"aws_iam_group_policy": "policy",
	"data.aws_iam_policy_document": "json",
}

# documents: {address, doc} for every known identity policy document.
documents contains {"address": r.address, "doc": doc} if {
	some t, attr in policy_attrs
	some r in lib.resources(t)
	s := r.values[attr]
	is_string(s)
	doc := lib.json_doc(s)
}

documents contains {"address": r.address, "doc": doc} if {
	some r in lib.resources("aws_iam_role")
	some p in lib.block_list(r, "inline_policy")
	doc := lib.json_doc(object.get(p, "policy", null))
}

# unknown_documents: addresses whose policy document is known only after apply.
unknown_documents contains r.address if {
	some t, attr in policy_attrs
	some r in lib.resources(t)
	r.unknown[attr] == true
}

applicable contains r.address if {
	some t, _ in policy_attrs
	some r in lib.resources(t)
}

applicable contains r.address if {
	some r in lib.resources("aws_iam_role")
	count(lib.block_list(r, "inline_policy")) > 0
}

allows(doc) := [s |
	some s in lib.statements(doc)
	s.Effect == "Allow"
]

actions(s) := lib.as_list(object.get(s, "Action", []))

resources(s) := lib.as_list(object.get(s, "Resource", []))
