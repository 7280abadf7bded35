package main_test

import data.main

job(after) := {"resource_changes": [{"address": "aws_glue_job.j", "type": "aws_glue_job", "change": {"actions": ["create"], "after": after}}]}

test_workers_denied if count(main.deny) == 1 with input as job({"number_of_workers": 5, "worker_type": "G.1X", "timeout": 60, "max_retries": 0})

test_ok_job if count(main.deny) == 0 with input as job({"number_of_workers": 2, "worker_type": "G.1X", "timeout": 60, "max_retries": 0})
