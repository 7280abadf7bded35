package supplychain.rules.aws.glue.crawler_schema_policy_test

import data.supplychain.rules.aws.glue.crawler_schema_policy as csp
import data.supplychain.testing

test_missing_fails if testing.addrs(csp.fail) == {"aws_glue_crawler.c"} with input as testing.input_of([testing.res("aws_glue_crawler", "c", {"schema_change_policy": []})])

test_present_passes if {
	inp := testing.input_of([testing.res("aws_glue_crawler", "c", {"schema_change_policy": [{"delete_behavior": "LOG", "update_behavior": "LOG"}]})])
	count(csp.fail) == 0 with input as inp
	csp.applicable == {"aws_glue_crawler.c"} with input as inp
}
