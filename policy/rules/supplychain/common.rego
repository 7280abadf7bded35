# Helpers for the rules on the provider's own supplychain_data_lake resource.
package supplychain.lib.lake

import data.supplychain.lib

lakes := lib.resources("supplychain_data_lake")

# attr returns a nested attribute as an object (framework nested attributes are objects; a
# block would be a one-element list), or null when it is not set.
attr(l, name) := v if {
	v := l.values[name]
	is_object(v)
} else := v if {
	vs := l.values[name]
	is_array(vs)
	count(vs) > 0
	v := vs[0]
} else := null

# name returns the lake's name prefix, else its id, else the resource address.
name(l) := lib.value(l, ["name_prefix"], lib.value(l, ["id"], l.address))

roles := ["raw", "code", "transformed"]

# applied returns, for each bucket whose `applied` settings are known (read from S3 on refresh;
# in a refresh-only plan, the drifted values), role → those settings. A bucket whose settings
# are unknown until apply or null (not created yet) is left out: the lake's own settings judge it.
applied(l) := {role: a |
	some role in roles
	b := l.values[role]
	is_object(b)
	a := object.get(b, "applied", null)
	is_object(a)
}

# applied_off returns the roles whose applied setting at path equals value.
applied_off(l, path, value) := sort([role |
	some role, a in applied(l)
	object.get(a, path, null) == value
])
