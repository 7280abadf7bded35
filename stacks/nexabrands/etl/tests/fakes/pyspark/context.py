"""Fake of pyspark.context: an RDD over Python lists, split into partitions, with the operations
glueetl_job.py uses. textFile reads s3://BUCKET/KEY from FILES (a dict filled by the test) and
splits lines as Hadoop's LineReader does (\\n, \\r\\n or \\r)."""
import re

FILES = {}
CALLS = []
PARTITIONS = 3


def _split(items, n):
    size = max(1, (len(items) + n - 1) // n)
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


class Broadcast(object):
    def __init__(self, value):
        self.value = value


class RDD(object):
    def __init__(self, parts):
        self.parts = [list(p) for p in parts]

    def _all(self):
        return [x for p in self.parts for x in p]

    def mapPartitions(self, f):
        CALLS.append(("mapPartitions", getattr(f, "__name__", "")))
        return RDD([list(f(iter(p))) for p in self.parts])

    def map(self, f):
        return RDD([[f(x) for x in p] for p in self.parts])

    def flatMap(self, f):
        return RDD([[y for x in p for y in f(x)] for p in self.parts])

    def filter(self, f):
        return RDD([[x for x in p if f(x)] for p in self.parts])

    def cache(self):
        return self

    def first(self):
        for x in self._all():
            return x
        raise ValueError("RDD is empty")

    def collect(self):
        return self._all()

    def zipWithIndex(self):
        out, i = [], 0
        for p in self.parts:
            q = []
            for x in p:
                q.append((x, i))
                i += 1
            out.append(q)
        return RDD(out)

    def _by_key(self):
        groups = {}
        for k, v in self._all():
            groups.setdefault(k, []).append(v)
        return groups

    def groupByKey(self):
        g = self._by_key()
        # Spark gives no order within a group: reverse it, so the job must sort by file order.
        return RDD(_split([(k, list(reversed(v))) for k, v in g.items()], PARTITIONS))

    def leftOuterJoin(self, other):
        right = other._by_key()
        out = []
        for k, v in self._all():
            for w in right.get(k, [None]):
                out.append((k, (v, w)))
        return RDD(_split(out, PARTITIONS))

    def sortBy(self, f):
        return RDD(_split(sorted(self._all(), key=f), PARTITIONS))


class _HadoopConf(object):
    def set(self, k, v):
        CALLS.append(("hadoopConf", k, v))


class _JSC(object):
    def hadoopConfiguration(self):
        return _HadoopConf()


class SparkContext(object):
    _instance = None
    _jsc = _JSC()

    @classmethod
    def getOrCreate(cls):
        if cls._instance is None:
            cls._instance = SparkContext()
        return cls._instance

    def textFile(self, path):
        CALLS.append(("textFile", path))
        text = FILES[path].decode("utf-8", "replace")
        lines = re.split(r"\r\n|\n|\r", text)
        if lines and lines[-1] == "":
            lines.pop()
        return RDD(_split(lines, PARTITIONS))

    def broadcast(self, value):
        return Broadcast(value)

    def union(self, rdds):
        return RDD([p for r in rdds for p in r.parts])
