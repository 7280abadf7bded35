"""Glue Spark (glueetl) job: the cleaning rules of cleaning.py, applied per partition.

For the scale a real lake grows to. Glue runs it with

    --JOB_NAME NAME --source-path s3://RAW/PREFIX --destination-path s3://OUT/PREFIX
    [--run-date YYYY-MM-DD] --extra-py-files s3://CODE/.../cleaning.py

and it writes the same objects as pythonshell_job.py, under the same keys:

    DEST/<table>/run_date=<date>/       CSV parts with a header line, NULL as an empty field, gzip
                                        (Spark's writer, mode overwrite: a re-run replaces the day)
    DEST/_data_quality/run_date=<date>/report.json     the data-quality report

How the rules are split: every rule that looks at one row runs on the executors, per partition
(cleaning.parse_partition, via mapPartitions); the rules that need other rows run as Spark
operations in the order the Go reference applies them: known customer/product (the cleaned
dimensions are small and broadcast), known order (a join), then deduplication (a group by key that
keeps the first row in file order, cleaning.dedup_group). The report is counted per partition
(cleaning.count_outcomes) and merged on the driver.

What differs from the pythonshell job, which reads each file whole: files are read line by line
(Hadoop's reader), so a quoted field spanning lines is not joined and a lone carriage return ends
a line. The sample has neither.

This job cannot run here (no Spark): tests/test_glueetl_job.py compiles it and runs it against
fake awsglue and pyspark modules that record its arguments, paths and calls (executing the
pipeline on plain Python lists), and requires the pythonshell job's rows and counts.
"""

import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cleaning  # noqa: E402

REPORT_PREFIX = "_data_quality"


def resolve_args(argv):
    """The job's arguments through Glue's getResolvedOptions (argparse: "--source-path" comes
    back as "source_path"). --run-date is optional (getResolvedOptions knows only required
    options), default today in UTC."""
    from awsglue.utils import getResolvedOptions

    names = ["JOB_NAME", "source-path", "destination-path"]
    if "--run-date" in argv:
        names.append("run-date")
    args = getResolvedOptions(argv, names)
    run_date = args.get("run_date") or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    datetime.datetime.strptime(run_date, "%Y-%m-%d")
    for k in ("source_path", "destination_path"):
        if not args[k].startswith("s3://"):
            raise ValueError("--%s %r is not an s3:// URL" % (k.replace("_", "-"), args[k]))
    return args["JOB_NAME"], args["source_path"].rstrip("/"), args["destination_path"].rstrip("/"), run_date, args


class FileStage(object):
    """One raw file: its per-row outcomes, and the outcomes of the cross-row rules added to it."""

    def __init__(self, sc, path, name, row_fn):
        self.name = name
        lines = sc.textFile(path).zipWithIndex()
        header_line, header_index = lines.filter(lambda li: li[0] not in ("", "\r")).first()
        n = len(cleaning.first_record(header_line))
        self.parsed = lines.mapPartitions(
            lambda it: cleaning.parse_partition(n, row_fn, it, header_index)).cache()
        self.outcomes = [self.parsed.filter(lambda o: o[0] != "row")]

    def rows(self):
        """(index, row, repairs, key, whole) of the rows the per-row rules kept."""
        return self.parsed.filter(lambda o: o[0] == "row").map(lambda o: o[1:])

    def dropped(self, rdd_of_rules):
        self.outcomes.append(rdd_of_rules.map(lambda rule: ("drop", rule)))

    def dedup(self, rows):
        """rows: (index, row, repairs, key, whole). Returns the kept (index, row, repairs)."""
        out = rows.map(lambda r: (r[3], (r[0], r[1], r[2], r[4]))).groupByKey().flatMap(cleaning.dedup_group).cache()
        self.outcomes.append(out)
        return out.filter(lambda o: o[0] == "keep").map(lambda o: o[1:])

    def report(self, sc, notice=None):
        name = self.name
        parts = sc.union(self.outcomes).mapPartitions(lambda it: cleaning.count_outcomes(name, it, notice)).collect()
        fr = cleaning.FileReport(name)
        for p in parts:
            fr.merge(p)
        return fr


def known(rows, ids, column, rule, stage):
    """Keeps the rows whose row[column] is in the broadcast set ids; the others are dropped."""
    tagged = rows.map(lambda r: (r[1][column] in ids.value, r)).cache()
    stage.dropped(tagged.filter(lambda t: not t[0]).map(lambda t: rule))
    return tagged.filter(lambda t: t[0]).map(lambda t: t[1])


