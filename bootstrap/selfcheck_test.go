package bootstrap

import (
	"context"
	"testing"

	"github.com/nexabrands/supplychain/internal/securebucket"
)

func levels(t *testing.T, have securebucket.Settings) map[string]string {
	t.Helper()
	res, err := SelfCheck(context.Background(), "tfstate-self", have, "aws")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range res.Findings {
		out[f.RuleID] = string(f.Level())
	}
	return out
}

func TestSelfCheckJudgesTheBucketWithTheCheckRules(t *testing.T) {
	want := Want(opts("tfstate-self"))
	good := levels(t, want)
	t.Logf("secure bucket: %v", good)
	for _, id := range []string{"SC-AWS-S3-001", "SC-AWS-S3-002", "SC-AWS-S3-004", "SC-AWS-S3-006", "SC-AWS-S3-007"} {
		if good[id] != "pass" {
			t.Errorf("%s on the secure bucket: %q, want pass (all: %v)", id, good[id], good)
		}
	}
	for id, l := range good {
		if l == "deny" {
			t.Errorf("the secure bucket is denied by %s", id)
		}
	}
	weak := want
	weak.Versioning = false
	weak.PublicAccessBlock = securebucket.PublicAccessBlock{}
	weak.TLSOnly, weak.Policy = false, ""
	weak.Encryption = securebucket.Encryption{Algorithm: "none"}
	bad := levels(t, weak)
	t.Logf("weakened bucket: %v", bad)
	for id, l := range map[string]string{"SC-AWS-S3-001": "warn", "SC-AWS-S3-002": "deny", "SC-AWS-S3-004": "deny", "SC-AWS-S3-007": "warn"} {
		if bad[id] != l {
			t.Errorf("%s on the weakened bucket: %q, want %q (all: %v)", id, bad[id], l, bad)
		}
	}
}
