package plan

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// gluePlan is a plan that creates one Glue job, with no security configuration unless set;
// change is the job's change object and values its planned values entry (both JSON).
func gluePlan(change, planned string) []byte {
	return []byte(fmt.Sprintf(`{"format_version":"1.2","terraform_version":"1.9.8",
	 "planned_values":{"root_module":{"resources":[%s]}},
	 "resource_changes":[{"address":"aws_glue_job.j","mode":"managed","type":"aws_glue_job","name":"j",
	   "provider_name":"registry.terraform.io/hashicorp/aws","change":%s}]}`, planned, change))
}

const (
	glueAfter   = `{"name":"clean-orders","role_arn":"arn:aws:iam::123456789012:role/glue","security_configuration":null,"command":[{"name":"glueetl","script_location":"s3://code/job.py"}],"default_arguments":{"--db-password":"Hunter2-marker"}}`
	gluePlanned = `{"address":"aws_glue_job.j","mode":"managed","type":"aws_glue_job","name":"j","provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"values":` + glueAfter + `,"sensitive_values":%s}`
)

// TestWholeResourceSensitiveMarkHidesValuesNotTheResource: a resource whose after_sensitive
// (or sensitive_values) is true as a whole is still planned: it is judged, never dropped or
// taken for a deleted one, and every one of its values is redacted, in every part of the plan.
func TestWholeResourceSensitiveMarkHidesValuesNotTheResource(t *testing.T) {
	cases := map[string][]byte{
		"after_sensitive true": gluePlan(`{"actions":["create"],"before":null,"after":`+glueAfter+`,"after_unknown":{},"before_sensitive":false,"after_sensitive":true}`,
			fmt.Sprintf(gluePlanned, `{}`)),
		"sensitive_values true": gluePlan(`{"actions":["create"],"before":null,"after":`+glueAfter+`,"after_unknown":{},"before_sensitive":false,"after_sensitive":{}}`,
			fmt.Sprintf(gluePlanned, `true`)),
		"after_sensitive true, no planned values": []byte(`{"format_version":"1.2","resource_changes":[{"address":"aws_glue_job.j","mode":"managed","type":"aws_glue_job","name":"j",
		   "change":{"actions":["create"],"before":null,"after":` + glueAfter + `,"after_unknown":{},"after_sensitive":true}}]}`),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			p, err := Parse("plan.json", data)
			if err != nil {
				t.Fatal(err)
			}
			r := p.Resource("aws_glue_job.j")
			if r == nil || r.Deleted || !r.Sensitive {
				t.Fatalf("the job must be planned, not deleted, and marked sensitive as a whole: %+v", r)
			}
			if !reflectsCreate(r) {
				t.Errorf("actions %v", r.Actions)
			}
			if r.Values["security_configuration"] != nil {
				t.Errorf("a null stays null (nothing is hidden by it): %v", r.Values["security_configuration"])
			}
			for _, k := range []string{"name", "role_arn"} {
				if r.Values[k] != Redacted {
					t.Errorf("%s = %v, want it redacted", k, r.Values[k])
				}
			}
			doc, _ := json.Marshal(p.Document())
			for _, s := range []string{"clean-orders", "Hunter2-marker", "s3://code/job.py"} {
				if strings.Contains(string(doc), s) {
					t.Errorf("the document still holds %q", s)
				}
			}
		})
	}
}

func reflectsCreate(r *Resource) bool { return len(r.Actions) == 1 && r.Actions[0] == "create" }

