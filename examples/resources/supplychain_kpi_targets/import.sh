terraform import supplychain_kpi_targets.customers nexabrands.dim_customer_targets
# With city targets (needed when city_table is not the default): schema.table.city_table
terraform import supplychain_kpi_targets.customers nexabrands.dim_customer_targets.dim_city_targets
