# Helpers for the S3 rules: what a bucket's split resources and inline blocks say.
package supplychain.lib.s3

import data.supplychain.lib

buckets := lib.resources("aws_s3_bucket")

# name returns the bucket name where known, else the resource name.
name(b) := n if {
	n := b.values.bucket
	is_string(n)
} else := b.address

# name_known is true when the bucket name is known at plan time.
name_known(b) if is_string(b.values.bucket)

# policies returns the policy documents (parsed) that apply to the bucket, with their holder.
policies(b) := [{"holder": p.address, "doc": doc} |
	some p in ps
	doc := lib.json_doc(p.values.policy)
] if {
	ps := lib.related(b, "aws_s3_bucket_policy")
	count(ps) > 0
} else := [{"holder": b.address, "doc": doc} |
	s := b.values.policy
	is_string(s)
	doc := lib.json_doc(s)
]

# policy_unknown is true when a policy of the bucket is decided only at apply.
policy_unknown(b) if {
	some p in lib.related(b, "aws_s3_bucket_policy")
	p.unknown.policy == true
}

policy_unknown(b) if {
	count(lib.related(b, "aws_s3_bucket_policy")) == 0
	"policy" in b.configured
	b.unknown.policy == true
}

# policy_undecided holds the addresses of the buckets for which policy_unknown is true: the
# rules test it once per bucket (a function's value is cached only when it is defined).
policy_undecided contains b.address if {
	some b in buckets
	policy_unknown(b)
}

public_principal(p) if p == "*"

public_principal(p) if {
	is_object(p)
	some x in lib.as_list(object.get(p, "AWS", []))
	x == "*"
}
