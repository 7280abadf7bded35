"""Glue Python shell job: the warehouse load, the last step of the DAG (etl/steps.json).

Loads one run date of the transformed bucket into Redshift. Glue runs it as

    python3 warehouse_load_job.py --source-path s3://TRANSFORMED/PREFIX --schema SCHEMA \\
        --copy-role-arn ARN --cluster-id CLUSTER --database DB --db-user USER \\
        [--run-date YYYY-MM-DD] [--skip TABLE,...] [--print-sql] [other Glue arguments, ignored]

The SQL is the load tools/sampledata/lakeload generates (RedshiftSQL; a Go test requires this
script's statements to be those, byte for byte): per table a staging table, COPY of the run's
objects (DEST/<table>/run_date=<date>/, CSV with a header, gzip) with the IAM role the cluster
assumes, a merge on the primary key; then dim_dates completed for the facts' dates. They run
through the Redshift Data API as one batch, which Redshift runs as one transaction (so the
BEGIN and COMMIT of the generated load are left out of it): a re-run of a day replaces that day's
rows, never duplicates them. --skip leaves tables alone (the stack passes dim_customer_targets,
whose rows supplychain_kpi_targets owns). --print-sql prints the statements and connects to
nothing.

Locally (`make demo`) this step is `sampledata load-lake`: the same statements on PostgreSQL,
with the COPY fed from the S3 stand-in. The Data API is not served here: the calls this script
makes are tested against a fake (tests/test_warehouse_load_job.py).

Exit status: 0 done, 2 bad arguments, 1 anything else.
"""

import datetime
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cleaning  # noqa: E402
from pythonshell_job import UsageError, glue_args, join, split_s3  # noqa: E402

# The star schema's primary keys (tools/sampledata/dataset StarSchema), in cleaning.TABLES order.
PRIMARY_KEYS = {
    "dim_customers": ["customer_id"],
    "dim_customer_targets": ["customer_id"],
    "dim_products": ["product_id"],
    "fact_orders": ["order_id"],
    "fact_order_lines": ["order_id", "product_id"],
}

BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\Z")
ROLE = re.compile(r"arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}\Z")
REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]\Z")
PREFIX = re.compile(r"[A-Za-z0-9!_.*()/=-]*\Z")


def parse_args(argv, environ=os.environ):
    args, flags = glue_args(argv, switches=("print-sql",))
    need = ["source-path", "schema", "copy-role-arn"]
    if "print-sql" not in flags:
        need += ["cluster-id", "database", "db-user"]
    for n in need:
        if not args.get(n):
            raise UsageError("missing --%s" % n)
    bucket, prefix = split_s3(args["source-path"], "--source-path")
    if not BUCKET.match(bucket):
        raise UsageError("--source-path: %r is not an S3 bucket name" % bucket)
    if not PREFIX.match(prefix) or "//" in prefix:
        raise UsageError("--source-path: key prefix %r has characters outside [A-Za-z0-9!_.*()/=-]" % prefix)
    if not ROLE.match(args["copy-role-arn"]):
        raise UsageError("--copy-role-arn %r is not an IAM role ARN" % args["copy-role-arn"])
    region = args.get("region") or environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION") or ""
    if not REGION.match(region):
        raise UsageError("region %r (--region or AWS_REGION) is not an AWS region" % region)
    run_date = args.get("run-date") or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    try:
        datetime.datetime.strptime(run_date, "%Y-%m-%d")
    except ValueError:
        raise UsageError("--run-date %r is not YYYY-MM-DD" % run_date)
    skip = [s for s in (args.get("skip") or "").split(",") if s]
    for s in skip:
        if s not in PRIMARY_KEYS:
            raise UsageError("--skip %s: not one of %s" % (s, ", ".join(PRIMARY_KEYS)))
    return {"bucket": bucket, "prefix": prefix, "schema": args["schema"], "role": args["copy-role-arn"],
            "region": region, "run_date": run_date, "skip": skip, "print_sql": "print-sql" in flags,
            "cluster_id": args.get("cluster-id"), "database": args.get("database"), "db_user": args.get("db-user")}


def ident(*parts):
    """pgx.Identifier.Sanitize: each part double-quoted, quotes doubled, NUL bytes dropped."""
    return ".".join('"' + p.replace('"', '""').replace("\x00", "") + '"' for p in parts)


def literal(s):
    return "'" + s.replace("'", "''") + "'"


DIGITS = ("(SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 "
          "UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)")


