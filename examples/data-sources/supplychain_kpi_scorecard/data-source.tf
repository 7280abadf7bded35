# The OTIF of every city below its target, read from a KPI view.
data "supplychain_kpi_scorecard" "by_city" {
  schema = "nexabrands"
  view   = "kpi_by_city"
}

output "cities_below_otif_target" {
  value = [
    for r in data.supplychain_kpi_scorecard.by_city.rows : "${r.city}: ${r.otif_pct} < ${r.otif_target}"
    if coalesce(r.otif_pct, 0) < coalesce(r.otif_target, 0)
  ]
}
