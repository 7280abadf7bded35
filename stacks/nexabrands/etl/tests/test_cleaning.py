"""Unit tests of cleaning.py's value rules (the cases of tools/sampledata/dataset/clean_test.go),
and checks that every Python file here is Python 3.9 syntax and that cleaning.py imports the
standard library only (Glue's Python shell)."""
import ast
import glob
import os
import sys
import unittest

ETL = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ETL)

import cleaning  # noqa: E402

STDLIB = {"csv", "gzip", "io", "json", "math", "re"}


class ValueRules(unittest.TestCase):
    def test_quantity(self):
        cases = [("339", 339, None), ("339.0", 339, None), ("84units", 84, None), ("1.0 UNITS", 1, None),
                 ("-208", 208, None), (" 12 ", 12, None), ("12.5", None, cleaning.RULE_FRACTIONAL_QTY),
                 ("nan units", None, cleaning.RULE_MISSING_QTY), ("", None, cleaning.RULE_MISSING_QTY),
                 ("NULL", None, cleaning.RULE_MISSING_QTY), ("abc", None, cleaning.RULE_MISSING_QTY),
                 ("inf", None, cleaning.RULE_FRACTIONAL_QTY), ("1_000", None, cleaning.RULE_FRACTIONAL_QTY)]
        for raw, want, rule in cases:
            self.assertEqual(cleaning.quantity(raw, {}), (want, rule), raw)

    def test_date(self):
        cases = [("Tuesday, March 1, 2022", (2022, 3, 1)), ("Wednesday, March 30, 2022", (2022, 3, 30)),
                 ("Friday, March 4, 2022 #@$", (2022, 3, 4)), ("03/03/2022", (2022, 3, 3)),
                 ("03/03/2022, 2022", (2022, 3, 3)), ("03/03/2022, 2021", None), ("2022-04-01", (2022, 4, 1)),
                 ("02/30/2022", None), ("", None), ("soon", None), ("Tue, March 1, 2022", None),
                 ("Tuesday, March 1, 22", None), ("Sunday, March 1, 0000", (0, 3, 1)), ("2022-4-01", None)]
        for raw, want in cases:
            self.assertEqual(cleaning.parse_date(raw, {}), want, raw)
        rep = {}
        self.assertEqual(cleaning.parse_date("Monday, March 1, 2022", rep), (2022, 3, 1))
        self.assertEqual(rep.get(cleaning.REP_WEEKDAY), 1)

    def test_flags_targets_ids(self):
        for raw, want in {"1.0": 1, "0.0": 0, "-1.0": 1, "1.0 units": 1, "-1.0 UNITS": 1, "nan units": None,
                          "": None, "2": None}.items():
            self.assertEqual(cleaning.flag(raw, {}), want, raw)
        for raw, want in {"87.0": 87.0, "69 units": 69.0, "85.0 UNITS": 85.0, "-68": 68.0, "-1": None,
                          "-1.0": None, "": None, "140": None, "81.555": 81.56}.items():
            self.assertEqual(cleaning.target(raw, {}), want, raw)
        for raw in ("789201.0", "789201", "ID_789201", " 789201 #@$"):
            self.assertEqual(cleaning.parse_id(raw, {}), 789201, raw)
        for raw in ("", "abc", "789201.5", "0", "9223372036854775808", "\u0131d_5"):
            self.assertIsNone(cleaning.parse_id(raw, {}), raw)

    def test_go_semantics(self):
        self.assertEqual(cleaning.parse_float("1_000"), 1000.0)
        self.assertIsNone(cleaning.parse_float("1__0"))
        self.assertIsNone(cleaning.parse_float("0x10"))
        self.assertIsNone(cleaning.parse_float(" 5"))
        self.assertEqual(cleaning.parse_float("0x1.8p1"), 3.0)
        self.assertEqual(cleaning.go_round(2.5), 3.0)
        self.assertEqual(cleaning.go_round(-2.5), -3.0)
        self.assertEqual(cleaning.go_round(0.49999999999999994), 0.0)
        self.assertEqual(cleaning.title_case("\u00e9lodie"), "\u00c9lodie")
        self.assertEqual(cleaning.title_case("STRA\u00dfE"), "Stra\u00dfe")
        self.assertEqual(cleaning.go_lower("\u0130"), "i")
        self.assertEqual(cleaning.go_format_float(100.0), "100")
        self.assertEqual(cleaning.go_format_float(-0.0), "-0")
        self.assertEqual(cleaning.go_format_float(1e-05), "0.00001")
        self.assertEqual(list(cleaning.iter_records('a,"b""c",d\r\n"x"y,z\n')), [["a", 'b"c', "d"], ['x"y,z\n']])


