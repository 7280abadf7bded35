# The seed project's Glue and naming rules, as conftest policies over `terraform show -json`.
# plangate runs them unchanged (--policy), and so does conftest (`conftest test -p DIR`).
package main

changed(rc) if {
	some a in rc.change.actions
	a in {"create", "update"}
}

glue_jobs contains rc if {
	some rc in input.resource_changes
	rc.type == "aws_glue_job"
	changed(rc)
}

deny contains msg if {
	some rc in glue_jobs
	rc.change.after.number_of_workers > 2
	msg := sprintf("%s: Glue job asks for %v workers; at most 2", [rc.address, rc.change.after.number_of_workers])
}

deny contains msg if {
	some rc in glue_jobs
	rc.change.after.timeout > 2880
	msg := sprintf("%s: Glue job timeout %v exceeds 2880 minutes", [rc.address, rc.change.after.timeout])
}

deny contains msg if {
	some rc in glue_jobs
	rc.change.after.max_retries > 1
	msg := sprintf("%s: Glue job retries %v times; at most 1", [rc.address, rc.change.after.max_retries])
}

deny contains {"msg": msg, "address": rc.address} if {
	some rc in glue_jobs
	not rc.change.after.worker_type in {"G.1X"}
	msg := sprintf("%s: Glue job worker type %v is not G.1X", [rc.address, rc.change.after.worker_type])
}

warn contains msg if {
	some rc in input.resource_changes
	rc.type == "aws_s3_bucket"
	changed(rc)
	name := rc.change.after.bucket
	is_string(name)
	not regex.match(`^nexabrand-[a-z]+-[a-z0-9-]+$`, name)
	msg := sprintf("%s: bucket name %q does not follow nexabrand-<zone>-<name>", [rc.address, name])
}
