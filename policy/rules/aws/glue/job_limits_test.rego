package supplychain.rules.aws.glue.job_limits_test

import data.supplychain.rules.aws.glue.job_limits
import data.supplychain.testing

job(n, t) := testing.res("aws_glue_job", "j", {"number_of_workers": n, "worker_type": t})

test_within_limits_passes if count(job_limits.fail) == 0 with input as testing.input_of([job(2, "G.1X")])

test_too_many_workers_fails if testing.addrs(job_limits.fail) == {"aws_glue_job.j"} with input as testing.input_of([job(10, "G.1X")])

test_wrong_worker_type_fails if testing.addrs(job_limits.fail) == {"aws_glue_job.j"} with input as testing.input_of([job(2, "G.2X")])

test_param_raises_limit if count(job_limits.fail) == 0 with input as testing.with_params(testing.input_of([job(10, "G.2X")]), {"glue_max_workers": 10, "glue_worker_types": ["G.1X", "G.2X"]})

test_etl_job_defaults_pass if count(job_limits.fail) == 0 with input as testing.input_of([testing.res("supplychain_etl_job", "e", {"worker_type": "G.1X", "number_of_workers": 2})])

test_etl_job_too_many_workers_fails if testing.addrs(job_limits.fail) == {"supplychain_etl_job.e"} with input as testing.input_of([testing.res("supplychain_etl_job", "e", {"worker_type": "G.2X", "number_of_workers": 10})])

test_etl_job_pythonshell_no_workers_passes if count(job_limits.fail) == 0 with input as testing.input_of([testing.res("supplychain_etl_job", "e", {"command": "pythonshell", "worker_type": null, "number_of_workers": null})])
