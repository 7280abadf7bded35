package supplychain.rules.aws.glue.job_command_test

import data.supplychain.rules.aws.glue.job_command
import data.supplychain.testing

job(name, py) := testing.res("aws_glue_job", "j", {"command": [{"name": name, "python_version": py, "script_location": "s3://x/y.py"}]})

test_glueetl_py3_passes if count(job_command.fail) == 0 with input as testing.input_of([job("glueetl", "3")])

test_streaming_fails if testing.addrs(job_command.fail) == {"aws_glue_job.j"} with input as testing.input_of([job("gluestreaming", "3")])

test_python2_fails if testing.addrs(job_command.fail) == {"aws_glue_job.j"} with input as testing.input_of([job("pythonshell", "2")])
