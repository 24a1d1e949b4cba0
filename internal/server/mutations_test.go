package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/server"
)

// The mutations and the change queries, through Memoria's real HTTP
// handler over a fake store that keeps the seed dataset in memory.

const cite = "source/essay-special-treatment ¶1"

type writable struct {
	store *fakeStore
	h     http.Handler
	token string // an editor's, named anna
}

func newWritable(tb testing.TB) writable {
	tb.Helper()
	st := newFakeStore(tb)
	a, err := api.New(st.data, api.Options{Writer: st, Log: st, OnResolve: server.CountResolve})
	if err != nil {
		tb.Fatalf("api.New: %v", err)
	}
	a.ReplaceAt(st.data, st.rev)
	secret, tok, err := auth.New("anna", auth.RoleEditor, time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	s, err := server.New(a, server.Options{Access: server.Access{Keyring: auth.NewKeyring([]auth.Token{tok}), WritesPerSecond: 1000, WriteBurst: 1000}})
	if err != nil {
		tb.Fatalf("server.New: %v", err)
	}
	s.SetReady(true)
	return writable{store: st, h: s, token: secret}
}

// send posts a document with the editor's token.
func (w writable) send(tb testing.TB, query string, vars map[string]any) gqlResponse {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+w.token)
	_, out := do(tb, w.h, req)
	return out
}

// ok is send for a document that must succeed; it decodes data into v.
func (w writable) ok(tb testing.TB, query string, vars map[string]any, v any) gqlResponse {
	tb.Helper()
	out := w.send(tb, query, vars)
	if len(out.Errors) > 0 {
		tb.Fatalf("errors: %+v\n%s", out.Errors, query)
	}
	if v != nil {
		if err := json.Unmarshal(out.Data, v); err != nil {
			tb.Fatalf("decode %s: %v", out.Data, err)
		}
	}
	return out
}

const createPerson = `mutation($r: DatasetRecord!, $c: String) {
  createPerson(record: $r, clientMutationId: $c) { person { id name } revision graphRevision clientMutationId replayed }
}`

const createRelation = `mutation($r: DatasetRecord!) { createRelation(record: $r) { relation { id } revision } }`

func testov() map[string]any {
	return map[string]any{"id": "person/ivan-testov", "name": "Ivan Testov", "cite": cite, "born": map[string]any{"date": "1901"}}
}

func TestCreatedPersonIsFoundBySearchAndOnAPath(t *testing.T) {
	w := newWritable(t)
	var got struct {
		CreatePerson struct {
			Person                  struct{ ID, Name string }
			Revision, GraphRevision int
			Replayed                bool
		}
	}
	out := w.ok(t, createPerson, map[string]any{"r": testov()}, &got)
	if p := got.CreatePerson; p.Person.ID != "person/ivan-testov" || p.Revision != 2 || p.GraphRevision != 2 || p.Replayed {
		t.Errorf("createPerson = %+v, want the person at revision 2", p)
	}
	if rev, _ := out.Extensions["revision"].(float64); rev != 2 {
		t.Errorf("extensions.revision = %v, want 2", out.Extensions["revision"])
	}
	w.ok(t, createRelation, map[string]any{"r": map[string]any{
		"id": "relation/ivan-testov-member-of-nkvd", "subject": "person/ivan-testov", "type": "member-of", "object": "group/nkvd", "cite": []any{cite},
	}}, nil)
	var found struct {
		Search []struct{ Node struct{ ID string } }
		Path   *struct{ Nodes []struct{ ID string } }
		Rev    int `json:"revision"`
	}
	w.ok(t, `{ search(text: "Testov") { node { id } } path(from: "person/ivan-testov", to: "person/nikolai-yezhov") { nodes { id } } revision }`, nil, &found)
	if len(found.Search) == 0 || found.Search[0].Node.ID != "person/ivan-testov" {
		t.Errorf("search Testov = %+v, want person/ivan-testov first", found.Search)
	}
	if found.Path == nil || len(found.Path.Nodes) < 2 || found.Path.Nodes[1].ID != "group/nkvd" {
		t.Errorf("path from the new person = %+v, want one through group/nkvd", found.Path)
	}
	if found.Rev != 3 {
		t.Errorf("revision = %d, want 3", found.Rev)
	}
}

func TestStaleExpectedRevisionConflicts(t *testing.T) {
	w := newWritable(t)
	const update = `mutation($p: DatasetRecord!, $rev: Int) { updatePerson(id: "person/nikolai-yezhov", patch: $p, expectedRevision: $rev) { person { description } revision } }`
	var got struct{ UpdatePerson struct{ Revision int } }
	w.ok(t, update, map[string]any{"p": map[string]any{"description": "People's Commissar for Internal Affairs, 1936-1938."}, "rev": 1}, &got)
	if got.UpdatePerson.Revision != 2 {
		t.Fatalf("first update: revision %d, want 2", got.UpdatePerson.Revision)
	}
	out := w.send(t, update, map[string]any{"p": map[string]any{"description": "A second opinion."}, "rev": 1})
	if out.code() != "CONFLICT" || !strings.Contains(out.Errors[0].Message, "revision 2") {
		t.Fatalf("update at a stale revision = %+v, want CONFLICT naming revision 2", out.Errors)
	}
	if n := w.store.changeCount(); n != 2 {
		t.Errorf("%d changes logged, want 2 (the load and the first update)", n)
	}
}