class Steps(unittest.TestCase):
    def test_read_table_round_trip(self):
        rows = [("FMR1", 789201, (2022, 3, 1), 1, 0, None), ("FMR2", 789202, (0, 12, 31), None, None, None)]
        b = cleaning.to_csv("fact_orders", rows)
        self.assertEqual(cleaning.read_table("fact_orders", b), rows)
        self.assertEqual(cleaning.to_csv("fact_orders", cleaning.read_table("fact_orders", b)), b)
        targets = [(789201, 87.5, None, 50.0)]
        self.assertEqual(cleaning.read_table("dim_customer_targets", cleaning.to_csv("dim_customer_targets", targets)), targets)
        with self.assertRaisesRegex(ValueError, "header"):
            cleaning.read_table("dim_products", cleaning.to_csv("dim_customers", []))
        with self.assertRaisesRegex(ValueError, "line 2"):
            cleaning.read_table("fact_orders", b"order_id,customer_id,order_placement_date,on_time,in_full,otif\nX,1,3/1/2022,,,\n")

    def test_steps(self):
        self.assertEqual([s[0] for s in cleaning.STEPS],
                         ["customers", "products", "targets", "orders", "order_lines", "fulfilment"])
        self.assertEqual(sorted(s[1] for s in cleaning.STEPS), sorted(cleaning.FILES))
        with self.assertRaisesRegex(KeyError, "unknown step 'x'"):
            cleaning.step_spec("x")
        with self.assertRaisesRegex(KeyError, "reads dim_customers"):
            cleaning.clean_step("targets", b"customer_id,ontime_target%,infull_target%,otif_target%\n", {})

    def test_step_reads_upstream(self):
        customers = b"customer_id,customer_name,city\n1,Acme,Surat\n2,Bolt,Vadodara\n"
        orders = b"order_id,customer_id,order_placement_date\nA1,1,2022-03-01\nA2,3,2022-03-01\n"
        cust, fr = cleaning.clean_step("customers", customers, {})
        self.assertEqual((fr.read, fr.kept), (2, 2))
        rows, fr = cleaning.clean_step("orders", orders, {"dim_customers": cust})
        self.assertEqual(rows, [("A1", 1, (2022, 3, 1), None, None, None)])
        self.assertEqual(fr.dropped, {cleaning.RULE_UNKNOWN_CUST: 1})
        flags = b"order_id,on_time,in_full,otif\nA1,1,1,1\nZZ,1,0,0\n"
        done, fr = cleaning.clean_step("fulfilment", flags, {"fact_orders": rows})
        self.assertEqual(done, [("A1", 1, (2022, 3, 1), 1, 1, 1)])
        self.assertEqual(cleaning.clean_step("fulfilment", flags, {"fact_orders": done})[0], done)


class Portability(unittest.TestCase):
    def test_python39_syntax(self):
        files = glob.glob(os.path.join(ETL, "*.py")) + glob.glob(os.path.join(ETL, "tests", "**", "*.py"), recursive=True)
        self.assertGreaterEqual(len(files), 3)
        for path in files:
            with open(path, encoding="utf-8") as f:
                ast.parse(f.read(), path, feature_version=(3, 9))

    def test_cleaning_imports_stdlib_only(self):
        with open(os.path.join(ETL, "cleaning.py"), encoding="utf-8") as f:
            tree = ast.parse(f.read())
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                imported.add(node.module.split(".")[0])
        self.assertLessEqual(imported, STDLIB)


if __name__ == "__main__":
    unittest.main()
