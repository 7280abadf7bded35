package supplychain.rules.aws.glue.security_configuration_test

import data.supplychain.rules.aws.glue.security_configuration as sc
import data.supplychain.testing

test_missing_fails if testing.addrs(sc.fail) == {"aws_glue_job.j"} with input as testing.input_of([testing.res("aws_glue_job", "j", {"name": "clean"})])

test_empty_fails if testing.addrs(sc.fail) == {"aws_glue_job.j"} with input as testing.input_of([testing.res("aws_glue_job", "j", {"security_configuration": ""})])

test_set_passes if {
	inp := testing.input_of([testing.res("aws_glue_job", "j", {"security_configuration": "nexabrand-glue-sec"})])
	count(sc.fail) == 0 with input as inp
	sc.applicable == {"aws_glue_job.j"} with input as inp
}

test_reference_to_new_config_passes if {
	j := object.union(testing.res("aws_glue_job", "j", {}), {"unknown": {"security_configuration": true}, "configured": ["security_configuration"]})
	count(sc.fail) == 0 with input as testing.input_of([j])
}

test_etl_job_without_config_fails if testing.addrs(sc.fail) == {"supplychain_etl_job.e"} with input as testing.input_of([testing.res("supplychain_etl_job", "e", {"name": "orders"})])

test_etl_job_with_config_passes if count(sc.fail) == 0 with input as testing.input_of([testing.res("supplychain_etl_job", "e", {"security_configuration": "supplychain-etl"})])
