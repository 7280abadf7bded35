"""Glue Python shell job: cleans the raw sample files into the transformed bucket.

For data the size of the sample (everything is held in memory). Glue runs it as

    python3 pythonshell_job.py --source-path s3://RAW/PREFIX --destination-path s3://OUT/PREFIX \\
        [--step STEP] [--run-date YYYY-MM-DD] [other Glue arguments, ignored]

Without --step it reads the six raw files (cleaning.FILES) under the source prefix, applies the
cleaning rules of cleaning.py (shipped beside it, or with --extra-py-files), and writes, for the
run date (default: today, UTC):

    DEST/<table>/run_date=<date>/part-00000.csv.gz    one per table (cleaning.TABLES): CSV with a
                                                      header line, NULL as an empty field, gzip
    DEST/_data_quality/run_date=<date>/report.json    the data-quality report: per file, rows
                                                      read/kept/repaired/dropped and per-rule counts

With --step (one of cleaning.STEPS: customers, products, targets, orders, order_lines,
fulfilment) it runs that step of the seed's DAG only: it reads the step's one raw file and, from
the destination, the run date's tables of the earlier steps it refers to (cleaning.step_spec),
and writes the step's table and DEST/_data_quality/run_date=<date>/<step>/report.json. A step
whose earlier steps have not written their tables for the date fails, naming them. The stack's
Glue jobs run one step each, in the order of etl/steps.json; run in that order, the steps write
the same objects as the whole run.

A re-run of a date replaces that date's objects (any other object under a table's run_date=
prefix is deleted), so the load that reads them never sees a day twice. The report is also
printed, as the Go cleaner prints it. Exit status: 0 done, 2 bad arguments, 1 anything else (the
error names the operation and the object).

S3 is reached with boto3's usual credential chain, in AWS_REGION (or AWS_DEFAULT_REGION).
AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL), when set, points it at another endpoint, addressed
path-style (the local S3 stand-in); on Glue neither is set.
"""

import datetime
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cleaning  # noqa: E402

REPORT_PREFIX = "_data_quality"
PART = "part-00000.csv.gz"


class UsageError(Exception):
    pass


def glue_args(argv, switches=()):
    """Glue passes job arguments as `--name value` (or `--name=value`); unknown names are Glue's
    own and ignored. Names in switches take no value. Returns (arguments, switches given)."""
    args, given = {}, set()
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith("--") and a[2:] in switches:
            given.add(a[2:])
        elif a.startswith("--") and len(a) > 2:
            name = a[2:]
            if "=" in name:
                name, value = name.split("=", 1)
            elif i + 1 < len(argv):
                i += 1
                value = argv[i]
            else:
                raise UsageError("argument --%s has no value" % name)
            args[name] = value
        i += 1
    return args, given


def parse_args(argv):
    """The job's arguments: --source-path and --destination-path are required."""
    args, _ = glue_args(argv)
    for need in ("source-path", "destination-path"):
        if not args.get(need):
            raise UsageError("missing --%s s3://bucket/prefix" % need)
    run_date = args.get("run-date") or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    try:
        datetime.datetime.strptime(run_date, "%Y-%m-%d")
    except ValueError:
        raise UsageError("--run-date %r is not YYYY-MM-DD" % run_date)
    step = args.get("step") or None
    if step is not None:
        try:
            cleaning.step_spec(step)
        except KeyError as e:
            raise UsageError("--step: %s" % e.args[0])
    return {"source": split_s3(args["source-path"], "--source-path"),
            "destination": split_s3(args["destination-path"], "--destination-path"),
            "run_date": run_date, "step": step}


def split_s3(url, what):
    """s3://bucket/prefix -> (bucket, prefix without slashes at its ends)."""
    if not url.startswith("s3://"):
        raise UsageError("%s %r is not an s3:// URL" % (what, url))
    bucket, _, prefix = url[len("s3://"):].partition("/")
    if not bucket:
        raise UsageError("%s %r has no bucket" % (what, url))
    return bucket, prefix.strip("/")


def join(prefix, *parts):
    return "/".join([p for p in (prefix,) + parts if p])


def table_prefix(dest_prefix, table, run_date):
    return join(dest_prefix, table, "run_date=" + run_date) + "/"


def report_key(dest_prefix, run_date, step=None):
    return join(dest_prefix, REPORT_PREFIX, "run_date=" + run_date, step or "", "report.json")


def s3_client():
    import boto3
    from botocore.config import Config

    # Older botocore (Debian's) reads neither AWS_ENDPOINT_URL_S3 nor AWS_REGION itself.
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or None
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    if endpoint:
        return boto3.client("s3", region_name=region, endpoint_url=endpoint,
                            config=Config(s3={"addressing_style": "path"}))
    return boto3.client("s3", region_name=region)


def read_raw(s3, bucket, prefix, names=None):
    files = {}
    for name in names or cleaning.FILES:
        key = join(prefix, name)
        try:
            files[name] = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        except Exception as e:  # botocore's errors have no common importable base worth naming
            raise RuntimeError("reading raw file s3://%s/%s: %s" % (bucket, key, e))
    return files


def list_keys(s3, bucket, prefix):
    """The data objects under prefix, sorted (markers such as _SUCCESS left out, as the load does)."""
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for o in page.get("Contents", []):
            base = o["Key"].rsplit("/", 1)[-1]
            if base and not base.startswith(("_", ".")):
                keys.append(o["Key"])
    return sorted(keys)


