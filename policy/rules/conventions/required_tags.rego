# METADATA
# title: Resources carry the required tags
# description: Every taggable resource has the tags named by the required_tags parameter (tags_all counts, so provider default_tags satisfy it). Off when the list is empty.
# custom:
#   id: SC-CONV-002
#   severity: low
#   resource_types: ["*"]
#   remediation: Add the missing tags to the resource, or to the provider's default_tags.
package supplychain.rules.conventions.required_tags

import data.supplychain.lib

required := lib.param("required_tags", [])

taggable contains r if {
	count(required) > 0
	some a, r in input.resources
	r.mode == "managed"
	has_tags(r)
}

has_tags(r) if "tags" in object.keys(r.values)

has_tags(r) if "tags_all" in object.keys(r.values)

has_tags(r) if "tags" in r.configured

applicable contains r.address if some r in taggable

tags(r) := object.union(obj(object.get(r.values, "tags", {})), obj(object.get(r.values, "tags_all", {})))

missing(r) := [t |
	some t in required
	not t in object.keys(tags(r))
]

fail contains {"address": r.address, "msg": sprintf("%s lacks the tags %s", [r.address, concat(", ", missing(r))])} if {
	some r in taggable
	count(missing(r)) > 0
	not r.unknown.tags_all == true
}

unknown contains {"address": r.address, "msg": sprintf("tags_all of %s (provider default tags) is known only after apply; missing from tags: %s", [r.address, concat(", ", missing(r))])} if {
	some r in taggable
	count(missing(r)) > 0
	r.unknown.tags_all == true
}

obj(x) := x if is_object(x)

obj(x) := {} if not is_object(x)
