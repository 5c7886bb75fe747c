#!/usr/bin/env python3
"""Cuts stripe-openapi-subset.json out of Stripe's published spec3.json, unchanged apart from what is dropped.

Usage: git -C <stripe/openapi clone> show <commit>:openapi/spec3.json | python3 extract-subset.py <commit> > stripe-openapi-subset.json
"""
import json, re, sys

OPERATIONS = [
    ("post", "/v1/payment_intents"), ("get", "/v1/payment_intents/{intent}"), ("post", "/v1/payment_intents/{intent}"),
    ("post", "/v1/payment_intents/{intent}/confirm"), ("post", "/v1/payment_intents/{intent}/capture"),
    ("post", "/v1/payment_intents/{intent}/cancel"), ("post", "/v1/payment_methods"),
    ("get", "/v1/payment_methods/{payment_method}"), ("post", "/v1/payment_methods/{payment_method}/attach"),
    ("post", "/v1/customers"), ("get", "/v1/customers/{customer}"), ("post", "/v1/refunds"),
    ("get", "/v1/refunds/{refund}"), ("get", "/v1/balance"),
]
# The response objects the fake returns, plus what `error` is made of.
SCHEMAS = ["payment_intent", "refund", "customer", "payment_method", "balance", "event", "error", "api_errors"]

spec = json.load(sys.stdin)
commit = sys.argv[1]
paths = {}
for method, path in OPERATIONS:
    paths.setdefault(path, {})[method] = spec["paths"][path][method]
schemas = {name: spec["components"]["schemas"][name] for name in SCHEMAS}
referenced = set(re.findall(r'#/components/schemas/([A-Za-z0-9_.]+)', json.dumps([paths, schemas])))
subset = {
    "openapi": spec["openapi"],
    "info": spec["info"],
    "x-opencheckout-source": {
        "repository": "https://github.com/stripe/openapi",
        "file": "openapi/spec3.json",
        "commit": commit,
        "infoVersion": spec["info"]["version"],
        "licence": "MIT, Copyright (c) 2011- Stripe, Inc. (https://stripe.com)",
        "kept": "the operations listed in paths, whole; the component schemas " + ", ".join(SCHEMAS) + ", whole",
        "omittedSchemas": sorted(referenced - set(SCHEMAS)),
    },
    "paths": paths,
    "components": {"schemas": schemas},
}
json.dump(subset, sys.stdout, indent=2, sort_keys=False)
sys.stdout.write("\n")
