"""Fake of awsglue.context."""
from pyspark.sql import SparkSession


class GlueContext(object):
    def __init__(self, sc):
        self.sc = sc
        self.spark_session = SparkSession(sc)
