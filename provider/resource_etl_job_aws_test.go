package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/nexabrands/supplychain/provider/internal/acctest"
)

// awsCredentialsPresent reports whether the environment names AWS credentials.
func awsCredentialsPresent() bool {
	for _, v := range []string{"AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI"} {
		if os.Getenv(v) != "" {
			return true
		}
	}
	return false
}

// TestAccETLJob_realAWS creates a lake and a Python shell job on real AWS (Glue and S3), checks
// that a second plan is empty, imports the job and destroys both. It runs only with AWS
// credentials in the environment and SUPPLYCHAIN_ACC_GLUE_ROLE_ARN naming a role Glue may
// assume; the region is AWS_REGION (default af-south-1). It costs nothing: no job run is started.
func TestAccETLJob_realAWS(t *testing.T) {
	acctest.PreCheck(t)
	if !awsCredentialsPresent() {
		t.Skip("no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_PROFILE, AWS_WEB_IDENTITY_TOKEN_FILE): " +
			"this test runs against real AWS only")
	}
	role := os.Getenv("SUPPLYCHAIN_ACC_GLUE_ROLE_ARN")
	if role == "" {
		t.Skip("AWS credentials present but SUPPLYCHAIN_ACC_GLUE_ROLE_ARN is not set: the job needs a role Glue may assume")
	}
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = "af-south-1"
	}
	prefix := acctest.RandomName("acc")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "orders.py"), "print('supplychain acceptance test')\n")
	cfg := fmt.Sprintf(`
provider "supplychain" {
  region = %q
  default_tags {
    tags = { managed_by = "terraform-acceptance-test" }
  }
}

resource "supplychain_data_lake" "main" {
  name_prefix   = %q
  force_destroy = true
}

resource "supplychain_etl_job" "orders" {
  name          = "%[2]s-orders"
  role_arn      = %[3]q
  command       = "pythonshell"
  script_source = "%[4]s/orders.py"
  script_bucket = supplychain_data_lake.main.code.bucket
  source        = supplychain_data_lake.main.raw.bucket
  target        = supplychain_data_lake.main.transformed.bucket
  timeout       = 5
}
`, region, prefix, role, dir)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("id"), knownvalue.StringExact(prefix+"-orders")),
				},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				ResourceName: etlJobAddr, ImportState: true, ImportStateId: prefix + "-orders", ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"script_source", "extra_py_files"},
			},
		},
	})
}
