package policy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/policy/plan"
)

// TestWholeResourceSensitiveNeverPasses: a resource whose whole value the plan marks sensitive
// is judged (it is not dropped, nor taken for a deleted one), and since its values are hidden,
// no rule passes it: a rule that finds nothing wrong in the redacted values reports unknown; a
// rule that fails still fails.
func TestWholeResourceSensitiveNeverPasses(t *testing.T) {
	job := func(securityConfiguration string) []byte {
		return []byte(fmt.Sprintf(`{"format_version":"1.2","terraform_version":"1.9.8",
		 "resource_changes":[{"address":"aws_glue_job.j","mode":"managed","type":"aws_glue_job","name":"j",
		  "change":{"actions":["create"],"before":null,"after":{"name":"clean-orders","role_arn":"arn:aws:iam::1:role/r",
		   "security_configuration":%s,"timeout":60,"max_retries":0,"glue_version":"4.0","number_of_workers":2,"worker_type":"G.1X",
		   "command":[{"name":"glueetl","script_location":"s3://code/job.py","python_version":"3"}]},
		   "after_unknown":{},"before_sensitive":false,"after_sensitive":true}}]}`, securityConfiguration))
	}
	for _, c := range []struct {
		name, sc string
		status   Status
	}{
		{"no security configuration", `null`, Fail},
		{"a hidden security configuration", `"etl"`, Unknown},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := plan.Parse("plan.json", job(c.sc))
			if err != nil {
				t.Fatal(err)
			}
			res := check(t, p, CheckOptions{})
			found, passes := false, 0
			for _, f := range res.Findings {
				if f.Address != "aws_glue_job.j" {
					continue
				}
				if f.Status == Pass {
					passes++
					t.Errorf("%s passes a resource whose values are hidden", f.RuleID)
				}
				if f.RuleID == "SC-AWS-GLUE-001" {
					found = true
					if f.Status != c.status {
						t.Errorf("SC-AWS-GLUE-001: %s (%s), want %s", f.Status, f.Message, c.status)
					}
					if f.Status == Unknown && !strings.Contains(f.Message, "sensitive") {
						t.Errorf("the message should say why: %q", f.Message)
					}
				}
			}
			if !found {
				t.Fatalf("the Glue job was not judged by SC-AWS-GLUE-001: %v", keys(res))
			}
		})
	}
}

// TestHiddenSplitResourceNeverPassesItsBucket: a bucket judged through a split resource whose
// values the plan hides as a whole does not pass on them either.
func TestHiddenSplitResourceNeverPassesItsBucket(t *testing.T) {
	data := []byte(`{"format_version":"1.2","terraform_version":"1.9.8","resource_changes":[
	 {"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b",
	  "change":{"actions":["create"],"before":null,"after":{"bucket":"nexabrand-raw-orders-test","force_destroy":false,"tags":{"owner":"x"}},"after_unknown":{},"after_sensitive":{}}},
	 {"address":"aws_s3_bucket_logging.l","mode":"managed","type":"aws_s3_bucket_logging","name":"l",
	  "change":{"actions":["create"],"before":null,"after":{"bucket":"nexabrand-raw-orders-test","target_bucket":"elsewhere","target_prefix":"b/"},"after_unknown":{},"after_sensitive":true}}],
	 "configuration":{"root_module":{"resources":[
	  {"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","expressions":{"bucket":{"constant_value":"nexabrand-raw-orders-test"}}},
	  {"address":"aws_s3_bucket_logging.l","mode":"managed","type":"aws_s3_bucket_logging","name":"l","expressions":{"bucket":{"references":["aws_s3_bucket.b.id","aws_s3_bucket.b"]}}}]}}}`)
	p, err := plan.Parse("plan.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if b := p.Resource("aws_s3_bucket.b"); b == nil || len(b.Related["aws_s3_bucket_logging"]) != 1 {
		t.Fatalf("the logging resource must be tied to its bucket: %+v", b)
	}
	res := check(t, p, CheckOptions{})
	judged := false
	for _, f := range res.Findings {
		if f.RuleID == "SC-AWS-S3-009" && f.Address == "aws_s3_bucket.b" {
			judged = true
			if f.Status == Pass {
				t.Errorf("SC-AWS-S3-009 passes the bucket on a logging resource whose values are hidden")
			}
		}
	}
	if !judged {
		t.Fatalf("SC-AWS-S3-009 did not judge the bucket: %v", keys(res))
	}
}
