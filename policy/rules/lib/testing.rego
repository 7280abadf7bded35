# Helpers for the rules' tests: build an input document from a list of resources.
package supplychain.testing

# input_of builds the input that policy.Input builds from a plan.
input_of(rs) := {
	"resources": {r.address: r | some r in rs},
	"by_type": {t: [r.address | some r in rs; r.type == t] | some x in rs; t := x.type},
	"regions": [],
	"params": {},
}

# with_params adds rule parameters to an input.
with_params(inp, params) := object.union(inp, {"params": params})

# res builds a planned resource.
res(t, name, values) := {"address": sprintf("%s.%s", [t, name]), "type": t, "name": name, "mode": "managed", "values": values, "actions": ["create"]}

# addrs returns the addresses of a rule's fail or unknown set.
addrs(set) := {x.address | some x in set}
