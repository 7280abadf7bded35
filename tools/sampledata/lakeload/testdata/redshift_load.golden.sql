BEGIN;
CREATE TEMP TABLE "stage_dim_customers" (LIKE "nexabrands"."dim_customers");
COPY "stage_dim_customers" ("customer_id", "customer_name", "city") FROM 's3://nexabrands-prod-transformed/clean/dim_customers/run_date=2026-12-01/' IAM_ROLE 'arn:aws:iam::123456789012:role/nexabrands-redshift-copy' CSV GZIP IGNOREHEADER 1 EMPTYASNULL DATEFORMAT 'YYYY-MM-DD' REGION 'af-south-1';
DELETE FROM "nexabrands"."dim_customers" USING "stage_dim_customers" WHERE "nexabrands"."dim_customers"."customer_id" = "stage_dim_customers"."customer_id";
INSERT INTO "nexabrands"."dim_customers" ("customer_id", "customer_name", "city") SELECT "customer_id", "customer_name", "city" FROM "stage_dim_customers";
DROP TABLE "stage_dim_customers";
CREATE TEMP TABLE "stage_dim_customer_targets" (LIKE "nexabrands"."dim_customer_targets");
COPY "stage_dim_customer_targets" ("customer_id", "ontime_target", "infull_target", "otif_target") FROM 's3://nexabrands-prod-transformed/clean/dim_customer_targets/run_date=2026-12-01/' IAM_ROLE 'arn:aws:iam::123456789012:role/nexabrands-redshift-copy' CSV GZIP IGNOREHEADER 1 EMPTYASNULL DATEFORMAT 'YYYY-MM-DD' REGION 'af-south-1';
DELETE FROM "nexabrands"."dim_customer_targets" USING "stage_dim_customer_targets" WHERE "nexabrands"."dim_customer_targets"."customer_id" = "stage_dim_customer_targets"."customer_id";
INSERT INTO "nexabrands"."dim_customer_targets" ("customer_id", "ontime_target", "infull_target", "otif_target") SELECT "customer_id", "ontime_target", "infull_target", "otif_target" FROM "stage_dim_customer_targets";
DROP TABLE "stage_dim_customer_targets";
CREATE TEMP TABLE "stage_dim_products" (LIKE "nexabrands"."dim_products");
COPY "stage_dim_products" ("product_id", "product_name", "category") FROM 's3://nexabrands-prod-transformed/clean/dim_products/run_date=2026-12-01/' IAM_ROLE 'arn:aws:iam::123456789012:role/nexabrands-redshift-copy' CSV GZIP IGNOREHEADER 1 EMPTYASNULL DATEFORMAT 'YYYY-MM-DD' REGION 'af-south-1';
DELETE FROM "nexabrands"."dim_products" USING "stage_dim_products" WHERE "nexabrands"."dim_products"."product_id" = "stage_dim_products"."product_id";
INSERT INTO "nexabrands"."dim_products" ("product_id", "product_name", "category") SELECT "product_id", "product_name", "category" FROM "stage_dim_products";
DROP TABLE "stage_dim_products";
CREATE TEMP TABLE "stage_fact_orders" (LIKE "nexabrands"."fact_orders");
COPY "stage_fact_orders" ("order_id", "customer_id", "order_placement_date", "on_time", "in_full", "otif") FROM 's3://nexabrands-prod-transformed/clean/fact_orders/run_date=2026-12-01/' IAM_ROLE 'arn:aws:iam::123456789012:role/nexabrands-redshift-copy' CSV GZIP IGNOREHEADER 1 EMPTYASNULL DATEFORMAT 'YYYY-MM-DD' REGION 'af-south-1';
DELETE FROM "nexabrands"."fact_orders" USING "stage_fact_orders" WHERE "nexabrands"."fact_orders"."order_id" = "stage_fact_orders"."order_id";
INSERT INTO "nexabrands"."fact_orders" ("order_id", "customer_id", "order_placement_date", "on_time", "in_full", "otif") SELECT "order_id", "customer_id", "order_placement_date", "on_time", "in_full", "otif" FROM "stage_fact_orders";
DROP TABLE "stage_fact_orders";
CREATE TEMP TABLE "stage_fact_order_lines" (LIKE "nexabrands"."fact_order_lines");
COPY "stage_fact_order_lines" ("order_id", "product_id", "customer_id", "order_placement_date", "order_qty", "agreed_delivery_date", "actual_delivery_date", "delivery_qty") FROM 's3://nexabrands-prod-transformed/clean/fact_order_lines/run_date=2026-12-01/' IAM_ROLE 'arn:aws:iam::123456789012:role/nexabrands-redshift-copy' CSV GZIP IGNOREHEADER 1 EMPTYASNULL DATEFORMAT 'YYYY-MM-DD' REGION 'af-south-1';
DELETE FROM "nexabrands"."fact_order_lines" USING "stage_fact_order_lines" WHERE "nexabrands"."fact_order_lines"."order_id" = "stage_fact_order_lines"."order_id" AND "nexabrands"."fact_order_lines"."product_id" = "stage_fact_order_lines"."product_id";
INSERT INTO "nexabrands"."fact_order_lines" ("order_id", "product_id", "customer_id", "order_placement_date", "order_qty", "agreed_delivery_date", "actual_delivery_date", "delivery_qty") SELECT "order_id", "product_id", "customer_id", "order_placement_date", "order_qty", "agreed_delivery_date", "actual_delivery_date", "delivery_qty" FROM "stage_fact_order_lines";
DROP TABLE "stage_fact_order_lines";
INSERT INTO "nexabrands"."dim_dates" ("date", "month", "week", "quarter", "year")
SELECT days.d, CAST(DATE_TRUNC('month', days.d) AS DATE), CAST(DATE_TRUNC('week', days.d) AS DATE), CAST(DATE_TRUNC('quarter', days.d) AS DATE), CAST(EXTRACT(YEAR FROM days.d) AS INTEGER)
FROM (SELECT span.lo + n.n AS d
	FROM (SELECT MIN(x) AS lo, MAX(x) AS hi FROM (
		SELECT order_placement_date AS x FROM "nexabrands"."fact_orders"
		UNION ALL SELECT agreed_delivery_date FROM "nexabrands"."fact_order_lines"
		UNION ALL SELECT actual_delivery_date FROM "nexabrands"."fact_order_lines") AS dates) AS span,
	(SELECT 1 * d0.i + 10 * d1.i + 100 * d2.i + 1000 * d3.i + 10000 * d4.i AS n FROM
		(SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) AS d0,
		(SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) AS d1,
		(SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) AS d2,
		(SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) AS d3,
		(SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) AS d4) AS n
	WHERE span.lo IS NOT NULL AND n.n <= span.hi - span.lo) AS days
LEFT JOIN "nexabrands"."dim_dates" AS have ON have."date" = days.d
WHERE have."date" IS NULL;
COMMIT;
