package supplychain.rules.aws.glue.job_timeout_test

import data.supplychain.rules.aws.glue.job_timeout
import data.supplychain.testing

test_default_passes if count(job_timeout.fail) == 0 with input as testing.input_of([testing.res("aws_glue_job", "j", {})])

test_long_timeout_fails if testing.addrs(job_timeout.fail) == {"aws_glue_job.j"} with input as testing.input_of([testing.res("aws_glue_job", "j", {"timeout": 5000})])

test_retries_fail if testing.addrs(job_timeout.fail) == {"aws_glue_job.j"} with input as testing.input_of([testing.res("aws_glue_job", "j", {"max_retries": 3})])

test_both_two_messages if count(job_timeout.fail) == 2 with input as testing.input_of([testing.res("aws_glue_job", "j", {"timeout": 5000, "max_retries": 3})])

test_etl_job_within_limits_passes if count(job_timeout.fail) == 0 with input as testing.input_of([testing.res("supplychain_etl_job", "e", {"timeout": 480, "max_retries": 0})])

test_etl_job_long_timeout_and_retries_fail if testing.addrs(job_timeout.fail) == {"supplychain_etl_job.e"} with input as testing.input_of([testing.res("supplychain_etl_job", "e", {"timeout": 5000, "max_retries": 3})])
