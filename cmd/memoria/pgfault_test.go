package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store"
	"github.com/memoria-history/memoria/internal/store/pgtest"
)

// TestServeRidesOutPostgresDown: serve over PostgreSQL, whose server
// stops and starts again under it. While it is down /readyz answers 503,
// reads from the read model go on, and a write answers STORE_UNAVAILABLE
// at once; once it is back /readyz answers 200 by itself, and the writes
// made before and after are each in the change log once.
func TestServeRidesOutPostgresDown(t *testing.T) {
	// A server of its own: halting one shared with other tests would
	// stop their databases.
	pg := pgtest.Start(t.Context())
	t.Cleanup(func() {
		if err := pg.Stop(); err != nil {
			t.Error(err)
		}
	})
	db := pg.NewDatabase(t)
	editor := makeToken(t, db, "anna", "editor")
	admin := makeToken(t, db, "olga", "admin")
	base, stop, done, _ := startServe(t, db)
	defer waitServed(t, done)
	defer stop()

	create := `mutation($r: DatasetRecord!, $c: String) { createPerson(record: $r, clientMutationId: $c) { person { id } revision replayed } }`
	write := func(id, clientID string) (int, map[string]any) {
		return gqlAs(t, base, editor, create, map[string]any{"c": clientID,
			"r": map[string]any{"id": id, "name": "Fault " + id, "cite": "source/essay-special-treatment ¶1"}})
	}
	if status, out := write("person/fault-before", "before"); status != 200 || out["errors"] != nil {
		t.Fatalf("write before the fault: %d %v", status, out)
	}

	if err := pg.Halt(); err != nil {
		t.Fatal(err)
	}
	t.Logf("after the stop, /readyz answered 503 in %v", waitReady(t, base, http.StatusServiceUnavailable))
	start := time.Now()
	status, out := write("person/fault-down", "down")
	took := time.Since(start)
	if code := errorCode(out); code != "STORE_UNAVAILABLE" {
		t.Errorf("a write while the database is down: %d %v, want STORE_UNAVAILABLE", status, out)
	}
	if took > 3*time.Second {
		t.Errorf("a write while the database is down took %v to fail", took)
	}
	t.Logf("while down, a write failed in %v", took)
	if status, out := gqlAs(t, base, "", `{ node(id: "person/fault-before") { id } }`, nil); status != 200 || out["errors"] != nil {
		t.Errorf("a read from the read model while the database is down: %d %v", status, out)
	}
	if _, out := gqlAs(t, base, editor, `{ changes(by: "anna") { revision } }`, nil); errorCode(out) != "STORE_UNAVAILABLE" {
		t.Errorf("the change log while the database is down: %v, want STORE_UNAVAILABLE", out)
	}

	start = time.Now()
	if status := dumpStatus(t, base, admin); status != http.StatusServiceUnavailable || time.Since(start) > 3*time.Second {
		t.Errorf("a dump while the database is down: %d after %v, want 503 at once", status, time.Since(start))
	}

	if err := pg.Resume(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Logf("after the restart, /readyz answered 200 in %v", waitReady(t, base, http.StatusOK))
	if status, out := write("person/fault-down", "down"); status != 200 || out["errors"] != nil {
		t.Fatalf("the write retried once the database is back: %d %v", status, out)
	}
	if status, out := write("person/fault-after", "after"); status != 200 || out["errors"] != nil {
		t.Fatalf("a write once the database is back: %d %v", status, out)
	}
	// A write committed while its answer was lost, here through another
	// handle on the database: its retry is answered from the change log,
	// and the server serves it from then on.
	other, err := store.Open(t.Context(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	lost := history.Change{Put: history.Dataset{Entities: []history.Entity{{Kind: history.KindPerson, ID: "person/fault-lost", Name: "Fault Lost", Citations: []history.Citation{{Source: "source/essay-special-treatment", Locator: "¶1"}}}}}}
	if _, err := other.Apply(t.Context(), lost, store.ChangeMeta{Author: "anna", ClientID: "lost", At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	if _, out := write("person/fault-lost", "lost"); !strings.Contains(fmt.Sprint(out["data"]), "replayed:true") {
		t.Errorf("the retry of a write whose answer was lost: %v, want it replayed", out)
	}
	// A retry of an acknowledged write is answered, not applied again.
	if _, out := write("person/fault-before", "before"); !strings.Contains(fmt.Sprint(out["data"]), "replayed:true") {
		t.Errorf("the first write retried: %v, want it replayed", out)
	}
	_, out = gqlAs(t, base, editor, `{ changes(by: "anna") { clientMutationId } }`, nil)
	if got := fmt.Sprint(out["data"]); got != "map[changes:[map[clientMutationId:before] map[clientMutationId:down] map[clientMutationId:after] map[clientMutationId:lost]]]" {
		t.Errorf("anna's changes: %s, want before, down, after and lost once each", got)
	}
	if status := dumpStatus(t, base, admin); status != http.StatusOK {
		t.Errorf("a dump once the database is back: %d", status)
	}
	for _, id := range []string{"person/fault-before", "person/fault-down", "person/fault-after", "person/fault-lost"} {
		if _, out := gqlAs(t, base, "", fmt.Sprintf(`{ node(id: %q) { id } }`, id), nil); out["errors"] != nil || fmt.Sprint(out["data"]) == "map[node:<nil>]" {
			t.Errorf("%s after the fault: %v", id, out)
		}
	}
}

// dumpStatus is the status of GET /admin/dump with token.
func dumpStatus(t *testing.T, base, token string) int {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/admin/dump", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// waitReady waits until the server's /readyz answers want, and returns
// how long that took.
func waitReady(t *testing.T, base string, want int) time.Duration {
	t.Helper()
	got, start := 0, time.Now()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
		resp, err := http.DefaultClient.Do(req)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got = resp.StatusCode; got == want {
			return time.Since(start)
		}
	}
	t.Fatalf("/readyz answers %d, want %d", got, want)
	return 0
}

// errorCode is the extensions.code of an answer's first error.
func errorCode(out map[string]any) string {
	errs, _ := out["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	e, _ := errs[0].(map[string]any)
	ext, _ := e["extensions"].(map[string]any)
	code, _ := ext["code"].(string)
	return code
}
