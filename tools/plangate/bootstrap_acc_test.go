package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

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

variable "sleep" {
  type    = number
  default = 0
}

resource "terraform_data" "x" {
  input            = var.n
  triggers_replace = var.n

  provisioner "local-exec" {
    command = "sleep ${var.sleep}"
  }
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

	// Two applies at once: the first holds the lock file while its provisioner sleeps; the
	// second fails on the lock with OpenTofu's message, and the state stays the first's.
	first := exec.Command(tofu, "apply", "-input=false", "-no-color", "-auto-approve", "-var", "n=3", "-var", "sleep=4")
	first.Dir = dir
	first.Env = append(os.Environ(), "TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1")
	firstOut := &syncBuffer{}
	first.Stdout, first.Stderr = firstOut, firstOut
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	s3c := cfg.S3(awsCfg)
	// The provisioner runs inside the apply, so while it sleeps the first apply holds the lock.
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(firstOut.String(), "(local-exec): Executing:") {
		if time.Now().After(deadline) {
			_ = first.Process.Kill()
			t.Fatalf("the first apply never reached its provisioner:\n%s", firstOut.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := s3c.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key + ".tflock")}); err != nil {
		t.Errorf("no lock file while the first apply runs: %v", err)
	}
	second := exec.Command(tofu, "apply", "-input=false", "-no-color", "-auto-approve", "-lock-timeout=0s", "-var", "n=4")
	second.Dir = dir
	second.Env = first.Env
	secondOut, err := second.CombinedOutput()
	if err == nil || !strings.Contains(string(secondOut), "Error acquiring the state lock") {
		t.Errorf("the second apply did not fail on the lock (err %v):\n%s", err, secondOut)
	}
	if err := first.Wait(); err != nil {
		t.Fatalf("the first apply: %v\n%s", err, firstOut.String())
	}
	if out := tf("show", "-no-color"); !strings.Contains(out, "input") || !strings.Contains(out, "= 3") {
		t.Fatalf("state after the concurrent applies is not the first apply's:\n%s", out)
	}
	// The previous state (n=2) is still recoverable from the bucket's versions.
	vers, err = s3c.ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), Prefix: aws.String(key)})
	if err != nil {
		t.Fatal(err)
	}
	recovered := false
	for _, v := range vers.Versions {
		if aws.ToString(v.Key) != key || aws.ToBool(v.IsLatest) {
			continue
		}
		obj, err := s3c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), VersionId: v.VersionId})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(obj.Body)
		_ = obj.Body.Close()
		var st struct {
			Resources []struct {
				Instances []struct {
					Attributes struct {
						Input struct{ Value float64 }
					}
				}
			}
		}
		if err := json.Unmarshal(body, &st); err != nil {
			t.Fatalf("version %s of the state is not JSON: %v", aws.ToString(v.VersionId), err)
		}
		if len(st.Resources) == 1 && len(st.Resources[0].Instances) == 1 && st.Resources[0].Instances[0].Attributes.Input.Value == 2 {
			recovered = true
		}
	}
	if !recovered {
		t.Fatalf("no earlier version of %s holds the n=2 state (%d versions)", key, len(vers.Versions))
	}
}

// syncBuffer is a bytes.Buffer safe for a process writing and a test reading.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
