package server

import (
	"encoding/json"
	"html/template"
	"net/http"

	"github.com/memoria-history/memoria/internal/history"
)

// The console is GraphiQL, loaded from a public CDN at pinned versions with
// Subresource Integrity hashes, so a tampered file is refused by the browser.
// The hashes are SHA-384 of the files as published on npm, which the CDN
// serves unchanged.
const (
	reactURL        = "https://cdn.jsdelivr.net/npm/react@18.3.1/umd/react.production.min.js"
	reactSRI        = "sha384-DGyLxAyjq0f9SPpVevD6IgztCFlnMF6oW/XQGmfe+IsZ8TqEiDrcHkMLKI6fiB/Z"
	reactDOMURL     = "https://cdn.jsdelivr.net/npm/react-dom@18.3.1/umd/react-dom.production.min.js"
	reactDOMSRI     = "sha384-gTGxhz21lVGYNMcdJOyq01Edg0jhn/c22nsx0kyqP0TxaV5WVdsSH1fSDUf5YJj1"
	graphiqlJSURL   = "https://cdn.jsdelivr.net/npm/graphiql@3.8.3/graphiql.min.js"
	graphiqlJSSRI   = "sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie"
	graphiqlCSSURL  = "https://cdn.jsdelivr.net/npm/graphiql@3.8.3/graphiql.min.css"
	graphiqlCSSSRI  = "sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM"
	consoleScriptJS = `(function () {
  var tabs = JSON.parse(document.getElementById("examples").textContent);
  var fetcher = GraphiQL.createFetcher({ url: new URL("graphql", window.location.href).toString() });
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultTabs: tabs, defaultEditorToolsVisibility: true })
  );
})();
`
)

// consoleExample is a query the console opens with, one per tab.
type consoleExample struct {
	Query string `json:"query"`
}

func consoleExamples() []consoleExample {
	return []consoleExample{
		{Query: `# How is Trotsky connected to Beria? Each step names the statement and its sources.
{
  path(from: "person/leon-trotsky", to: "person/lavrentiy-beria") {
    length
    nodes { id name }
    steps {
      from { name } to { name } label role direction
      time { edtf }
      citations { source { title kind } locator }
    }
  }
}
`},
		{Query: `# What happened between 1936 and 1938? Uncertain dates sort by their earliest bound.
{
  timeline(from: "1936", to: "1938") {
    id name type
    date { edtf earliest latest uncertain }
    participants { role entity { name } }
  }
}
`},
		{Query: `# Where do the sources disagree? Both values stay, each with its source.
{
  claims(disputed: true) {
    id subject { name } property value low high unit
    time { edtf }
    sources { title kind }
    disagreesWith { id value low high sources { title } }
  }
}
`},
		{Query: `# Names in all their spellings: misspellings, transliterations, Cyrillic.
{
  search(text: "Ежов") { score matched matchKind node { id name } }
  zinoview: search(text: "Zinoview", first: 1) { matched node { name } }
}
`},
	}
}

var consoleTemplate = template.Must(template.New("console").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Memoria · GraphQL console</title>
<link rel="stylesheet" href="{{.CSS}}" integrity="{{.CSSSRI}}" crossorigin="anonymous">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the console… It needs JavaScript and access to cdn.jsdelivr.net; the API itself is at <code>/graphql</code>.</div>
<script id="examples" type="application/json">{{.Examples}}</script>
<script src="{{.React}}" integrity="{{.ReactSRI}}" crossorigin="anonymous"></script>
<script src="{{.ReactDOM}}" integrity="{{.ReactDOMSRI}}" crossorigin="anonymous"></script>
<script src="{{.JS}}" integrity="{{.JSSRI}}" crossorigin="anonymous"></script>
<script src="console.js"></script>
</body>
</html>
`))

func (s *Server) serveConsole(w http.ResponseWriter, r *http.Request) {
	examples, err := json.Marshal(consoleExamples())
	if err != nil {
		s.writeError(w, r, history.CodeInternal, "internal error")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' https://cdn.jsdelivr.net; style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data:; font-src 'self' data: https://cdn.jsdelivr.net; connect-src 'self'")
	_ = consoleTemplate.Execute(w, map[string]any{
		"CSS": graphiqlCSSURL, "CSSSRI": graphiqlCSSSRI,
		"React": reactURL, "ReactSRI": reactSRI,
		"ReactDOM": reactDOMURL, "ReactDOMSRI": reactDOMSRI,
		"JS": graphiqlJSURL, "JSSRI": graphiqlJSSRI,
		"Examples": template.JS(examples),
	})
}

func (s *Server) serveConsoleScript(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write([]byte(consoleScriptJS))
}
