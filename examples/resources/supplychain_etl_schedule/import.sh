# By schedule name: the triggers nexabrand-prod-daily-stage-1, -stage-2, … are read up to the
# first that does not exist, and become the stages in order.
terraform import supplychain_etl_schedule.daily nexabrand-prod-daily
