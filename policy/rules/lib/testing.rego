# Helpers for the rules' tests: build an input document from a list of resources.
package supplychain.testing

# input_of builds the input that policy.Input builds from a plan.
input_of(rs) := {
	"resources": {r.address: with_split(r, rs) | some r in rs},
	"by_type": {t: [r.address | some r in rs; key(r) == t] | some x in rs; t := key(x)},
	"regions": [],
	"params": {},
}

# with_split adds to a resource with related ones their values, resolved, as policy.Input does.
with_split(r, rs) := object.union(r, {"split": {t: [x | some a in addrs; some x in rs; x.address == a] | some t, addrs in r.related}}) if {
	r.related
} else := r

# with_params adds rule parameters to an input.
with_params(inp, params) := object.union(inp, {"params": params})

# res builds a planned resource.
res(t, name, values) := {"address": sprintf("%s.%s", [t, name]), "type": t, "name": name, "mode": "managed", "values": values, "actions": ["create"]}

# addrs returns the addresses of a rule's fail or unknown set.
addrs(set) := {x.address | some x in set}

key(r) := concat(".", ["data", r.type]) if r.mode == "data"

key(r) := r.type if r.mode != "data"

# data_res builds a data source.
data_res(t, name, values) := {"address": sprintf("data.%s.%s", [t, name]), "type": t, "name": name, "mode": "data", "values": values}
