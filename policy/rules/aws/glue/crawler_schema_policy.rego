# METADATA
# title: Glue crawler has a schema change policy
# description: A crawler states what to do when a table's schema changes or its data goes away, instead of silently rewriting the catalog.
# custom:
#   id: SC-AWS-GLUE-007
#   severity: low
#   resource_types: [aws_glue_crawler]
#   remediation: Add schema_change_policy { delete_behavior = "LOG", update_behavior = "LOG" } (or the behaviour the team chose) to the crawler.
package supplychain.rules.aws.glue.crawler_schema_policy

import data.supplychain.lib

crawlers := lib.resources("aws_glue_crawler")

applicable contains c.address if some c in crawlers

fail contains {"address": c.address, "msg": sprintf("Glue crawler %s has no schema change policy", [lib.value(c, ["name"], c.name)])} if {
	some c in crawlers
	count(lib.block_list(c, "schema_change_policy")) == 0
	not lib.configured(c, "schema_change_policy")
}
