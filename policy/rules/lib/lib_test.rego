package supplychain.lib_test

import data.supplychain.lib

r := {"address": "x.y", "values": {"a": {"b": 1}}, "unknown": {"c": true, "d": [{"e": true}]}, "configured": ["a"]}

test_value_present if lib.value(r, ["a", "b"], 0) == 1

test_value_default if lib.value(r, ["z"], "def") == "def"

test_unknown_direct if lib.is_unknown(r, ["c"])

test_unknown_parent if lib.is_unknown(r, ["c", 0, "x"])

test_unknown_nested_list if lib.is_unknown(r, ["d", 0, "e"])

test_known_not_unknown if not lib.is_unknown(r, ["a", "b"])

test_configured if lib.configured(r, "a")

test_not_configured if not lib.configured(r, "b")

test_statements_object if count(lib.statements({"Statement": {"Effect": "Allow"}})) == 1

test_statements_list if count(lib.statements({"Statement": [{}, {}]})) == 2

test_json_doc_invalid if not lib.json_doc("{not json")

test_as_list if lib.as_list("a") == ["a"]

test_value_null_is_default if lib.value({"values": {"a": null}}, ["a"], "def") == "def"