def clean(sc, source):
    """The cleaning run. Returns ({table: RDD of (index, row)}, [FileReport])."""
    def stage(name, fn):
        return FileStage(sc, source + "/" + name, name, fn)

    reports = []
    tables = {}

    customers = stage("customers.csv", cleaning.clean_customer_row)
    kept_customers = customers.dedup(customers.rows()).cache()
    customer_ids = sc.broadcast(set(kept_customers.map(lambda k: k[1][0]).collect()))
    tables["dim_customers"] = kept_customers
    reports.append(customers.report(sc))

    targets = stage("customer_targets.csv", cleaning.clean_target_row)
    rows = known(targets.rows(), customer_ids, 0, cleaning.RULE_UNKNOWN_CUST, targets)
    tables["dim_customer_targets"] = targets.dedup(rows)
    reports.append(targets.report(sc))

    products = stage("products.csv", cleaning.clean_product_row)
    kept_products = products.dedup(products.rows()).cache()
    product_ids = sc.broadcast(set(kept_products.map(lambda k: k[1][0]).collect()))
    tables["dim_products"] = kept_products
    reports.append(products.report(sc))

    orders = stage("orders.csv", cleaning.clean_order_row)
    rows = known(orders.rows(), customer_ids, 1, cleaning.RULE_UNKNOWN_CUST, orders)
    kept_orders = orders.dedup(rows).map(lambda k: (k[1][0], (k[0], k[1]))).cache()  # oid: (index, row)
    reports.append(orders.report(sc))

    # Fulfilment: the order must be known (a join), then one row per order; its flags go on the order.
    ful = stage("order_fulfillment.csv", cleaning.clean_fulfillment_row)
    joined = ful.rows().map(lambda r: (r[1][0], r)).leftOuterJoin(kept_orders).cache()
    ful.dropped(joined.filter(lambda kv: kv[1][1] is None).map(lambda kv: cleaning.RULE_UNKNOWN_ORDER))
    kept_ful = ful.dedup(joined.filter(lambda kv: kv[1][1] is not None).map(lambda kv: kv[1][0]))
    flags = kept_ful.map(lambda k: (k[1][0], k[1][1:4]))
    tables["fact_orders"] = kept_orders.leftOuterJoin(flags).map(
        lambda kv: (kv[1][0][0], tuple(kv[1][0][1]) + tuple(kv[1][1] or (None, None, None)), None))
    reports.append(ful.report(sc, cleaning.fulfillment_notice))

    # Lines: known order (a join; the order gives the line its customer and placement date), known
    # product (broadcast), then one row per (order, product).
    lines = stage("order_lines.csv", cleaning.clean_line_row)
    joined = lines.rows().map(lambda r: (r[1][0], r)).leftOuterJoin(kept_orders).cache()
    lines.dropped(joined.filter(lambda kv: kv[1][1] is None).map(lambda kv: cleaning.RULE_UNKNOWN_ORDER))
    with_order = joined.filter(lambda kv: kv[1][1] is not None).map(
        lambda kv: (kv[1][0][0], line_row(kv[1][0][1], kv[1][1][1])) + tuple(kv[1][0][2:]))
    rows = known(with_order, product_ids, 1, cleaning.RULE_UNKNOWN_PRODUCT, lines)
    tables["fact_order_lines"] = lines.dedup(rows)
    reports.append(lines.report(sc))
    return {t: rdd.map(lambda k: (k[0], k[1])) for t, rdd in tables.items()}, reports


def line_row(line, order):
    """fact_order_lines' row: the line with its order's customer and placement date."""
    oid, pid, oq, agreed, actual, dq = line
    return (oid, pid, order[1], order[2], oq, agreed, actual, dq)


def write_tables(spark, tables, destination, run_date):
    """Each table as CSV parts (header, gzip) under DEST/<table>/run_date=<date>/, in file order,
    replacing that day."""
    from pyspark.sql.types import StringType, StructField, StructType

    written = {}
    for table, cols in cleaning.TABLES:
        schema = StructType([StructField(c, StringType(), True) for c in cols])
        rows = tables[table].sortBy(lambda kv: kv[0]).map(
            lambda kv: [None if v is None else cleaning.format_value(v) for v in kv[1]])
        path = "%s/%s/run_date=%s/" % (destination, table, run_date)
        (spark.createDataFrame(rows, schema).write.mode("overwrite")
         .option("header", "true").option("compression", "gzip").option("nullValue", "")
         .option("emptyValue", "").csv(path))
        written[table] = path
    return written


def write_report(reports, destination, source, run_date):
    """The data-quality report, at the key the pythonshell job uses (boto3, on the driver)."""
    import boto3

    bucket, _, prefix = destination[len("s3://"):].partition("/")
    key = "/".join([p for p in (prefix, REPORT_PREFIX, "run_date=" + run_date, "report.json") if p])
    body = cleaning.report_json(reports, {"run_date": run_date, "source": source, "destination": destination})
    boto3.client("s3").put_object(Bucket=bucket, Key=key, Body=body, ContentType="application/json")
    return "s3://%s/%s" % (bucket, key)


def main(argv):
    from awsglue.context import GlueContext
    from awsglue.job import Job
    from pyspark.context import SparkContext

    job_name, source, destination, run_date, args = resolve_args(argv)
    sc = SparkContext.getOrCreate()
    # No _SUCCESS marker beside the parts: Redshift's COPY loads every object under a prefix.
    sc._jsc.hadoopConfiguration().set("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
    glue = GlueContext(sc)
    job = Job(glue)
    job.init(job_name, args)
    tables, reports = clean(sc, source)
    write_tables(glue.spark_session, tables, destination, run_date)
    print(cleaning.report_text(reports))
    print(json.dumps({"report": write_report(reports, destination, source, run_date)}))
    job.commit()


if __name__ == "__main__":
    main(sys.argv)
