"""Fake of pyspark.sql: createDataFrame(...).write.mode(...).option(...).csv(path) is recorded in
WRITES as (path, mode, options, columns, rows)."""
WRITES = []


class _Writer(object):
    def __init__(self, df):
        self.df = df
        self._mode = None
        self.options = {}

    def mode(self, m):
        self._mode = m
        return self

    def option(self, k, v):
        self.options[k] = v
        return self

    def csv(self, path):
        WRITES.append((path, self._mode, dict(self.options), [f.name for f in self.df.schema.fields], self.df.rdd.collect()))


class DataFrame(object):
    def __init__(self, rdd, schema):
        self.rdd = rdd
        self.schema = schema

    @property
    def write(self):
        return _Writer(self)


class SparkSession(object):
    def __init__(self, sc):
        self.sparkContext = sc

    def createDataFrame(self, rdd, schema):
        return DataFrame(rdd, schema)