func TestRetryWithTheSameClientMutationIDAppliesOnce(t *testing.T) {
	w := newWritable(t)
	const add = `mutation { addName(id: "person/nikolai-yezhov", text: "Jeschow", kind: TRANSLITERATION, clientMutationId: "add-jeschow") { entity { names { text } } revision replayed clientMutationId } }`
	type result struct {
		AddName struct {
			Entity           struct{ Names []struct{ Text string } }
			Revision         int
			Replayed         bool
			ClientMutationID string `json:"clientMutationId"`
		}
	}
	var first, second result
	w.ok(t, add, nil, &first)
	w.ok(t, add, nil, &second)
	if first.AddName.Replayed || !second.AddName.Replayed || second.AddName.Revision != first.AddName.Revision {
		t.Errorf("first %+v, second %+v: want the second replayed with the first's revision", first.AddName, second.AddName)
	}
	count := 0
	for _, n := range second.AddName.Entity.Names {
		if n.Text == "Jeschow" {
			count++
		}
	}
	if count != 1 {
		t.Errorf("the name Jeschow is listed %d times, want once", count)
	}
	var log struct{ Changes []struct{ Operation string } }
	w.ok(t, `{ changes(by: "anna") { operation } }`, nil, &log)
	if len(log.Changes) != 1 || log.Changes[0].Operation != "addName" {
		t.Errorf("changes by anna = %+v, want one addName", log.Changes)
	}
}

func TestUncitedRecordIsInvalidNamingTheField(t *testing.T) {
	w := newWritable(t)
	rec := testov()
	delete(rec, "cite")
	out := w.send(t, createPerson, map[string]any{"r": rec})
	if out.code() != "BAD_USER_INPUT" || !strings.Contains(out.Errors[0].Message, "uncited") || !strings.Contains(out.Errors[0].Message, "record.cite") {
		t.Fatalf("uncited person = %+v, want BAD_USER_INPUT naming record.cite", out.Errors)
	}
	problems, _ := out.Errors[0].Extensions["problems"].([]any)
	if len(problems) == 0 {
		t.Errorf("no problems in the extensions: %+v", out.Errors[0].Extensions)
	}
	if n := w.store.changeCount(); n != 1 {
		t.Errorf("%d changes logged, want only the load", n)
	}
}

func TestDanglingReferenceIsInvalid(t *testing.T) {
	w := newWritable(t)
	out := w.send(t, createRelation, map[string]any{"r": map[string]any{
		"id": "relation/yezhov-member-of-nowhere", "subject": "person/nikolai-yezhov", "type": "member-of", "object": "group/nkwd", "cite": []any{cite},
	}})
	if out.code() != "BAD_USER_INPUT" || !strings.Contains(out.Errors[0].Message, "record.object") || !strings.Contains(out.Errors[0].Message, "does not exist") {
		t.Fatalf("relation to nothing = %+v, want BAD_USER_INPUT at record.object", out.Errors)
	}
	out = w.send(t, `mutation { addParticipant(event: "event/great-terror", entity: "person/nobody-at-all", role: "victim") { event { id } } }`, nil)
	if out.code() != "BAD_USER_INPUT" || !strings.Contains(out.Errors[0].Message, "(input: entity)") {
		t.Fatalf("participant that is nobody = %+v, want BAD_USER_INPUT at the argument entity", out.Errors)
	}
}

func TestRetractedRecordIsHiddenAndItsHistoryShown(t *testing.T) {
	w := newWritable(t)
	w.ok(t, createPerson, map[string]any{"r": testov()}, nil)
	var ret struct{ Retract struct{ Revision int } }
	w.ok(t, `mutation { retract(id: "person/ivan-testov", reason: "no such person: a misreading of the essay") { revision } }`, nil, &ret)
	out := w.send(t, `{ node(id: "person/ivan-testov") { id } }`, nil)
	if out.code() != "NOT_FOUND" {
		t.Errorf("node of a retracted person = %s %+v, want NOT_FOUND", out.Data, out.Errors)
	}
	var found struct {
		Search []struct{ Node struct{ ID string } }
	}
	w.ok(t, `{ search(text: "Ivan Testov") { node { id } } }`, nil, &found)
	for _, h := range found.Search {
		if h.Node.ID == "person/ivan-testov" {
			t.Errorf("search finds the retracted person")
		}
	}
	var hist struct {
		History []struct {
			Revision      int
			Operation     string
			Before, After map[string][]map[string]any
		}
		Retracted struct {
			Reason   string
			Revision int
			Record   map[string][]map[string]any
		}
	}
	w.ok(t, `{ history(id: "person/ivan-testov") { revision operation before after } retracted(id: "person/ivan-testov") { reason revision record } }`, nil, &hist)
	if len(hist.History) != 2 || hist.History[0].Operation != "createPerson" || hist.History[1].Operation != "retract" {
		t.Fatalf("history = %+v, want createPerson then retract", hist.History)
	}
	if len(hist.History[0].Before) != 0 || hist.History[1].After["people"][0]["retracted"] == nil {
		t.Errorf("history before/after = %+v, want nothing before the creation and a retraction after", hist.History)
	}
	if hist.Retracted.Reason == "" || hist.Retracted.Revision != ret.Retract.Revision || hist.Retracted.Record["people"][0]["name"] != "Ivan Testov" {
		t.Errorf("retracted = %+v, want the reason and the record", hist.Retracted)
	}
}

