# By name prefix: imports <prefix>-raw, <prefix>-code and <prefix>-transformed.
terraform import supplychain_data_lake.main nexabrand-prod

# By the three bucket names, in the order raw,code,transformed.
terraform import supplychain_data_lake.main landing-zone,etl-scripts,curated-data
