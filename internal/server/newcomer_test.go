package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/server"
)

// idFields are the fields that take an id, each with a query whose one
// id is mistyped and the id it should suggest. TestEveryIDArgumentIsListed
// keeps the list whole.
var idFields = []struct {
	field, arg, query, suggest string
}{
	{"node", "id", `node(id: "person/nikolai-ezhov") { id }`, "person/nikolai-yezhov"},
	{"nodes", "ids", `nodes(ids: ["group/nkvd", "person/lavrenty-beria"]) { id }`, "person/lavrentiy-beria"},
	{"path", "from", `path(from: "person/leon-trotski", to: "person/joseph-stalin") { length }`, "person/leon-trotsky"},
	{"path", "to", `path(from: "person/leon-trotsky", to: "person/josef-stalin") { length }`, "person/joseph-stalin"},
	{"paths", "from", `paths(from: "person/nikolai-ezhov", to: "person/joseph-stalin") { length }`, "person/nikolai-yezhov"},
	{"paths", "to", `paths(from: "person/leon-trotsky", to: "person/nikolai-ezhov") { length }`, "person/nikolai-yezhov"},
	{"neighborhood", "id", `neighborhood(id: "person/lavrenti-beria") { nodes { id } }`, "person/lavrentiy-beria"},
	{"neighborhood", "source", `neighborhood(id: "group/nkvd", source: "source/essay-special-treatmnt") { nodes { id } }`, "source/essay-special-treatment"},
	{"commonConnections", "a", `commonConnections(a: "person/nikolai-ezhov", b: "person/lavrentiy-beria") { node { id } }`, "person/nikolai-yezhov"},
	{"commonConnections", "b", `commonConnections(a: "person/lavrentiy-beria", b: "person/nikolai-ezhov") { node { id } }`, "person/nikolai-yezhov"},
	{"claims", "subject", `claims(subject: "group/gulagg") { id }`, "group/gulag"},
	{"events", "involving", `events(involving: ["person/nikolai-ezhov"]) { totalCount }`, "person/nikolai-yezhov"},
	{"events", "place", `events(place: "place/moskow") { totalCount }`, "place/moscow"},
	{"timeline", "involving", `timeline(involving: ["person/nikolai-ezhov"]) { id }`, "person/nikolai-yezhov"},
}

// TestUnknownIDsGetOneAnswer: whatever the field, an id that names nothing
// fails that field alone with NOT_FOUND, and the message and
// extensions.suggestions name the id meant.
func TestUnknownIDsGetOneAnswer(t *testing.T) {
	h := newHandler(t, server.Options{})
	for _, tt := range idFields {
		t.Run(tt.field+"("+tt.arg+")", func(t *testing.T) {
			status, resp := post(t, h, "{ "+tt.query+" sources { id } }", nil)
			var data map[string]json.RawMessage
			decode(t, resp.Data, &data)
			if status != 200 || len(resp.Errors) != 1 || resp.code() != "NOT_FOUND" {
				t.Fatalf("status %d, errors %+v; want 200 and one NOT_FOUND", status, resp.Errors)
			}
			if string(data[tt.field]) != "null" || len(data["sources"]) < 10 {
				t.Errorf("data %s: want %s null and the sources still there", resp.Data, tt.field)
			}
			e := resp.Errors[0]
			if !strings.Contains(e.Message, "argument "+tt.arg+":") || !strings.Contains(e.Message, "did you mean "+tt.suggest) {
				t.Errorf("message %q: want the argument %s and did you mean %s", e.Message, tt.arg, tt.suggest)
			}
			if got, _ := e.Extensions["suggestions"].([]any); !slices.Contains(got, any(tt.suggest)) {
				t.Errorf("extensions.suggestions %v lack %s", e.Extensions["suggestions"], tt.suggest)
			}
		})
	}
}

