package provider_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/nexabrands/supplychain/provider/internal/acctest"
)

// TestAccETLSchedule_realAWS creates two Python shell jobs and a two-stage schedule over them on
// real AWS Glue, checks that a second plan is empty, imports the schedule and destroys it all. It
// runs only with AWS credentials in the environment and SUPPLYCHAIN_ACC_GLUE_ROLE_ARN naming a
// role Glue may assume; the region is AWS_REGION (default af-south-1). The schedule is created
// with enabled = false, so no trigger fires and nothing runs: it costs nothing.
func TestAccETLSchedule_realAWS(t *testing.T) {
	acctest.PreCheck(t)
	if !awsCredentialsPresent() {
		t.Skip("no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_PROFILE, AWS_WEB_IDENTITY_TOKEN_FILE): " +
			"this test runs against real AWS only")
	}
	role := os.Getenv("SUPPLYCHAIN_ACC_GLUE_ROLE_ARN")
	if role == "" {
		t.Skip("AWS credentials present but SUPPLYCHAIN_ACC_GLUE_ROLE_ARN is not set: the jobs need a role Glue may assume")
	}
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = "af-south-1"
	}
	prefix := acctest.RandomName("acc")
	cfg := fmt.Sprintf(`
provider "supplychain" {
  region = %q
}

resource "supplychain_etl_job" "orders" {
  name            = "%[2]s-orders"
  role_arn        = %[3]q
  command         = "pythonshell"
  script_location = "s3://%[2]s-code/etl/orders.py"
  timeout         = 5
}

resource "supplychain_etl_job" "load" {
  name            = "%[2]s-load"
  role_arn        = %[3]q
  command         = "pythonshell"
  script_location = "s3://%[2]s-code/etl/load.py"
  timeout         = 5
}

resource "supplychain_etl_schedule" "daily" {
  name     = "%[2]s-daily"
  schedule = "cron(0 2 * * ? *)"
  enabled  = false
  stages   = [[supplychain_etl_job.orders.name], [supplychain_etl_job.load.name]]
}
`, region, prefix, role)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(etlScheduleAddr, tfjsonpath.New("trigger_names"), knownvalue.ListSizeExact(2)),
				},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{ResourceName: etlScheduleAddr, ImportState: true, ImportStateId: prefix + "-daily", ImportStateVerify: true},
		},
	})
}
