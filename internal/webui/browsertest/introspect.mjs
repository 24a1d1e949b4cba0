// introspect.mjs reads a Memoria server's schema as graphql-js clients do
// and prints what it found as one JSON object; introspection_test.go
// judges it. Usage:
//
//	node introspect.mjs GRAPHQL_URL SCHEMA_FILE
//
// It sends getIntrospectionQuery() with every option on, builds a client
// schema from the answer, and prints it and the schema in SCHEMA_FILE
// (schema/schema.graphql), each sorted, so that the test can compare them.
import { readFileSync } from "node:fs";
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
} from "graphql";

const [url, schemaFile] = process.argv.slice(2);
const query = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
});
const response = await fetch(url, {
  method: "POST",
  headers: { "Content-Type": "application/json", Accept: "application/graphql-response+json" },
  body: JSON.stringify({ query, operationName: "IntrospectionQuery" }),
});
const body = await response.json();
const out = { status: response.status, errors: body.errors ?? null };
if (body.data) {
  try {
    const client = buildClientSchema(body.data);
    out.client = printSchema(lexicographicSortSchema(client));
  } catch (err) {
    out.buildError = String(err);
  }
  out.contract = printSchema(lexicographicSortSchema(buildSchema(readFileSync(schemaFile, "utf8"))));
  out.data = body.data;
}
console.log(JSON.stringify(out));
