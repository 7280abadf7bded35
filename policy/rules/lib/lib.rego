# Helpers shared by the built-in rules.
package supplychain.lib

# resources returns the planned managed resources of type t ("data.TYPE" for data sources).
resources(t) := [r |
	some a in object.get(input.by_type, t, [])
	r := input.resources[a]
]

# addresses returns the addresses of the planned resources of type t.
addresses(t) := object.get(input.by_type, t, [])

# value returns the planned value at path, or def when it is absent (unknown) or null (not set).
value(r, path, def) := v if {
	v := object.get(r.values, path, null)
	v != null
} else := def

# is_unknown is true when the value at path (or one of its parents) is known only after apply.
is_unknown(r, path) if r.unknown[path[0]] == true

is_unknown(r, path) if {
	count(path) > 1 # a one-key path is the rule above
	r.unknown[path[0]] != true # the cheap test first: most attributes are not unknown at all
	some n in numbers.range(2, count(path))
	object.get(r.unknown, array.slice(path, 0, n), false) == true
}

# configured is true when the attribute or block was set in the configuration.
configured(r, name) if name in r.configured

# related returns the split resources of type t attached to an S3 bucket. The input holds them
# resolved (bucket.split[t]; a rule judging the input's buckets may iterate over that directly);
# a bucket built by hand may have only their addresses (bucket.related[t]).
related(bucket, t) := [] if {
	not bucket.related
} else := object.get(bucket.split, t, []) if {
	bucket.split
} else := [input.resources[a] | some a in bucket.related[t]]

# param returns a configuration parameter, or def.
param(name, def) := object.get(object.get(input, "params", {}), name, def)

# first returns the first element of a nested block list, or {} when there is none.
first(r, name) := b if {
	bs := r.values[name]
	is_array(bs)
	count(bs) > 0
	b := bs[0]
	is_object(b)
} else := {}

# block_list returns a nested block as a list, whatever the plan holds.
block_list(r, name) := bs if {
	bs := r.values[name]
	is_array(bs)
} else := []

# truthy is true for a boolean true and the string "true".
truthy(v) if v == true

truthy(v) if v == "true"

# json_doc parses a JSON policy document held as a string; undefined when it is not JSON.
json_doc(s) := doc if {
	is_string(s)
	json.is_valid(s)
	doc := json.unmarshal(s)
}

# statements returns a policy document's statements as a list.
statements(doc) := [doc.Statement] if is_object(doc.Statement)

statements(doc) := doc.Statement if is_array(doc.Statement)

# as_list turns a string into a one-element list and leaves lists alone.
as_list(x) := [x] if is_string(x)

as_list(x) := x if is_array(x)

as_list(x) := [] if {
	not is_string(x)
	not is_array(x)
}
