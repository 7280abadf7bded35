package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/policy/drift"
	"github.com/nexabrands/supplychain/policy/report"
	"github.com/nexabrands/supplychain/tools/devenv/localenv"
)

// TestAccDrift_lakeOutOfBand runs the whole drift loop through the real Terraform CLI against the
// in-process S3 stand-in: apply a supplychain_data_lake, change its buckets by hand (public
// access block off on one, a tag added on another, versioning suspended on the third), then
// `terraform plan -refresh-only -out` and `show -json`, and plangate drift: every change found
// and classed, exit 2. After `terraform apply -refresh-only` the state holds the drift: exit 0.
//
// It reads the drift generically (paths are matched by their last names, whatever the lake's
// schema nests them under), so that the lake resource's schema can change under it.
func TestAccDrift_lakeOutOfBand(t *testing.T) {
	tfPath := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || tfPath == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to run it through the Terraform CLI against the S3 stand-in")
	}
	ctx := context.Background()
	work := t.TempDir()
	bin := filepath.Join(work, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-supplychain"), "github.com/nexabrands/supplychain")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(work, "terraform.rc")
	writeAt(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"nexabrands/supplychain\" = %q\n  }\n  direct {}\n}\ndisable_checkpoint = true\n", bin))
	awsSrv := localenv.AWST(t)
	prefix := fmt.Sprintf("driftacc%d", time.Now().UnixNano()%1_000_000)
	stack := filepath.Join(work, "stack")
	writeAt(t, filepath.Join(stack, "main.tf"), fmt.Sprintf(`
terraform {
  required_providers {
    supplychain = { source = "nexabrands/supplychain" }
  }
}
provider "supplychain" {
  region            = %q
  access_key        = %q
  secret_key        = %q
  s3_use_path_style = true
  endpoints {
    s3 = %q
  }
}
resource "supplychain_data_lake" "main" {
  name_prefix   = %q
  force_destroy = true
  tags          = { owner = "data-platform" }
}
`, localenv.Region, localenv.AccessKey, localenv.SecretKey, awsSrv.URL, prefix))
	tf := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command(tfPath, append([]string{"-chdir=" + stack}, args...)...)
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("terraform %s: %v\n%s\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
		}
		return stdout.Bytes()
	}
	tf("apply", "-auto-approve", "-input=false", "-no-color")
	t.Cleanup(func() {
		cmd := exec.Command(tfPath, "-chdir="+stack, "destroy", "-auto-approve", "-input=false", "-no-color")
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1")
		_ = cmd.Run()
	})

	// Out of band, on the server itself.
	cli := stand(t, ctx, awsSrv.URL)
	buckets := lakeBuckets(t, ctx, cli, prefix)
	if len(buckets) < 3 {
		t.Fatalf("the lake made buckets %v, want three", buckets)
	}
	open, tagged, unversioned := buckets[0], buckets[1], buckets[2]
	changeBuckets(t, ctx, cli, open, tagged, unversioned)

	driftRun := func(name string) (int, report.JSONDrift, string) {
		t.Helper()
		tf("plan", "-refresh-only", "-input=false", "-no-color", "-out", name+".tfplan")
		planJSON := filepath.Join(work, name+".json")
		writeAt(t, planJSON, string(tf("show", "-json", name+".tfplan")))
		out := filepath.Join(work, name+"-report.json")
		var stdout, stderr bytes.Buffer
		code := run([]string{"drift", planJSON, "--format", "text", "--format", "json=" + out}, &stdout, &stderr, func(string) string { return "" })
		var jr report.JSONReport
		if b, err := os.ReadFile(out); err == nil {
			_ = json.Unmarshal(b, &jr)
		}
		var rep report.JSONDrift
		if jr.Drift != nil {
			rep = *jr.Drift
		}
		return code, rep, stdout.String() + stderr.String()
	}

	code, rep, text := driftRun("drifted")
	if code != exitDrift {
		t.Fatalf("plangate drift exit %d, want 2\n%s", code, text)
	}
	t.Logf("plangate drift:\n%s", text)
	find := func(suffix string) (report.JSONDriftItem, report.JSONDriftChange, bool) {
		for _, d := range rep.Resources {
			for _, c := range d.Changes {
				if strings.HasSuffix(c.Path, suffix) {
					return d, c, true
				}
			}
		}
		return report.JSONDriftItem{}, report.JSONDriftChange{}, false
	}
	d, c, ok := find("block_public_acls")
	if !ok || c.Before != true || c.After != false {
		t.Errorf("public access block: %+v (found %v)", c, ok)
	} else if !hasClass(d.Classes, string(drift.Security)) || !hasRule(d.Findings, "SC-LAKE-002") {
		t.Errorf("public access block off: classes %v findings %v, want security with SC-LAKE-002", d.Classes, ruleIDs(d.Findings))
	}
	if _, c, ok := find("ticket"); !ok || c.After != "OPS-42" || !hasClass(c.Classes, string(drift.Benign)) {
		t.Errorf("tag added: %+v (found %v), want benign", c, ok)
	}
	if d, c, ok := find("versioning"); !ok {
		t.Errorf("versioning suspended: not found in %+v", rep.Resources)
	} else if !hasRule(d.Findings, "SC-LAKE-003") {
		t.Errorf("versioning %v → %v: findings %v, want SC-LAKE-003", c.Before, c.After, ruleIDs(d.Findings))
	}
	if len(rep.Pending) != 0 {
		t.Errorf("a refresh-only plan has nothing pending: %+v", rep.Pending)
	}

	// Re-apply the configuration: the buckets are set back, no drift is left.
	tf("apply", "-auto-approve", "-input=false", "-no-color")
	code, rep, text = driftRun("reapplied")
	if code != exitPass || rep.Summary.Drifted != 0 {
		t.Fatalf("after a re-apply: exit %d, summary %+v\n%s", code, rep.Summary, text)
	}

	// The same drift again, accepted into the state this time: none should be left.
	changeBuckets(t, ctx, cli, open, tagged, unversioned)
	if code, _, text = driftRun("again"); code != exitDrift {
		t.Fatalf("the drift made again: exit %d\n%s", code, text)
	}
	tf("apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color")
	code, rep, text = driftRun("accepted")
	if code != exitPass || rep.Summary.Drifted != 0 {
		t.Fatalf("after apply -refresh-only: exit %d, summary %+v\n%s", code, rep.Summary, text)
	}
}