func TestAddedNameIsFoundBySearch(t *testing.T) {
	w := newWritable(t)
	var before struct {
		Search []struct{ Node struct{ ID string } }
	}
	w.ok(t, `{ search(text: "Zheleznyi Narkom") { node { id } } }`, nil, &before)
	if len(before.Search) > 0 && before.Search[0].Node.ID == "person/nikolai-yezhov" {
		t.Skip("the seed finds Yezhov by the nickname already")
	}
	w.ok(t, `mutation { addName(id: "person/nikolai-yezhov", text: "Zheleznyi Narkom", kind: VARIANT, lang: "ru") { entity { id } } }`, nil, nil)
	var after struct {
		Search []struct{ Node struct{ ID string } }
	}
	w.ok(t, `{ search(text: "Zheleznyi Narkom") { node { id } } }`, nil, &after)
	if len(after.Search) == 0 || after.Search[0].Node.ID != "person/nikolai-yezhov" {
		t.Errorf("search Zheleznyi Narkom = %+v, want person/nikolai-yezhov first", after.Search)
	}
}

func TestRetryOfARemovalIsAnsweredWithTheFirstResult(t *testing.T) {
	w := newWritable(t)
	const remove = `mutation { removeName(id: "person/lev-kamenev", text: "Rozenfeld", clientMutationId: "drop-rozenfeld") { revision replayed } }`
	type result struct {
		RemoveName struct {
			Revision int
			Replayed bool
		}
	}
	var first, second result
	w.ok(t, remove, nil, &first)
	w.ok(t, remove, nil, &second)
	if !second.RemoveName.Replayed || second.RemoveName.Revision != first.RemoveName.Revision {
		t.Errorf("first %+v, second %+v: want the second replayed", first.RemoveName, second.RemoveName)
	}
	out := w.send(t, `mutation { removeName(id: "person/lev-kamenev", text: "Rozenfeld") { revision } }`, nil)
	if out.code() != "NOT_FOUND" {
		t.Errorf("removing a name that is gone, without a client id = %+v, want NOT_FOUND", out.Errors)
	}
}

func TestUpdateMergesThePatchOntoTheRecord(t *testing.T) {
	w := newWritable(t)
	const update = `mutation($p: DatasetRecord!) { updatePerson(id: "person/lev-kamenev", patch: $p) { person { name description born { edtf } names { text } } } }`
	var got struct {
		UpdatePerson struct {
			Person struct {
				Name, Description string
				Born              *struct{ EDTF string }
				Names             []struct{ Text string }
			}
		}
	}
	w.ok(t, update, map[string]any{"p": map[string]any{"description": "Changed.", "born": nil}}, &got)
	p := got.UpdatePerson.Person
	if p.Name != "Lev Kamenev" || p.Description != "Changed." || p.Born != nil || len(p.Names) < 3 {
		t.Errorf("after the patch: %+v, want the name and names kept, the description changed, born removed", p)
	}
	out := w.send(t, update, map[string]any{"p": map[string]any{"died": map[string]any{"date": "the summer of 1936"}}})
	if out.code() != "BAD_USER_INPUT" || !strings.Contains(out.Errors[0].Message, "patch.died.date") {
		t.Errorf("a patch with a bad date = %+v, want BAD_USER_INPUT at patch.died.date", out.Errors)
	}
}

func TestWritesInOneRequestAreBounded(t *testing.T) {
	w := newWritable(t)
	var b strings.Builder
	b.WriteString("mutation {")
	for i := range 21 {
		fmt.Fprintf(&b, ` m%d: addCitation(id: "person/lev-kamenev", citation: "source/essay-special-treatment ¶%d") { revision }`, i, 100+i)
	}
	b.WriteString(" }")
	out := w.send(t, b.String(), nil)
	if len(out.Errors) != 1 || out.code() != "LIMIT_EXCEEDED" {
		t.Fatalf("21 mutations in a request: errors %+v, want one LIMIT_EXCEEDED for the last", out.Errors)
	}
	if n := w.store.changeCount(); n != 21 {
		t.Errorf("%d changes logged, want the load and 20", n)
	}
}

func TestReadOnlyAnswersCarryNoRevision(t *testing.T) {
	_, out := post(t, newHandler(t, server.Options{}), `{ __typename }`, nil)
	if _, ok := out.Extensions["revision"]; ok || out.Extensions["requestId"] == nil {
		t.Errorf("extensions of a read-only server = %v, want the request id alone", out.Extensions)
	}
}
