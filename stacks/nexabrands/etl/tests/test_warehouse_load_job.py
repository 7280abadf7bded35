"""The warehouse load job's calls to the Redshift Data API, which nothing here serves: run() is
given a fake client that records them. That its statements are lakeload.RedshiftSQL's is a Go
test (steps_test.go)."""
import io
import os
import sys
import unittest

ETL = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ETL)

import warehouse_load_job as job  # noqa: E402

ARGS = ["--source-path", "s3://nexabrand-prod-transformed/", "--schema", "nexabrands",
        "--copy-role-arn", "arn:aws:iam::123456789012:role/nexabrand-prod-redshift-copy",
        "--cluster-id", "nexabrand-prod", "--database", "analytics", "--db-user", "etl",
        "--run-date", "2026-12-01", "--skip", "dim_customer_targets", "--JOB_NAME", "x"]


class FakeDataAPI(object):
    def __init__(self, states, error=None):
        self.states, self.error, self.calls = list(states), error, []

    def batch_execute_statement(self, **kw):
        self.calls.append(("batch", kw))
        return {"Id": "st-1"}

    def describe_statement(self, **kw):
        self.calls.append(("describe", kw))
        status = self.states.pop(0)
        d = {"Id": kw["Id"], "Status": status}
        if status == "FINISHED":
            n = len(self.calls[0][1]["Sqls"])
            d["SubStatements"] = [{"ResultRows": 7 if i % 5 == 1 else 0} for i in range(n)]
        if self.error:
            d["Error"] = self.error
        return d


class WarehouseLoadJob(unittest.TestCase):
    def test_batch_is_one_transaction(self):
        opts = job.parse_args(ARGS, {"AWS_REGION": "af-south-1"})
        fake, out = FakeDataAPI(["SUBMITTED", "STARTED", "FINISHED"]), io.StringIO()
        job.run(opts, fake, out, poll=0)
        kind, kw = fake.calls[0]
        self.assertEqual(kind, "batch")
        self.assertEqual((kw["ClusterIdentifier"], kw["Database"], kw["DbUser"]), ("nexabrand-prod", "analytics", "etl"))
        sqls = kw["Sqls"]
        self.assertEqual(sqls, job.load_sql(opts)[1:-1])
        self.assertNotIn("BEGIN", sqls)
        self.assertNotIn("COMMIT", sqls)
        self.assertFalse(any("dim_customer_targets" in s for s in sqls))
        self.assertTrue(sqls[-1].startswith('INSERT INTO "nexabrands"."dim_dates"'))
        self.assertIn("FROM 's3://nexabrand-prod-transformed/fact_orders/run_date=2026-12-01/' IAM_ROLE", "\n".join(sqls))
        self.assertEqual([c[0] for c in fake.calls], ["batch", "describe", "describe", "describe"])
        self.assertIn("fact_order_lines            7 rows", out.getvalue())

    def test_failed_batch(self):
        opts = job.parse_args(ARGS, {"AWS_REGION": "af-south-1"})
        with self.assertRaisesRegex(RuntimeError, "load st-1 failed: permission denied"):
            job.run(opts, FakeDataAPI(["FAILED"], "permission denied"), io.StringIO(), poll=0)

    def test_bad_arguments(self):
        env = {"AWS_REGION": "af-south-1"}
        for args, msg in [(ARGS[:2], "missing --schema"),
                          (["--print-sql"] + ARGS[:4], "missing --copy-role-arn"),
                          (ARGS + ["--skip", "dim_dates"], "--skip dim_dates"),
                          (ARGS + ["--copy-role-arn", "arn:aws:iam::1:role/x'"], "not an IAM role ARN"),
                          (ARGS + ["--source-path", "s3://Bad_Bucket/x"], "not an S3 bucket name")]:
            with self.assertRaisesRegex(job.UsageError, msg):
                job.parse_args(args, env)
        with self.assertRaisesRegex(job.UsageError, "not an AWS region"):
            job.parse_args(ARGS, {})


if __name__ == "__main__":
    unittest.main()
