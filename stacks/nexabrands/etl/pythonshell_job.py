"""Glue Python shell job: cleans the raw sample files into the transformed bucket.

For data the size of the sample (everything is held in memory). Glue runs it as

    python3 pythonshell_job.py --source-path s3://RAW/PREFIX --destination-path s3://OUT/PREFIX \\
        [--run-date YYYY-MM-DD] [other Glue arguments, ignored]

It reads the six raw files (cleaning.FILES) under the source prefix, applies the cleaning rules of
cleaning.py (shipped beside it, or with --extra-py-files), and writes, for the run date (default:
today, UTC):

    DEST/<table>/run_date=<date>/part-00000.csv.gz    one per table (cleaning.TABLES): CSV with a
                                                      header line, NULL as an empty field, gzip
    DEST/_data_quality/run_date=<date>/report.json    the data-quality report: per file, rows
                                                      read/kept/repaired/dropped and per-rule counts

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


def parse_args(argv):
    """Glue passes job arguments as `--name value`; unknown names are Glue's own and ignored."""
    args = {}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith("--") and len(a) > 2:
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
    for need in ("source-path", "destination-path"):
        if not args.get(need):
            raise UsageError("missing --%s s3://bucket/prefix" % need)
    run_date = args.get("run-date") or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    try:
        datetime.datetime.strptime(run_date, "%Y-%m-%d")
    except ValueError:
        raise UsageError("--run-date %r is not YYYY-MM-DD" % run_date)
    return {"source": split_s3(args["source-path"], "--source-path"),
            "destination": split_s3(args["destination-path"], "--destination-path"),
            "run_date": run_date}


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


def report_key(dest_prefix, run_date):
    return join(dest_prefix, REPORT_PREFIX, "run_date=" + run_date, "report.json")


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


def read_raw(s3, bucket, prefix):
    files = {}
    for name in cleaning.FILES:
        key = join(prefix, name)
        try:
            files[name] = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        except Exception as e:  # botocore's errors have no common importable base worth naming
            raise RuntimeError("reading raw file s3://%s/%s: %s" % (bucket, key, e))
    return files


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