func writeAt(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, what string, f func() error) {
	t.Helper()
	if err := f(); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func stand(t *testing.T, ctx context.Context, url string) *s3.Client {
	t.Helper()
	cfg := awsclient.Config{Region: localenv.Region, AccessKey: localenv.AccessKey, SecretKey: localenv.SecretKey,
		Endpoints: awsclient.Endpoints{S3: url}, S3UsePathStyle: true}
	ac, err := cfg.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return cfg.S3(ac)
}

// lakeBuckets lists the buckets whose names start with the lake's prefix, sorted.
func lakeBuckets(t *testing.T, ctx context.Context, cli *s3.Client, prefix string) []string {
	t.Helper()
	out, err := cli.ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range out.Buckets {
		if n := aws.ToString(b.Name); strings.HasPrefix(n, prefix+"-") {
			names = append(names, n)
		}
	}
	return names
}

func hasClass(cs []string, c string) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

func hasRule(fs []report.JSONDriftFinding, id string) bool {
	for _, f := range fs {
		if f.RuleID == id {
			return true
		}
	}
	return false
}

func ruleIDs(fs []report.JSONDriftFinding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.RuleID)
	}
	return out
}

// changeBuckets changes the lake's buckets on the server: public access block off on the first,
// a tag added on the second, versioning suspended on the third.
func changeBuckets(t *testing.T, ctx context.Context, cli *s3.Client, open, tagged, unversioned string) {
	t.Helper()
	must(t, "turning off block_public_acls", func() error {
		_, err := cli.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: aws.String(open),
			PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(false),
				BlockPublicPolicy: aws.Bool(true), IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}})
		return err
	})
	must(t, "adding a tag", func() error {
		tags, err := cli.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(tagged)})
		if err != nil {
			return err
		}
		set := append(tags.TagSet, s3types.Tag{Key: aws.String("ticket"), Value: aws.String("OPS-42")})
		_, err = cli.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: aws.String(tagged), Tagging: &s3types.Tagging{TagSet: set}})
		return err
	})
	must(t, "suspending versioning", func() error {
		_, err := cli.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(unversioned),
			VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusSuspended}})
		return err
	})
}