// TestEveryIDArgumentIsListed: a Query field that takes an ID must be in
// idFields, so that it is held to the same answer.
func TestEveryIDArgumentIsListed(t *testing.T) {
	h := newHandler(t, server.Options{})
	var got struct {
		Type struct {
			Fields []struct {
				Name string
				Args []struct {
					Name string
					Type struct {
						Name, Kind string
						OfType     *struct {
							Name   string
							OfType *struct{ Name string }
						}
					}
				}
			}
		} `json:"__type"`
	}
	query(t, h, `{ __type(name: "Query") { fields { name args { name type { name kind ofType { name ofType { name ofType { name } } } } } } } }`, &got)
	for _, f := range got.Type.Fields {
		for _, a := range f.Args {
			names := []string{a.Type.Name}
			if o := a.Type.OfType; o != nil {
				names = append(names, o.Name)
				if o.OfType != nil {
					names = append(names, o.OfType.Name)
				}
			}
			if !slices.Contains(names, "ID") {
				continue
			}
			if !slices.ContainsFunc(idFields, func(x struct{ field, arg, query, suggest string }) bool {
				return x.field == f.Name && x.arg == a.Name
			}) {
				t.Errorf("Query.%s(%s) takes an id and is not in idFields", f.Name, a.Name)
			}
		}
	}
}

// TestBadDatesSaySo: a date that is not EDTF fails the request with one
// sentence, which shows the right form and quotes the value once, and
// does not null a parent object.
func TestBadDatesSaySo(t *testing.T) {
	h := newHandler(t, server.Options{})
	for _, q := range []string{
		`{ node(id: "person/lavrentiy-beria") { ... on Person { name relations(during: "1934-1941") { id } } } }`,
		`{ timeline(from: "1934-1941") { id } }`,
		`query($d: String) { neighborhood(id: "group/nkvd", during: $d) { nodes { id } } }`,
		`{ events(to: "1934-1941") { totalCount } }`,
	} {
		status, resp := post(t, h, q, map[string]any{"d": "1934-1941"})
		if status != http.StatusBadRequest || len(resp.Errors) != 1 || resp.code() != "BAD_USER_INPUT" || resp.Data != nil {
			t.Errorf("%s: status %d, data %s, errors %+v; want 400 and one BAD_USER_INPUT", q, status, resp.Data, resp.Errors)
			continue
		}
		msg := resp.Errors[0].Message
		if strings.Count(msg, "1934-1941") != 1 || !strings.Contains(msg, "1934/1941") || strings.Contains(msg, "nvalid or unsupported") || strings.Count(msg, ";") > 1 {
			t.Errorf("%s: message %q: want the value once, the form 1934/1941, not the library's words", q, msg)
		}
	}
}

// TestLargeValuesAreNotQuotedWhole: a megabyte sent as a value comes back
// quoted in part, whatever refuses it.
func TestLargeValuesAreNotQuotedWhole(t *testing.T) {
	h := newHandler(t, server.Options{MaxBodyBytes: 4 << 20})
	big := strings.Repeat("ж", 500_000) // a megabyte
	for _, q := range []string{
		`query($v: String) { timeline(from: $v) { id } }`,
		`query($v: ID!) { node(id: $v) { id } }`,
		`query($v: Int) { timeline(first: $v) { id } }`,
		`query($v: [ID!]) { events(involving: $v) { totalCount } }`,
	} {
		status, resp := post(t, h, q, map[string]any{"v": big})
		raw, _ := json.Marshal(resp)
		if len(resp.Errors) == 0 || len(raw) > 4000 {
			t.Errorf("%s: status %d, %d errors in %d bytes; want an error in a few hundred bytes", q, status, len(resp.Errors), len(raw))
		}
	}
}

// TestExtensionsMustBeAnObject: extensions, like variables, is an object
// or left out.
func TestExtensionsMustBeAnObject(t *testing.T) {
	h := newHandler(t, server.Options{})
	for _, tt := range []struct {
		extensions string
		status     int
	}{
		{`{}`, 200}, {`{"persistedQuery": null}`, 200}, {`null`, 200},
		{`5`, 400}, {`"x"`, 400}, {`[]`, 400}, {`true`, 400},
	} {
		body := `{"query":"{ __typename }","extensions":` + tt.extensions + `}`
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(rec, req)
		if rec.Code != tt.status {
			t.Errorf("POST extensions %s = %d, want %d: %s", tt.extensions, rec.Code, tt.status, rec.Body)
		}
		get := httptest.NewRecorder()
		h.ServeHTTP(get, httptest.NewRequest("GET", "/graphql?query=%7B__typename%7D&extensions="+url.QueryEscape(tt.extensions), nil))
		if get.Code != tt.status {
			t.Errorf("GET extensions %s = %d, want %d: %s", tt.extensions, get.Code, tt.status, get.Body)
		}
	}
}
