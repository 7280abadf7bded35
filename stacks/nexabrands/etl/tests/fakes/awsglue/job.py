"""Fake of awsglue.job: records init and commit."""
CALLS = []


class Job(object):
    def __init__(self, glue):
        self.glue = glue

    def init(self, name, args):
        CALLS.append(("init", name, dict(args)))

    def commit(self):
        CALLS.append(("commit",))
