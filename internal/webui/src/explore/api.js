// The explorer's requests: GraphQL for search, neighbourhoods, paths and
// the details of what is selected, and /export/{format} for the view
// itself, which is drawn from the same file a download gives. URLs are
// made relative to the page, so a server mounted under a path prefix
// still works.

const graphqlURL = new URL("graphql", window.location.href);

// APIError is an answer with errors: the message is the server's.
export class APIError extends Error {}

// graphql posts one operation and returns its data; an error in the
// answer throws, with the server's message.
export async function graphql(query, variables, signal) {
  const response = await fetch(graphqlURL, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/graphql-response+json, application/json" },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new APIError(`the server answered ${response.status} ${response.statusText}`);
  }
  if (body.errors?.length) throw new APIError(body.errors.map((e) => e.message).join("; "));
  return body.data;
}

// exportURL is where the server exports a selection in a format: the
// parameters are internal/selection's (id, hops, during ...).
export function exportURL(format, selection) {
  const q = new URLSearchParams();
  for (const id of selection.ids) q.append("id", id);
  q.set("hops", String(selection.hops));
  if (selection.during) q.set("during", selection.during);
  return new URL(`export/${format}?${q}`, window.location.href).toString();
}

// exportJSON fetches a selection in a JSON format; an error answer throws
// with the server's message.
export async function exportJSON(format, selection, signal) {
  const response = await fetch(exportURL(format, selection), { signal, headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const msg = body?.errors?.map((e) => e.message).join("; ") ?? `${response.status} ${response.statusText}`;
    throw new APIError(msg);
  }
  return body;
}

const dateFields = "edtf earliest latest uncertain approximate";

export const searchQuery = `query ExplorerSearch($text: String!) {
  search(text: $text, first: 8) {
    score matched matchKind
    node {
      id kind name description
      ... on Person { born { edtf } died { edtf } }
      ... on Event { date { edtf } }
      ... on Work { date { edtf } }
    }
  }
}`;

// viewQuery asks for the neighbourhoods of the centres (each under its
// alias) and a path, all under one time window.
export function viewQuery(centres, path, limit) {
  const vars = ["$during: String"];
  const fields = [];
  centres.forEach((_, i) => {
    vars.push(`$c${i}: ID!`);
    fields.push(`h${i}: neighborhood(id: $c${i}, hops: 1, during: $during, limit: ${limit}) { truncated nodes { id } }`);
  });
  if (path) {
    vars.push("$from: ID!", "$to: ID!");
    fields.push(`path(from: $from, to: $to, during: $during) { length nodes { id } steps { statement label role direction from { id name } to { id name } } }`);
  }
  return `query ExplorerView(${vars.join(", ")}) {\n  ${fields.join("\n  ")}\n}`;
}

const citationFields = "locator source { id title kind author publisher url description published { edtf } }";

export const entityQuery = `query ExplorerEntity($id: ID!) {
  node(id: $id) {
    __typename
    ... on Entity {
      id kind name description wikidata
      names { text kind lang citations { locator source { id title } } }
      citations { ${citationFields} }
      claims {
        id property value low high unit approximate note disputed
        time { ${dateFields} } date { ${dateFields} }
        qualifiers { name value }
        disagreesWith { id }
        citations { ${citationFields} }
      }
    }
    ... on Person { born { ${dateFields} } died { ${dateFields} } }
    ... on Event { type date { ${dateFields} } place { id name } parent { id name } }
    ... on Group { type }
    ... on Place { type }
    ... on Work { type date { ${dateFields} } }
  }
}`;

export const sourcesQuery = `query ExplorerSources($ids: [ID!]!) {
  nodes(ids: $ids) { ... on Source { id title kind author publisher url description published { edtf } } }
}`;

export const relationQuery = `query ExplorerRelation($id: ID!) {
  node(id: $id) { ... on Relation { id type note start { ${dateFields} } end { ${dateFields} } } }
}`;
