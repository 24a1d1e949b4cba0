package server_test

import (
	"testing"

	"github.com/memoria-history/memoria/internal/server"
)

// TestMutationsWaitingDoNotHoldQueriesBack: with as many mutations
// waiting for the store as there are execution slots, a query is still
// answered at once.
func TestMutationsWaitingDoNotHoldQueriesBack(t *testing.T) {
	const slots = 2
	ts := newTokens(t)
	exec := newWritingExecutor(t)
	exec.started, exec.release = make(chan struct{}, slots), make(chan struct{})
	s, err := server.New(exec, server.Options{MaxConcurrent: slots, Access: server.Access{Keyring: ts.keyring}})
	if err != nil {
		t.Fatal(err)
	}
	s.SetReady(true)
	done := make(chan int, slots)
	for range slots {
		go func() {
			rec, _ := postAs(t, s, "POST", ts.editor, "mutation { touch }")
			done <- rec.Code
		}()
	}
	for range slots {
		<-exec.started
	}
	if rec, resp := postAs(t, s, "POST", ts.reader, "{ ping }"); rec.Code != 200 || string(resp.Data) != `{"ping":"pong"}` {
		t.Errorf("a query beside %d waiting mutations: status %d, %s", slots, rec.Code, rec.Body)
	}
	close(exec.release)
	for range slots {
		if code := <-done; code != 200 {
			t.Errorf("a mutation was answered %d", code)
		}
	}
}
