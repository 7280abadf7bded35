package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/tools/devenv/localenv"
)

// TestAccBootstrap_tofuInitApply bootstraps the state bucket on the stand-in, then runs the
// project's OpenTofu (S3 backend with use_lockfile, new in 1.10; Terraform 1.5.7 has no
// use_lockfile) with the written backend.hcl: init, two applies of a terraform_data resource,
// and checks that the state is versioned in the bucket and that each run took and released
// the lock file.
func TestAccBootstrap_tofuInitApply(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (it runs OpenTofu)")
	}
	tofu, err := filepath.Abs("../../.tools/bin/tofu")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tofu); err != nil {
		t.Fatalf("OpenTofu is not installed at %s (bash tools/devenv/install-tools.sh tofu): %v", tofu, err)
	}
	rc, err := filepath.Abs("../devenv/terraform.rc")
	if err != nil {
		t.Fatal(err)
	}
	awsEnv(t)
	srv := localenv.AWST(t)
	dir := t.TempDir()
	const bucket, key = "tfstate-acc", "app/terraform.tfstate"
	if code, out, errOut := plangate(t, nil, "bootstrap", "--bucket", bucket, "--key", key, "--region", "us-east-1",
		"--endpoint", srv.URL, "--path-style", "--out", dir); code != 0 {
		t.Fatalf("bootstrap: exit %d\n%s%s", code, out, errOut)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`terraform {
  backend "s3" {}
}

variable "n" {
  type = number
}

resource "terraform_data" "x" {
  input = var.n
}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	tf := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(tofu, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("tofu %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	tf("init", "-input=false", "-no-color", "-backend-config=backend.hcl")
	tf("apply", "-input=false", "-no-color", "-auto-approve", "-var", "n=1")
	tf("apply", "-input=false", "-no-color", "-auto-approve", "-var", "n=2")

	cfg := awsclient.Config{Region: localenv.Region, AccessKey: localenv.AccessKey, SecretKey: localenv.SecretKey,
		Endpoints: awsclient.Endpoints{S3: srv.URL}, S3UsePathStyle: true}
	awsCfg, err := cfg.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	vers, err := cfg.S3(awsCfg).ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatal(err)
	}
	// The bucket is versioned: every state write and every lock file write is a version, and each
	// lock release a delete marker.
	states, locks, released := 0, 0, false
	for _, v := range vers.Versions {
		switch aws.ToString(v.Key) {
		case key:
			states++
		case key + ".tflock":
			locks++
		}
	}
	for _, m := range vers.DeleteMarkers {
		if aws.ToString(m.Key) == key+".tflock" && aws.ToBool(m.IsLatest) {
			released = true
		}
	}
	t.Logf("state versions %d, lock file versions %d, lock released %v", states, locks, released)
	if states < 2 {
		t.Fatalf("state versions of %s: %d, want at least 2 (one per apply)", key, states)
	}
	if locks < 2 || !released {
		t.Fatalf("lock file %s.tflock: %d versions, released %v; want one lock per apply, released", key, locks, released)
	}
	if out := tf("state", "list", "-no-color"); !strings.Contains(out, "terraform_data.x") {
		t.Fatalf("state list: %s", out)
	}
}
