package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestReadyzSaysNoWhileDraining: after the signal, for --drain, the
// server goes on answering: /readyz with 503, the rest as before, every
// answer with Connection: close; then it stops, and serve returns nil.
func TestReadyzSaysNoWhileDraining(t *testing.T) {
	base, stop, done, log := startServe(t, "memory:", "--drain", "3s")
	stop()
	// A client that keeps connections open unless the server says close.
	client := &http.Client{Transport: &http.Transport{}}
	var ready *http.Response
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		resp, err := client.Get(base + "/readyz")
		if err != nil {
			t.Fatalf("GET /readyz while draining: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusServiceUnavailable {
			ready = resp
			break
		}
	}
	if ready == nil {
		t.Fatal("/readyz never answered 503 while draining")
	}
	if !ready.Close {
		t.Errorf("/readyz while draining: Connection %q, want close", ready.Header.Get("Connection"))
	}
	resp, err := client.Post(base+"/graphql", "application/json", strings.NewReader(`{"query":"{ sources { id } }"}`))
	if err != nil {
		t.Fatalf("a query while draining: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "source/") || !resp.Close {
		t.Errorf("a query while draining: status %d, Connection: close %v, body %.200s", resp.StatusCode, resp.Close, body)
	}
	waitServed(t, done)
	if !strings.Contains(log.String(), "msg=\"shut down\"") {
		t.Errorf("no end of the shutdown in the log:\n%s", log.String())
	}
}