// TestParseRefusesChangesOfTheWrongShape: a change that is null or missing, or an after (before)
// that is not an object, is not a plan Terraform writes; taking it for a deleted resource
// would leave the resource unjudged.
func TestParseRefusesChangesOfTheWrongShape(t *testing.T) {
	planned := fmt.Sprintf(gluePlanned, `{}`)
	cases := map[string][]byte{
		"change null":                   gluePlan(`null`, planned),
		"change missing":                []byte(`{"format_version":"1.2","resource_changes":[{"address":"aws_glue_job.j","mode":"managed","type":"aws_glue_job","name":"j"}]}`),
		"after a string":                gluePlan(`{"actions":["create"],"before":null,"after":"x","after_unknown":{},"after_sensitive":{}}`, planned),
		"after a list":                  gluePlan(`{"actions":["create"],"before":null,"after":[`+glueAfter+`],"after_unknown":{},"after_sensitive":{}}`, planned),
		"after null on create":          gluePlan(`{"actions":["create"],"before":null,"after":null,"after_unknown":{},"after_sensitive":false}`, planned),
		"after null on update":          gluePlan(`{"actions":["update"],"before":`+glueAfter+`,"after":null,"after_unknown":{},"after_sensitive":false}`, planned),
		"before a number":               gluePlan(`{"actions":["update"],"before":1,"after":`+glueAfter+`,"after_unknown":{},"after_sensitive":{}}`, planned),
		"no actions":                    gluePlan(`{"before":null,"after":`+glueAfter+`,"after_unknown":{},"after_sensitive":{}}`, planned),
		"null change entry":             []byte(`{"format_version":"1.2","resource_changes":[null]}`),
		"no-op of nothing, not planned": gluePlan(`{"actions":["no-op"],"before":null,"after":null,"after_unknown":{},"after_sensitive":false}`, ""),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			p, err := Parse("plan.json", data)
			if err == nil {
				r := p.Resource("aws_glue_job.j")
				t.Fatalf("parsed; want an error (the job: %+v)", r)
			}
			if KindOf(err) != Malformed {
				t.Errorf("kind %v, want malformed (%v)", KindOf(err), err)
			}
			if msg := err.Error(); !strings.Contains(msg, "plan.json") || !strings.Contains(msg, "resource_changes") {
				t.Errorf("error %q should name the file and the part", msg)
			}
		})
	}
	// Terraform 1.0 and 1.1 write a no-op of nothing for some instances planned_values holds.
	noop := gluePlan(`{"actions":["no-op"],"before":null,"after":null,"after_unknown":{},"after_sensitive":false}`, planned)
	if p, err := Parse("plan.json", noop); err != nil {
		t.Fatal(err)
	} else if r := p.Resource("aws_glue_job.j"); r == nil || r.Deleted || r.Values["name"] != "clean-orders" {
		t.Errorf("the planned job must be judged from its planned values: %+v", r)
	}
	// A delete has no after; that is how Terraform writes it.
	del := gluePlan(`{"actions":["delete"],"before":`+glueAfter+`,"after":null,"after_unknown":{},"before_sensitive":{},"after_sensitive":false}`, "")
	p, err := Parse("plan.json", del)
	if err != nil {
		t.Fatal(err)
	}
	if r := p.Resource("aws_glue_job.j"); r == nil || !r.Deleted {
		t.Errorf("a delete must read as deleted: %+v", r)
	}
}

// TestHiddenBucketNamesDoNotCorrelate: a redacted bucket name is no name: split resources whose
// values are hidden find their bucket through the configuration's reference, never through
// "(sensitive value)", which every hidden bucket shares.
func TestHiddenBucketNamesDoNotCorrelate(t *testing.T) {
	rc := func(addr, typ, after string) string {
		name := addr[strings.LastIndex(addr, ".")+1:]
		return `{"address":"` + addr + `","mode":"managed","type":"` + typ + `","name":"` + name + `","change":{"actions":["create"],"before":null,"after":` + after + `,"after_unknown":{},"after_sensitive":true}}`
	}
	data := []byte(`{"format_version":"1.2","resource_changes":[` +
		rc("aws_s3_bucket.b", "aws_s3_bucket", `{"bucket":"bucket-b"}`) + `,` +
		rc("aws_s3_bucket.a", "aws_s3_bucket", `{"bucket":"bucket-a"}`) + `,` +
		rc("aws_s3_bucket_versioning.vb", "aws_s3_bucket_versioning", `{"bucket":"bucket-b"}`) + `],
	 "configuration":{"root_module":{"resources":[
	  {"address":"aws_s3_bucket_versioning.vb","mode":"managed","type":"aws_s3_bucket_versioning","name":"vb","expressions":{"bucket":{"references":["aws_s3_bucket.b.id","aws_s3_bucket.b"]}}}]}}}`)
	p, err := Parse("plan.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Resource("aws_s3_bucket_versioning.vb").Bucket; got != "aws_s3_bucket.b" {
		t.Errorf("versioning tied to %q, want aws_s3_bucket.b", got)
	}
	if rel := p.Resource("aws_s3_bucket.a").Related; len(rel) != 0 {
		t.Errorf("bucket a got %v", rel)
	}
}