def read_upstream(s3, bucket, dest_prefix, run_date, step, tables):
    """The run date's rows of the tables an earlier step wrote, read back from the destination."""
    out = {}
    for table in tables:
        prefix = table_prefix(dest_prefix, table, run_date)
        try:
            keys = list_keys(s3, bucket, prefix)
        except Exception as e:
            raise RuntimeError("listing s3://%s/%s: %s" % (bucket, prefix, e))
        if not keys:
            writers = [s[0] for s in cleaning.STEPS if s[2] == table and s[0] != step]
            raise RuntimeError("step %s reads %s, but s3://%s/%s has no objects: run step %s for %s first"
                               % (step, table, bucket, prefix, " or ".join(writers), run_date))
        rows = []
        for k in keys:
            try:
                body = s3.get_object(Bucket=bucket, Key=k)["Body"].read()
            except Exception as e:
                raise RuntimeError("reading s3://%s/%s: %s" % (bucket, k, e))
            try:
                rows.extend(cleaning.read_table(table, body))
            except ValueError as e:
                raise RuntimeError("reading s3://%s/%s: %s" % (bucket, k, e))
        out[table] = rows
    return out


def replace_object(s3, bucket, prefix, key, body, content_type):
    """Writes key, then deletes every other object under prefix (a re-run replaces the day)."""
    try:
        s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type)
    except Exception as e:
        raise RuntimeError("writing s3://%s/%s: %s" % (bucket, key, e))
    stale = []
    try:
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            stale.extend(o["Key"] for o in page.get("Contents", []) if o["Key"] != key)
        for k in stale:
            s3.delete_object(Bucket=bucket, Key=k)
    except Exception as e:
        raise RuntimeError("replacing the objects under s3://%s/%s: %s" % (bucket, prefix, e))


def run(opts, s3, out=sys.stdout):
    if opts.get("step"):
        return run_step(opts, s3, out)
    start = time.time()
    src_bucket, src_prefix = opts["source"]
    dst_bucket, dst_prefix = opts["destination"]
    files = read_raw(s3, src_bucket, src_prefix)
    try:
        tables, report = cleaning.clean_files(files)
    except ValueError as e:
        raise RuntimeError("cleaning s3://%s/%s: %s" % (src_bucket, src_prefix, e))
    written = []
    for table, _ in cleaning.TABLES:
        prefix = table_prefix(dst_prefix, table, opts["run_date"])
        key = prefix + PART
        replace_object(s3, dst_bucket, prefix, key, cleaning.to_csv(table, tables[table]), "application/gzip")
        written.append((table, len(tables[table]), key))
    rkey = report_key(dst_prefix, opts["run_date"])
    run_info = {"run_date": opts["run_date"],
                "source": "s3://%s/%s" % (src_bucket, src_prefix),
                "destination": "s3://%s/%s" % (dst_bucket, dst_prefix)}
    replace_object(s3, dst_bucket, rkey.rsplit("/", 1)[0] + "/", rkey,
                   cleaning.report_json(report, run_info), "application/json")
    out.write(cleaning.report_text(report))
    out.write("\n")
    for table, n, key in written:
        out.write("wrote %-22s %6d rows  s3://%s/%s\n" % (table, n, dst_bucket, key))
    out.write("wrote data-quality report      s3://%s/%s\n" % (dst_bucket, rkey))
    out.write("done in %.2fs\n" % (time.time() - start))


def run_step(opts, s3, out=sys.stdout):
    """One step of the DAG: its raw file and the earlier steps' tables in, its table out."""
    start = time.time()
    step, run_date = opts["step"], opts["run_date"]
    raw, table, needs = cleaning.step_spec(step)
    src_bucket, src_prefix = opts["source"]
    dst_bucket, dst_prefix = opts["destination"]
    data = read_raw(s3, src_bucket, src_prefix, [raw])[raw]
    upstream = read_upstream(s3, dst_bucket, dst_prefix, run_date, step, needs)
    try:
        rows, fr = cleaning.clean_step(step, data, upstream)
    except ValueError as e:
        raise RuntimeError("cleaning s3://%s/%s: %s" % (src_bucket, join(src_prefix, raw), e))
    prefix = table_prefix(dst_prefix, table, run_date)
    key = prefix + PART
    replace_object(s3, dst_bucket, prefix, key, cleaning.to_csv(table, rows), "application/gzip")
    rkey = report_key(dst_prefix, run_date, step)
    run_info = {"run_date": run_date, "step": step,
                "source": "s3://%s/%s" % (src_bucket, src_prefix),
                "destination": "s3://%s/%s" % (dst_bucket, dst_prefix)}
    replace_object(s3, dst_bucket, rkey.rsplit("/", 1)[0] + "/", rkey,
                   cleaning.report_json([fr], run_info), "application/json")
    out.write("step %s: %s read %d kept %d repaired %d dropped %d -> %s %d rows\n"
              % (step, raw, fr.read, fr.kept, fr.repaired, fr.dropped_total(), table, len(rows)))
    out.write(cleaning.report_text([fr]))
    out.write("wrote %-22s %6d rows  s3://%s/%s\n" % (table, len(rows), dst_bucket, key))
    out.write("wrote data-quality report      s3://%s/%s\n" % (dst_bucket, rkey))
    out.write("done in %.2fs\n" % (time.time() - start))


def main(argv):
    try:
        opts = parse_args(argv)
    except UsageError as e:
        sys.stderr.write("pythonshell_job: %s\n" % e)
        return 2
    try:
        run(opts, s3_client())
    except RuntimeError as e:
        sys.stderr.write("pythonshell_job: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
