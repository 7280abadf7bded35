"""Fake of awsglue.utils: getResolvedOptions as Glue implements it (argparse; each option required;
unknown arguments ignored; "--source-path" comes back as "source_path")."""
import argparse

CALLS = []


def getResolvedOptions(args, options):
    CALLS.append((list(args), list(options)))
    parser = argparse.ArgumentParser()
    for option in options:
        parser.add_argument("--" + option, required=True)
    parsed, _ = parser.parse_known_args(args[1:])
    return vars(parsed)
