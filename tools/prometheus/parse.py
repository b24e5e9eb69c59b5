"""Parse a Prometheus scrape read from stdin with prometheus_client's own parser and print what it read.

Usage: python3 parse.py text|openmetrics < scrape
The format is the one the response's Content-Type named: the 0.0.4 text format or OpenMetrics. A scrape the parser
refuses exits 1 with the parser's message on stderr. Printed, one a line: each metric family as
`family NAME TYPE`, then each of its samples as `sample NAME{K="V",...} VALUE`, labels sorted by name, the value as
Python's repr of the float (NaN as nan).
"""
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_openmetrics
from prometheus_client.parser import text_string_to_metric_families as parse_text


def main():
    kind = sys.argv[1]
    parse = {"text": parse_text, "openmetrics": parse_openmetrics}[kind]
    try:
        families = list(parse(sys.stdin.read()))
    except Exception as e:  # the parser's own refusal, said in one line
        print(f"parse.py: the {kind} format was refused: {e}", file=sys.stderr)
        sys.exit(1)
    for family in families:
        print(f"family {family.name} {family.type}")
        for s in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items()))
            print(f"sample {s.name}{{{labels}}} {s.value!r}")


main()
