"""introspect.py reads a Memoria server's schema as graphql-core clients do
and prints what it found as one JSON object; clients_test.go judges it.

    python3 introspect.py GRAPHQL_URL SCHEMA_FILE

It sends graphql-core's introspection query (graphql-core 3: every option
on; graphql-core 2, Debian 12's: its only one, and without descriptions,
which its SDL parser predates), builds a client schema from
the answer, and compares the answer with the same query run by graphql-core
itself over the schema in SCHEMA_FILE (schema/schema.graphql). Lists are
compared in name order; GraphQL's own scalars, directives and introspection
types are left out, as printed schemas leave them out.
"""

import json
import re
import sys
import urllib.request

import graphql

url, schema_file = sys.argv[1], sys.argv[2]
version = getattr(graphql, "__version__", None) or getattr(graphql, "VERSION", "?")
if isinstance(version, tuple):
    version = ".".join(str(p) for p in version)

if hasattr(graphql, "get_introspection_query"):  # graphql-core 3
    query = graphql.get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )

    def run_locally(schema):
        return graphql.graphql_sync(schema, query).data

    def read_contract(sdl):
        return sdl

    compared = lambda key: True  # noqa: E731
    same = lambda key, value: value  # noqa: E731

else:  # graphql-core 2
    from graphql.utils.introspection_query import introspection_query as query

    def run_locally(schema):
        return graphql.graphql(schema, query).data

    # graphql-core 2 predates descriptions in SDL: the contract is read
    # without them, with the older "implements A B", and with the schema
    # definition it requires; descriptions are left out of the comparison,
    # and so are default values, which it prints as strings ("\"BOTH\"")
    # itself; an interface's interfaces, which it answers with null, are
    # taken as none.
    def read_contract(sdl):
        sdl = re.sub(r'"""(?:.|\n)*?"""', "", sdl).replace(" & ", " ")
        return sdl + "\nschema { query: Query }\n"

    compared = lambda key: key not in ("description", "defaultValue")  # noqa: E731
    same = lambda key, value: [] if key == "interfaces" and value is None else value  # noqa: E731


request = urllib.request.Request(
    url,
    data=json.dumps({"query": query}).encode(),
    headers={"Content-Type": "application/json", "Accept": "application/graphql-response+json"},
)
try:
    with urllib.request.urlopen(request) as response:
        status, body = response.status, json.load(response)
except urllib.error.HTTPError as err:
    status, body = err.code, json.load(err)

out = {"version": str(version), "status": status, "errors": body.get("errors")}
data = body.get("data")
if data:
    try:
        graphql.build_client_schema(data)
        out["built"] = True
    except Exception as err:  # noqa: BLE001 - reported to the Go test
        out["buildError"] = repr(err)
    with open(schema_file, encoding="utf-8") as f:
        contract = graphql.build_ast_schema(graphql.parse(read_contract(f.read())))
    builtin = {"String", "Int", "Float", "Boolean", "ID"}

    def canonical(value):
        if isinstance(value, dict):
            return {k: canonical(same(k, v)) for k, v in value.items() if compared(k)}
        if isinstance(value, list):
            items = [canonical(v) for v in value]
            if all(isinstance(v, dict) and "name" in v for v in items):
                items.sort(key=lambda v: str(v["name"]))
            return items
        return value

    def types(answer):
        return canonical(
            [t for t in answer["__schema"]["types"] if not t["name"].startswith("__") and t["name"] not in builtin]
        )

    served, wanted = types(data), types(run_locally(contract))
    out["equal"] = served == wanted
    if not out["equal"]:
        by_name = {t["name"]: t for t in wanted}
        out["differ"] = [t["name"] for t in served if by_name.get(t["name"]) != t]
        out["differ"] += [n for n in by_name if n not in {t["name"] for t in served}]
print(json.dumps(out))
