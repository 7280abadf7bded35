# <schema>.<table>; double-quote a part holding a dot or a quote: '"my.schema".table'
terraform import supplychain_warehouse_table.fact_order_lines nexabrands.fact_order_lines
