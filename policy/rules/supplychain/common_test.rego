package supplychain.lib.lake_test

import data.supplychain.lib.lake
import data.supplychain.testing

test_attr_object if lake.attr(testing.res("supplychain_data_lake", "l", {"encryption": {"sse_algorithm": "none"}}), "encryption").sse_algorithm == "none"

test_attr_list if lake.attr(testing.res("supplychain_data_lake", "l", {"encryption": [{"sse_algorithm": "AES256"}]}), "encryption").sse_algorithm == "AES256"

test_attr_missing if lake.attr(testing.res("supplychain_data_lake", "l", {}), "encryption") == null

test_name_prefix if lake.name(testing.res("supplychain_data_lake", "l", {"name_prefix": "nexabrand"})) == "nexabrand"

test_name_falls_back_to_address if lake.name(testing.res("supplychain_data_lake", "l", {})) == "supplychain_data_lake.l"
