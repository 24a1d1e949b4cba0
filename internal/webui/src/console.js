// The console: GraphiQL over this server's /graphql, opening with one tab
// per example query. Every file it needs is bundled by build.mjs and served
// by the binary; it loads nothing from another host.
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import "./console.css";
import examples from "examples:queries";

// The endpoint is found relative to the page, so that a server mounted
// under a path prefix still works.
const endpoint = new URL("graphql", window.location.href).toString();

// fetcher posts one request as GraphQL over HTTP asks. Errors answered with
// a 4xx status still carry a JSON body with the errors, which GraphiQL
// shows: the body is returned whatever the status.
async function fetcher(params) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/graphql-response+json, application/json",
    },
    body: JSON.stringify(params),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`the server answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
}

// A tab's title is its operation's name, so every example names its
// operation.
const tabs = examples.map((query) => ({ query }));

createRoot(document.getElementById("graphiql")).render(
  createElement(GraphiQL, {
    fetcher,
    defaultTabs: tabs,
    defaultEditorToolsVisibility: false,
    shouldPersistHeaders: false,
    // The server answers the whole of current introspection: ask for the
    // descriptions of arguments too.
    inputValueDeprecation: true,
    schemaDescription: true,
  }),
);
