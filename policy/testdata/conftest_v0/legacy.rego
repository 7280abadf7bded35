package main

deny[msg] {
	rc := input.resource_changes[_]
	rc.type == "aws_redshift_cluster"
	rc.change.after.publicly_accessible == true
	msg := sprintf("%s: the warehouse must not be public", [rc.address])
}
