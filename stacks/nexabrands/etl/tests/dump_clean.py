"""Runs cleaning.clean_files on a directory of raw files and writes what the pythonshell job would
write: OUT/<table>.csv.gz and OUT/report.json (used by etl_test.go to compare with the Go cleaner
on other inputs than the sample). Usage: python3 tests/dump_clean.py RAWDIR OUTDIR"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import cleaning  # noqa: E402


def main(raw, out):
    files = {}
    for name in cleaning.FILES:
        with open(os.path.join(raw, name), "rb") as f:
            files[name] = f.read()
    tables, report = cleaning.clean_files(files)
    for table, _ in cleaning.TABLES:
        with open(os.path.join(out, table + ".csv.gz"), "wb") as f:
            f.write(cleaning.to_csv(table, tables[table]))
    with open(os.path.join(out, "report.json"), "wb") as f:
        f.write(cleaning.report_json(report, {}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
