# Checks: every plan (the pull request's, the scheduled drift run's) reads the KPI views and warns
# when a customer's or a city's OTIF is under its target. A failed check is a warning: it never
# blocks an apply, it shows the breach where the team already looks.
#
# Before the first apply the views do not exist yet: the reads are deferred to apply and the checks
# are judged then. A view with no rows (nothing loaded yet) passes.

check "customer_otif_target" {
  data "supplychain_kpi_scorecard" "customer_otif" {
    schema = supplychain_kpi_view.by_customer.schema
    view   = supplychain_kpi_view.by_customer.name
  }

  assert {
    condition = alltrue([
      for r in data.supplychain_kpi_scorecard.customer_otif.rows : !try(r.otif_pct < r.otif_target, false)
    ])
    error_message = "OTIF under target for ${length([for r in data.supplychain_kpi_scorecard.customer_otif.rows : r if try(r.otif_pct < r.otif_target, false)])} customers: ${join("; ", [for r in data.supplychain_kpi_scorecard.customer_otif.rows : "${coalesce(r.customer_name, "customer ${r.customer_id}")} ${r.otif_pct} % < ${r.otif_target} %" if try(r.otif_pct < r.otif_target, false)])}."
  }
}

check "city_otif_target" {
  data "supplychain_kpi_scorecard" "city_otif" {
    schema = supplychain_kpi_view.by_city.schema
    view   = supplychain_kpi_view.by_city.name
  }

  assert {
    condition = alltrue([
      for r in data.supplychain_kpi_scorecard.city_otif.rows : !try(r.otif_pct < r.otif_target, false)
    ])
    error_message = "OTIF under target in ${length([for r in data.supplychain_kpi_scorecard.city_otif.rows : r if try(r.otif_pct < r.otif_target, false)])} cities: ${join("; ", [for r in data.supplychain_kpi_scorecard.city_otif.rows : "${coalesce(r.city, "(no city)")} ${r.otif_pct} % < ${r.otif_target} %" if try(r.otif_pct < r.otif_target, false)])}."
  }
}