def dates_sql(schema):
    """lakeload.DatesSQL: the days between the facts' earliest and latest dates dim_dates lacks."""
    o, l, d = ident(schema, "fact_orders"), ident(schema, "fact_order_lines"), ident(schema, "dim_dates")
    weights = ["1", "10", "100", "1000", "10000"]
    number = " + ".join("%s * d%d.i" % (w, i) for i, w in enumerate(weights))
    digits = ",\n\t\t".join("%s AS d%d" % (DIGITS, i) for i in range(len(weights)))
    return ('INSERT INTO ' + d + ' ("date", "month", "week", "quarter", "year")\n'
            "SELECT days.d, CAST(DATE_TRUNC('month', days.d) AS DATE), CAST(DATE_TRUNC('week', days.d) AS DATE), "
            "CAST(DATE_TRUNC('quarter', days.d) AS DATE), CAST(EXTRACT(YEAR FROM days.d) AS INTEGER)\n"
            "FROM (SELECT span.lo + n.n AS d\n"
            "\tFROM (SELECT MIN(x) AS lo, MAX(x) AS hi FROM (\n"
            "\t\tSELECT order_placement_date AS x FROM " + o + "\n"
            "\t\tUNION ALL SELECT agreed_delivery_date FROM " + l + "\n"
            "\t\tUNION ALL SELECT actual_delivery_date FROM " + l + ") AS dates) AS span,\n"
            "\t(SELECT " + number + " AS n FROM\n"
            "\t\t" + digits + ") AS n\n"
            "\tWHERE span.lo IS NOT NULL AND n.n <= span.hi - span.lo) AS days\n"
            "LEFT JOIN " + d + ' AS have ON have."date" = days.d\n'
            'WHERE have."date" IS NULL')


def load_sql(opts):
    """The load's statements, in order, BEGIN to COMMIT (lakeload.RedshiftSQL)."""
    schema = opts["schema"]
    out = ["BEGIN"]
    for table, cols in cleaning.TABLES:
        if table in opts["skip"]:
            continue
        target, stage = ident(schema, table), ident("stage_" + table)
        col_list = ", ".join(ident(c) for c in cols)
        url = "s3://%s/%s" % (opts["bucket"], join(opts["prefix"], table, "run_date=" + opts["run_date"]) + "/")
        on = " AND ".join("%s.%s = %s.%s" % (target, ident(k), stage, ident(k)) for k in PRIMARY_KEYS[table])
        out += ["CREATE TEMP TABLE %s (LIKE %s)" % (stage, target),
                "COPY %s (%s) FROM %s IAM_ROLE %s CSV GZIP IGNOREHEADER 1 EMPTYASNULL DATEFORMAT 'YYYY-MM-DD' REGION %s"
                % (stage, col_list, literal(url), literal(opts["role"]), literal(opts["region"])),
                "DELETE FROM %s USING %s WHERE %s" % (target, stage, on),
                "INSERT INTO %s (%s) SELECT %s FROM %s" % (target, col_list, col_list, stage),
                "DROP TABLE %s" % stage]
    return out + [dates_sql(schema), "COMMIT"]


def run(opts, client, out=sys.stdout, poll=2.0, timeout=1800.0):
    """Runs the load through the Redshift Data API and waits for it; prints the rows each COPY
    loaded. Raises RuntimeError when the batch fails or does not finish within timeout seconds."""
    start = time.time()
    stmts = load_sql(opts)[1:-1]  # one batch is one transaction
    try:
        resp = client.batch_execute_statement(ClusterIdentifier=opts["cluster_id"], Database=opts["database"],
                                              DbUser=opts["db_user"], Sqls=stmts,
                                              StatementName="warehouse-load-" + opts["run_date"])
    except Exception as e:  # botocore's errors have no common importable base worth naming
        raise RuntimeError("starting the load on cluster %s: %s" % (opts["cluster_id"], e))
    sid = resp["Id"]
    while True:
        try:
            desc = client.describe_statement(Id=sid)
        except Exception as e:
            raise RuntimeError("reading the state of load %s: %s" % (sid, e))
        status = desc.get("Status")
        if status == "FINISHED":
            break
        if status in ("FAILED", "ABORTED"):
            raise RuntimeError("load %s %s: %s" % (sid, status.lower(), desc.get("Error", "no error given")))
        if time.time() - start > timeout:
            raise RuntimeError("load %s still %s after %ds" % (sid, status, timeout))
        time.sleep(poll)
    subs = desc.get("SubStatements") or []
    out.write("loaded run %s from s3://%s/%s into %s (statement %s):\n"
              % (opts["run_date"], opts["bucket"], opts["prefix"], opts["schema"], sid))
    for i, sql in enumerate(stmts):
        if sql.startswith("COPY ") and i < len(subs):
            table = sql.split(" ", 2)[1].strip('"')[len("stage_"):]
            out.write("  %-22s %6d rows\n" % (table, subs[i].get("ResultRows", 0)))
        elif sql.startswith("INSERT INTO " + ident(opts["schema"], "dim_dates")) and i < len(subs):
            out.write("  %-22s %6d days added\n" % ("dim_dates", subs[i].get("ResultRows", 0)))
    out.write("done in %.2fs\n" % (time.time() - start))


def main(argv):
    try:
        opts = parse_args(argv)
    except UsageError as e:
        sys.stderr.write("warehouse_load_job: %s\n" % e)
        return 2
    if opts["print_sql"]:
        sys.stdout.write(";\n".join(load_sql(opts)) + ";\n")
        return 0
    try:
        import boto3

        run(opts, boto3.client("redshift-data", region_name=opts["region"]))
    except RuntimeError as e:
        sys.stderr.write("warehouse_load_job: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
