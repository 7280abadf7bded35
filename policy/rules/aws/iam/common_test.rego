package supplychain.lib.iam_test

import data.supplychain.lib.iam
import data.supplychain.testing

doc := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})

test_documents_from_policy if {
	ds := iam.documents with input as testing.input_of([testing.res("aws_iam_policy", "p", {"policy": doc})])
	count(ds) == 1
}

test_documents_from_inline_policy if {
	r := testing.res("aws_iam_role", "r", {"inline_policy": [{"name": "x", "policy": doc}]})
	count(iam.documents) == 1 with input as testing.input_of([r])
}

test_unknown_documents if iam.unknown_documents == {"aws_iam_role_policy.p"} with input as testing.input_of([object.union(testing.res("aws_iam_role_policy", "p", {}), {"unknown": {"policy": true}})])

test_actions_list if iam.actions({"Action": "a"}) == ["a"]

test_policy_document_data_source if {
	d := testing.data_res("aws_iam_policy_document", "p", {"json": doc})
	count(iam.documents) == 1 with input as testing.input_of([d])
}

test_managed_bucket_type_does_not_see_data_sources if {
	d := testing.data_res("aws_s3_bucket", "b", {"bucket": "x"})
	count(data.supplychain.lib.resources("aws_s3_bucket")) == 0 with input as testing.input_of([d])
}
