"""Reads a `wrk --latency` report on stdin and prints one line:
requests/s, p50 (ms), p99 (ms), errors, requests."""
import re
import sys

report = sys.stdin.read()


def millis(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def percentile(p):
    found = re.search(rf"^\s+{p}%\s+(\S+)", report, re.M)
    return millis(found.group(1)) if found else float("nan")


rps = float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1))
requests = int(re.search(r"(\d+) requests in", report).group(1))
errors = 0
non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
if non_2xx:
    errors += int(non_2xx.group(1))
sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report)
if sockets:
    errors += sum(int(n) for n in sockets.groups())
print(f"{rps:.0f} {percentile(50):.1f} {percentile(99):.1f} {errors} {requests}")
