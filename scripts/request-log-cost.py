#!/usr/bin/env python3
"""Throughput with the request log on / off, per scenario and round, from one LoadBench run made with --request-log-off.

Usage: python3 scripts/request-log-cost.py bench/results/load-....json
"""
import json
import sys

runs = json.load(open(sys.argv[1]))["runs"]
on = {(r["scenario"], r["connections"]): r for r in runs if r["target"] == "sqlite" and r["dataset"] == "10k"}
off = {(r["scenario"], r["connections"]): r for r in runs if r["target"] == "sqlite" and r["dataset"].endswith("(request log off)")}
print("| scenario | connections | on req/s (rounds) | off req/s (rounds) | on/off per round | worst round | median on/off |")
print("|---|---:|---|---|---|---:|---:|")
for key in on:
    if key not in off:
        continue
    a, b = on[key], off[key]
    ra = a.get("rounds_requests_per_second") or [a["requests_per_second"]]
    rb = b.get("rounds_requests_per_second") or [b["requests_per_second"]]
    ratios = [x / y for x, y in zip(ra, rb)]
    print(f"| {key[0]} | {key[1]} | {', '.join(f'{x:,.0f}' for x in ra)} | {', '.join(f'{x:,.0f}' for x in rb)} | "
          f"{', '.join(f'{x:.3f}' for x in ratios)} | {min(ratios):.3f} | {a['requests_per_second'] / b['requests_per_second']:.3f} |")
