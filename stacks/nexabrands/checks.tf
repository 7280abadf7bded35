# Checks: every plan (the pull request's, the scheduled drift run's) reads the KPI views and warns
# when a customer's or a city's OTIF is under its target. A failed check is a warning: it never
# blocks an apply, it shows the breach where the team already looks.
#
# The scorecard reads are top-level data sources, not data blocks nested in the checks: Terraform
# (1.5 to today) and OpenTofu plan a nested data source as a read on every plan
# (read_because_check_nested), so a plan with nothing to do would still hold changes and
# `terraform plan -detailed-exitcode` would return 2. A top-level data source is read while
# planning and is no change: with nothing to do, the plan is empty (exit 0). What a nested block
# would add, a failed read turned into a failed check instead of an error, is not needed here: the
# same provider refreshes the warehouse's tables in the same plan, so a warehouse that cannot be
# read fails the plan either way.
#
# Before the first apply the views do not exist yet: the reads depend on the views, so they are
# deferred to apply and the checks are judged then. A view with no rows (nothing loaded yet)
# passes.

data "supplychain_kpi_scorecard" "customer_otif" {
  schema = supplychain_kpi_view.by_customer.schema
  view   = supplychain_kpi_view.by_customer.name
}

data "supplychain_kpi_scorecard" "city_otif" {
  schema = supplychain_kpi_view.by_city.schema
  view   = supplychain_kpi_view.by_city.name
}

check "customer_otif_target" {
  assert {
    condition = alltrue([
      for r in data.supplychain_kpi_scorecard.customer_otif.rows : !try(r.otif_pct < r.otif_target, false)
    ])
    error_message = "OTIF under target for ${length([for r in data.supplychain_kpi_scorecard.customer_otif.rows : r if try(r.otif_pct < r.otif_target, false)])} customers: ${join("; ", [for r in data.supplychain_kpi_scorecard.customer_otif.rows : "${coalesce(r.customer_name, "customer ${r.customer_id}")} ${r.otif_pct} % < ${r.otif_target} %" if try(r.otif_pct < r.otif_target, false)])}."
  }
}

check "city_otif_target" {
  assert {
    condition = alltrue([
      for r in data.supplychain_kpi_scorecard.city_otif.rows : !try(r.otif_pct < r.otif_target, false)
    ])
    error_message = "OTIF under target in ${length([for r in data.supplychain_kpi_scorecard.city_otif.rows : r if try(r.otif_pct < r.otif_target, false)])} cities: ${join("; ", [for r in data.supplychain_kpi_scorecard.city_otif.rows : "${coalesce(r.city, "(no city)")} ${r.otif_pct} % < ${r.otif_target} %" if try(r.otif_pct < r.otif_target, false)])}."
  }
}
