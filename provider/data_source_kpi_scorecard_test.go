package provider_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/nexabrands/supplychain/provider/internal/acctest"
)

// TestAccKPIScorecardDataSource reads a KPI view made by supplychain_kpi_view through the data
// source and checks every row against the view itself.
func TestAccKPIScorecardDataSource(t *testing.T) {
	e := acctest.NewWarehouse(t)
	whStarSchema(t, e, "mart")
	cfg := e.Config(`
resource "supplychain_kpi_view" "by_city" {
  schema       = "mart"
  name         = "kpi_by_city"
  metrics      = ["ot", "if", "otif", "lfr", "vfr"]
  dimensions   = ["city"]
  with_targets = true
}

data "supplychain_kpi_scorecard" "by_city" {
  schema = "mart"
  view   = supplychain_kpi_view.by_city.name
}

# The expression of the documentation's example.
output "below" {
  value = [
    for r in data.supplychain_kpi_scorecard.by_city.rows : r.city
    if coalesce(r.otif_pct, 0) < coalesce(r.otif_target, 0)
  ]
}
`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		Steps: []resource.TestStep{
			{
				Config: e.Config(`
data "supplychain_kpi_scorecard" "none" {
  schema = "mart"
  view   = "fact_orders"
}
`),
				ExpectError: acctest.ErrorMatching(`(?s)reading KPI scorecard from "mart"."fact_orders".*no such view`),
			},
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					ds := s.RootModule().Resources["data.supplychain_kpi_scorecard.by_city"]
					if ds == nil {
						return fmt.Errorf("data source not in state")
					}
					a := ds.Primary.Attributes
					n, _ := strconv.Atoi(a["rows.#"])
					if want := int(e.Count(t, "SELECT count(*) FROM mart.kpi_by_city")); n != want || n == 0 {
						return fmt.Errorf("rows.# = %d, want %d", n, want)
					}
					for i := 0; i < n; i++ {
						city := a[fmt.Sprintf("rows.%d.city", i)]
						want := e.QueryString(t, "SELECT CAST(otif_pct AS VARCHAR) || '/' || CAST(orders AS VARCHAR) || '/' || COALESCE(CAST(otif_target AS VARCHAR), '') FROM mart.kpi_by_city WHERE city = $1", city)
						f, _ := strconv.ParseFloat(a[fmt.Sprintf("rows.%d.otif_pct", i)], 64)
						tg, _ := strconv.ParseFloat(a[fmt.Sprintf("rows.%d.otif_target", i)], 64)
						got := fmt.Sprintf("%.2f/%s/%.2f", f, a[fmt.Sprintf("rows.%d.orders", i)], tg)
						if got != want {
							return fmt.Errorf("city %q: data source %s, view %s", city, got, want)
						}
						if a[fmt.Sprintf("rows.%d.customer_id", i)] != "" || a[fmt.Sprintf("rows.%d.period_start", i)] != "" {
							return fmt.Errorf("city %q: attributes the view lacks are not null", city)
						}
					}
					below := e.Count(t, "SELECT count(*) FROM mart.kpi_by_city WHERE otif_pct < otif_target")
					out := s.RootModule().Outputs["below"]
					if out == nil {
						return fmt.Errorf("output below missing")
					}
					if l, ok := out.Value.([]any); !ok || int64(len(l)) != below {
						return fmt.Errorf("output below = %v, want %d cities", out.Value, below)
					}
					return nil
				},
			},
		},
	})
}
