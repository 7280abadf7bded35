# METADATA
# title: Data lake denies requests without TLS
# description: The lake's tls_only attribute is not false, so its bucket policies deny plain HTTP.
# custom:
#   id: SC-LAKE-004
#   severity: medium
#   resource_types: [supplychain_data_lake]
#   remediation: 'Set tls_only = true on the data lake.'
#   related:
#     checkov: [CKV_AWS_379]
package supplychain.rules.supplychain.lake_tls_only

import data.supplychain.lib
import data.supplychain.lib.lake

applicable contains l.address if some l in lake.lakes

fail contains {"address": l.address, "msg": sprintf("data lake %s allows requests without TLS (tls_only false)", [lake.name(l)])} if {
	some l in lake.lakes
	l.values.tls_only == false
}

unknown contains {"address": l.address, "msg": "tls_only of the lake is known only after apply"} if {
	some l in lake.lakes
	l.unknown.tls_only == true
}

fail contains {"address": l.address, "msg": sprintf("data lake %s allows requests without TLS on its %s bucket (no TLS-only statement)", [lake.name(l), concat(", ", off)])} if {
	some l in lake.lakes
	off := lake.applied_off(l, ["tls_only"], false)
	count(off) > 0
}
