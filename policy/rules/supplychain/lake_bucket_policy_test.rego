package supplychain.rules.supplychain.lake_bucket_policy_test

import data.supplychain.rules.supplychain.lake_bucket_policy as lbp
import data.supplychain.testing

lake(policy) := testing.res("supplychain_data_lake", "lake", {"raw": {"bucket": "nexabrand-raw-orders", "policy": policy}})

test_public_fails if testing.addrs(lbp.fail) == {"supplychain_data_lake.lake"} with input as testing.input_of([lake(json.marshal({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}]}))])

test_private_passes if count(lbp.fail) == 0 with input as testing.input_of([lake(json.marshal({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))])
