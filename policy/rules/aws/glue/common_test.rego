package supplychain.lib.glue_test

import data.supplychain.lib.glue
import data.supplychain.testing

test_command_of_etl_job if glue.command(testing.res("supplychain_etl_job", "e", {"command": "pythonshell"})) == "pythonshell"

test_command_of_glue_job if glue.command(testing.res("aws_glue_job", "j", {"command": [{"name": "pythonshell"}]})) == "pythonshell"

test_command_defaults_to_glueetl if glue.command(testing.res("supplychain_etl_job", "e", {})) == "glueetl"

test_python_paths if {
	glue.python_path(testing.res("supplychain_etl_job", "e", {})) == ["python_version"]
	glue.python_path(testing.res("aws_glue_job", "j", {})) == ["command", 0, "python_version"]
}

test_jobs_of_both_types if count(glue.jobs) == 2 with input as testing.input_of([testing.res("supplychain_etl_job", "e", {}), testing.res("aws_glue_job", "j", {})])
