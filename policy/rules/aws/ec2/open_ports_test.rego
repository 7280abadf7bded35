package supplychain.rules.aws.ec2.open_ports_test

import data.supplychain.rules.aws.ec2.open_ports
import data.supplychain.testing

sg(from, to, proto, cidrs) := testing.res("aws_security_group", "sg", {"ingress": [{"from_port": from, "to_port": to, "protocol": proto, "cidr_blocks": cidrs, "ipv6_cidr_blocks": null}]})

test_ssh_world_fails if testing.addrs(open_ports.fail) == {"aws_security_group.sg"} with input as testing.input_of([sg(22, 22, "tcp", ["0.0.0.0/0"])])

test_https_world_passes if count(open_ports.fail) == 0 with input as testing.input_of([sg(443, 443, "tcp", ["0.0.0.0/0"])])

test_ssh_private_passes if count(open_ports.fail) == 0 with input as testing.input_of([sg(22, 22, "tcp", ["10.0.0.0/8"])])

test_all_protocols_fails if count(open_ports.fail) == 8 with input as testing.input_of([sg(0, 0, "-1", ["0.0.0.0/0"])])

test_range_covers_redshift if {
	some f in open_ports.fail with input as testing.input_of([sg(5000, 6000, "tcp", ["0.0.0.0/0"])])
	contains(f.msg, "5439")
}

test_vpc_ingress_rule_fails if testing.addrs(open_ports.fail) == {"aws_vpc_security_group_ingress_rule.r"} with input as testing.input_of([testing.res("aws_vpc_security_group_ingress_rule", "r", {"cidr_ipv4": "0.0.0.0/0", "from_port": 5432, "to_port": 5432, "ip_protocol": "tcp"})])

test_sg_rule_ipv6_fails if testing.addrs(open_ports.fail) == {"aws_security_group_rule.r"} with input as testing.input_of([testing.res("aws_security_group_rule", "r", {"type": "ingress", "ipv6_cidr_blocks": ["::/0"], "from_port": 3389, "to_port": 3389, "protocol": "tcp"})])

test_egress_rule_not_judged if count(open_ports.applicable) == 0 with input as testing.input_of([testing.res("aws_security_group_rule", "r", {"type": "egress", "cidr_blocks": ["0.0.0.0/0"], "from_port": 0, "to_port": 0, "protocol": "-1"})])
