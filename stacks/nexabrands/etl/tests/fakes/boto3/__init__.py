"""Fake of boto3: client("s3").put_object is recorded in PUTS."""
PUTS = []


class _S3(object):
    def put_object(self, **kw):
        PUTS.append(kw)
        return {}


def client(name, **kw):
    assert name == "s3", name
    return _S3()
