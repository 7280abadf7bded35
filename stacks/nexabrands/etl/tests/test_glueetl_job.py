"""The glueetl job's contract, without Spark: glueetl_job.py is compiled, then run against the fake
awsglue, pyspark and boto3 modules in fakes/ (put first on sys.path here, and only here). The fakes
record the arguments it resolves, the paths it reads and writes and its calls, and execute its RDD
pipeline on Python lists split into partitions; the rows and counts it writes must be those of
cleaning.clean_files (the pythonshell job's path, itself checked against the Go cleaner)."""
import contextlib
import importlib
import io
import json
import os
import py_compile
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ETL = os.path.dirname(HERE)
RAW = os.path.join(ETL, "..", "sample-data", "raw")
EDGE = os.path.join(ETL, "testdata", "edge")


def load_job():
    sys.path.insert(0, os.path.join(HERE, "fakes"))
    sys.path.insert(1, ETL)
    for m in list(sys.modules):
        if m.split(".")[0] in ("awsglue", "pyspark", "boto3", "glueetl_job"):
            del sys.modules[m]
    return importlib.import_module("glueetl_job")


def unload():
    sys.path.remove(os.path.join(HERE, "fakes"))
    for m in list(sys.modules):
        if m.split(".")[0] in ("awsglue", "pyspark", "boto3", "glueetl_job"):
            del sys.modules[m]


class GlueETLJobTest(unittest.TestCase):
    def setUp(self):
        self.job = load_job()
        import cleaning
        self.cleaning = cleaning
        from pyspark import context
        from pyspark import sql
        from awsglue import job, utils
        import boto3
        self.ctx, self.sql, self.jobmod, self.utils, self.boto3 = context, sql, job, utils, boto3
        self.use(RAW)

    def use(self, raw_dir):
        """Serves raw_dir's files as s3://raw-bucket/sample/NAME. Spark's textFile reads UTF-8 and
        replaces bytes that are not, so the expected rows come from the same replaced text."""
        self.raw = {}
        self.ctx.FILES.clear()
        for name in self.cleaning.FILES:
            with open(os.path.join(raw_dir, name), "rb") as f:
                data = f.read()
            self.ctx.FILES["s3://raw-bucket/sample/" + name] = data
            self.raw[name] = data.decode("utf-8", "replace").encode("utf-8")

    def tearDown(self):
        unload()

    def test_compiles(self):
        with tempfile.TemporaryDirectory() as d:
            py_compile.compile(os.path.join(ETL, "glueetl_job.py"), cfile=os.path.join(d, "x.pyc"), doraise=True)

    def test_contract_and_rows(self):
        self.run_and_check()

    def test_edge_cases(self):
        """testdata/edge: duplicates, conflicting keys and every drop rule (the sample has no
        duplicate, so only this shows that the group by key keeps the first row in file order)."""
        self.use(EDGE)
        self.run_and_check()

    def run_and_check(self):
        argv = ["glueetl_job.py", "--JOB_NAME", "nexabrands-clean", "--source-path", "s3://raw-bucket/sample/",
                "--destination-path", "s3://out-bucket/clean", "--run-date", "2026-12-01",
                "--job-bookmark-option", "job-bookmark-disable", "--TempDir", "s3://tmp/x"]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.job.main(argv)
        self.assertIn("Data-quality report", out.getvalue())

        # Arguments: through getResolvedOptions, with the names Glue passes.
        self.assertEqual(self.utils.CALLS, [(argv, ["JOB_NAME", "source-path", "destination-path", "run-date"])])
        self.assertEqual(self.jobmod.CALLS[0][:2], ("init", "nexabrands-clean"))
        self.assertEqual(self.jobmod.CALLS[-1], ("commit",))

        # Reads: each raw file under --source-path, line by line; per-row rules per partition.
        reads = [c[1] for c in self.ctx.CALLS if c[0] == "textFile"]
        self.assertEqual(reads, ["s3://raw-bucket/sample/" + n for n in self.cleaning.FILES])
        per_partition = [c for c in self.ctx.CALLS if c[0] == "mapPartitions" and c[1] == "<lambda>"]
        self.assertGreaterEqual(len(per_partition), 2 * len(self.cleaning.FILES))

        self.assertIn(("hadoopConf", "mapreduce.fileoutputcommitter.marksuccessfuljobs", "false"), self.ctx.CALLS)

        # Writes: one CSV directory per table under --destination-path, replaced, with header and gzip.
        want_tables, want_report = self.cleaning.clean_files(self.raw)
        writes = {w[0]: w for w in self.sql.WRITES}
        self.assertEqual(sorted(writes), sorted("s3://out-bucket/clean/%s/run_date=2026-12-01/" % t
                                                for t, _ in self.cleaning.TABLES))
        for table, cols in self.cleaning.TABLES:
            path, mode, options, got_cols, rows = writes["s3://out-bucket/clean/%s/run_date=2026-12-01/" % table]
            self.assertEqual(mode, "overwrite")
            self.assertEqual(options.get("header"), "true")
            self.assertEqual(options.get("compression"), "gzip")
            self.assertEqual(got_cols, cols)
            want = [[None if v is None else self.cleaning.format_value(v) for v in r] for r in want_tables[table]]
            self.assertEqual(len(rows), len(want), table)
            for i, (g, w) in enumerate(zip(rows, want)):
                self.assertEqual(g, w, "%s row %d" % (table, i + 1))

        # Report: the same counts, at the pythonshell job's key.
        self.assertEqual(len(self.boto3.PUTS), 1)
        put = self.boto3.PUTS[0]
        self.assertEqual((put["Bucket"], put["Key"]), ("out-bucket", "clean/_data_quality/run_date=2026-12-01/report.json"))
        doc = json.loads(put["Body"].decode("utf-8"))
        self.assertEqual(doc["files"], [fr.to_dict() for fr in want_report])
        self.assertEqual(doc["run_date"], "2026-12-01")

    def test_missing_argument(self):
        with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()):
            self.job.main(["glueetl_job.py", "--JOB_NAME", "x", "--destination-path", "s3://o/p"])

    def test_not_s3(self):
        with self.assertRaises(ValueError):
            self.job.main(["glueetl_job.py", "--JOB_NAME", "x", "--source-path", "/tmp/raw", "--destination-path", "s3://o/p"])


if __name__ == "__main__":
    unittest.main()
