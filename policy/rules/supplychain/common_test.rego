package supplychain.lib.lake_test

import data.supplychain.lib.lake
import data.supplychain.testing

test_attr_object if lake.attr(testing.res("supplychain_data_lake", "l", {"encryption": {"sse_algorithm": "none"}}), "encryption").sse_algorithm == "none"

test_attr_list if lake.attr(testing.res("supplychain_data_lake", "l", {"encryption": [{"sse_algorithm": "AES256"}]}), "encryption").sse_algorithm == "AES256"

test_attr_missing if lake.attr(testing.res("supplychain_data_lake", "l", {}), "encryption") == null
