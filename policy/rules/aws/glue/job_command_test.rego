package supplychain.rules.aws.glue.job_command_test

import data.supplychain.rules.aws.glue.job_command
import data.supplychain.testing

job(name, py) := testing.res("aws_glue_job", "j", {"command": [{"name": name, "python_version": py, "script_location": "s3://x/y.py"}]})

test_glueetl_py3_passes if count(job_command.fail) == 0 with input as testing.input_of([job("glueetl", "3")])

test_streaming_fails if testing.addrs(job_command.fail) == {"aws_glue_job.j"} with input as testing.input_of([job("gluestreaming", "3")])

test_python2_fails if testing.addrs(job_command.fail) == {"aws_glue_job.j"} with input as testing.input_of([job("pythonshell", "2")])

etl_job(values) := testing.res("supplychain_etl_job", "e", values)

test_etl_job_pythonshell_39_passes if count(job_command.fail) == 0 with input as testing.input_of([etl_job({"command": "pythonshell", "python_version": "3.9"})])

test_etl_job_default_command_passes if count(job_command.fail) == 0 with input as testing.input_of([etl_job({"python_version": "3"})])

test_etl_job_python2_fails if testing.addrs(job_command.fail) == {"supplychain_etl_job.e"} with input as testing.input_of([etl_job({"command": "glueetl", "python_version": "2"})])

test_etl_job_streaming_fails if testing.addrs(job_command.fail) == {"supplychain_etl_job.e"} with input as testing.input_of([etl_job({"command": "gluestreaming", "python_version": "3"})])

test_etl_job_applicable if job_command.applicable == {"supplychain_etl_job.e", "aws_glue_job.j"} with input as testing.input_of([etl_job({"command": "glueetl", "python_version": "3"}), job("glueetl", "3")])
