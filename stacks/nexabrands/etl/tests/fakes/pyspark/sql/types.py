"""Fake of pyspark.sql.types."""


class StringType(object):
    pass


class StructField(object):
    def __init__(self, name, data_type, nullable=True):
        self.name = name
        self.data_type = data_type
        self.nullable = nullable


class StructType(object):
    def __init__(self, fields):
        self.fields = fields
