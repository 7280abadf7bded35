# METADATA
# title: Security groups do not open admin or database ports to the internet
# description: Ingress from 0.0.0.0/0 or ::/0 to SSH, RDP, PostgreSQL, Redshift, MySQL or dashboard ports (the admin_ports parameter) exposes them to the whole internet.
# custom:
#   id: SC-AWS-EC2-001
#   severity: critical
#   resource_types: [aws_security_group, aws_security_group_rule, aws_vpc_security_group_ingress_rule]
#   remediation: Limit the ingress rule to known CIDRs or security groups, or reach the service through a VPN or Session Manager.
#   related:
#     checkov: [CKV_AWS_24, CKV_AWS_25, CKV_AWS_260, CKV_AWS_277]
#     trivy: [AVD-AWS-0107]
package supplychain.rules.aws.ec2.open_ports

import data.supplychain.lib

ports := lib.param("admin_ports", [22, 3389, 5432, 5439, 3306, 8080, 9090, 3000])

world := {"0.0.0.0/0", "::/0"}

# rules: every ingress rule as {address, from, to, protocol, cidrs}.
rules contains {"address": g.address, "from": object.get(i, "from_port", 0), "to": object.get(i, "to_port", 0), "protocol": object.get(i, "protocol", "-1"), "cidrs": array.concat(nz(object.get(i, "cidr_blocks", [])), nz(object.get(i, "ipv6_cidr_blocks", [])))} if {
	some g in lib.resources("aws_security_group")
	some i in lib.block_list(g, "ingress")
}

rules contains {"address": r.address, "from": lib.value(r, ["from_port"], 0), "to": lib.value(r, ["to_port"], 0), "protocol": lib.value(r, ["protocol"], "-1"), "cidrs": array.concat(nz(lib.value(r, ["cidr_blocks"], [])), nz(lib.value(r, ["ipv6_cidr_blocks"], [])))} if {
	some r in lib.resources("aws_security_group_rule")
	r.values.type == "ingress"
}

rules contains {"address": r.address, "from": lib.value(r, ["from_port"], 0), "to": lib.value(r, ["to_port"], 0), "protocol": lib.value(r, ["ip_protocol"], "-1"), "cidrs": [c | some c in [lib.value(r, ["cidr_ipv4"], null), lib.value(r, ["cidr_ipv6"], null)]; c != null]} if {
	some r in lib.resources("aws_vpc_security_group_ingress_rule")
}

applicable contains r.address if some r in rules

all_protocols(p) if lower(sprintf("%v", [p])) in {"-1", "all"}

# covered returns the admin ports an ingress rule opens, computed once per rule.
covered(rule) := ports if {
	all_protocols(rule.protocol)
} else := [port |
	# one port: a lookup rather than a walk over the admin ports
	port := rule.from
	is_number(port)
	port == rule.to
	port in port_set
] if {
	rule.from == rule.to
} else := [port |
	lo := rule.from
	hi := rule.to
	is_number(lo)
	is_number(hi)
	some port in ports
	lo <= port
	port <= hi
]

port_set := {p | some p in ports}

fail contains {"address": rule.address, "msg": sprintf("%s opens port %v to %s", [rule.address, port, cidr])} if {
	some rule in rules
	some cidr in rule.cidrs
	cidr in world
	some port in covered(rule)
}

# nz turns null into an empty list.
nz(x) := x if is_array(x)

nz(x) := [] if not is_array(x)
