# Helpers for the rules on the provider's own supplychain_data_lake resource.
package supplychain.lib.lake

import data.supplychain.lib

lakes := lib.resources("supplychain_data_lake")

# attr returns a nested attribute as an object (framework nested attributes are objects; a
# block would be a one-element list), or null when it is not set.
attr(l, name) := v if {
	v := lib.value(l, [name], null)
	is_object(v)
} else := v if {
	vs := lib.value(l, [name], null)
	is_array(vs)
	count(vs) > 0
	v := vs[0]
} else := null

# name returns the lake's name prefix, else its id, else the resource address.
name(l) := lib.value(l, ["name_prefix"], lib.value(l, ["id"], l.address))
