package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/tools/devenv/localenv"
)

// The S3 stand-in serves every acceptance test of the package; it runs in this process, on a
// loopback port chosen free at start, and stops when the tests end.
var (
	awsOnce sync.Once
	awsSrv  *localenv.AWS
)

func TestMain(m *testing.M) {
	code := m.Run()
	awsSrv.Close()
	os.Exit(code)
}

func testAWS() *localenv.AWS {
	awsOnce.Do(func() { awsSrv = localenv.StartAWS() })
	return awsSrv
}

// protoV6Factories serves the provider in-process to the Terraform CLI under test.
func protoV6Factories(opts ...Option) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"supplychain": providerserver.NewProtocol6WithError(New("test", opts...)()),
	}
}

// lakeProviderConfig points the provider at the S3 stand-in.
func lakeProviderConfig() string {
	return fmt.Sprintf(`
provider "supplychain" {
  region            = %q
  access_key        = %q
  secret_key        = %q
  s3_use_path_style = true
  endpoints {
    s3 = %q
  }
  default_tags {
    tags = {
      managed_by = "terraform"
    }
  }
}
`, localenv.Region, localenv.AccessKey, localenv.SecretKey, testAWS().URL)
}

// testS3 is an SDK client on the stand-in, to check what the provider did on the server itself.
func testS3(t *testing.T) *s3.Client {
	t.Helper()
	cfg := awsclient.Config{Region: localenv.Region, AccessKey: localenv.AccessKey, SecretKey: localenv.SecretKey,
		Endpoints: awsclient.Endpoints{S3: testAWS().URL}, S3UsePathStyle: true}
	awsCfg, err := cfg.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return cfg.S3(awsCfg)
}

func TestProviderSchemaIsValid(t *testing.T) {
	p := New("test")()
	srv, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		t.Fatal(err)
	}
	sch, err := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range sch.Diagnostics {
		t.Errorf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	if _, ok := sch.ResourceSchemas["supplychain_data_lake"]; !ok {
		t.Fatal("supplychain_data_lake not served")
	}
}

// TestAccProvider_invalidConfig: provider settings are checked by `terraform validate`.
func TestAccProvider_invalidConfig(t *testing.T) {
	cases := map[string]struct{ config, err string }{
		"warehouse without host": {`warehouse {
    database = "supplychain"
    username = "terraform"
  }`, `The warehouse block needs host`},
		"empty host": {`warehouse {
    host     = ""
    database = "supplychain"
    username = "terraform"
  }`, `(?s)warehouse.*host.*must not be empty`},
		"blank database": {`warehouse {
    host     = "db"
    database = "  "
    username = "terraform"
  }`, `(?s)warehouse.*database.*must not be empty`},
		"empty username": {`warehouse {
    host     = "db"
    database = "supplychain"
    username = ""
  }`, `(?s)warehouse.*username.*must not be empty`},
		"bad sslmode": {`warehouse {
    host     = "db"
    database = "supplychain"
    username = "terraform"
    sslmode  = "sometimes"
  }`, `sslmode`},
		"bad port": {`warehouse {
    host     = "db"
    port     = 70000
    database = "supplychain"
    username = "terraform"
  }`, `port`},
		"bad endpoint": {`endpoints {
    s3 = "localhost:4566"
  }`, `not an http\(s\) URL`},
		"half static key": {`access_key = "AKIA"`, `secret_key`},
		"bad role": {`assume_role {
    role_arn = "deployer"
  }`, `must be an IAM role ARN`},
		"bad duration": {`assume_role {
    role_arn = "arn:aws:iam::123456789012:role/deployer"
    duration = "24h"
  }`, `between 15m0s and 12h0m0s`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Factories(),
				Steps: []resource.TestStep{{
					Config: "provider \"supplychain\" {\n  region = \"us-east-1\"\n  " + c.config + "\n}\n" +
						"resource \"supplychain_data_lake\" \"x\" {\n  name_prefix = \"lake\"\n}\n",
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(c.err),
				}},
			})
		})
	}
}
