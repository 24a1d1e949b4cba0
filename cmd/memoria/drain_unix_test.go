//go:build unix

package main

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestShutdownWaitsForAStalledExport: an export to a client that has
// stopped reading is still being written when the signal comes. The
// shutdown waits for it as long as a request may take (its timeout and
// the time to write), net/http's write deadline then ends it, and serve
// returns nil. (The shutdown used to give up first, cut it off and exit
// 1; a request cut off now is logged, and serve still returns nil: a
// stop asked for is not a failure.)
func TestShutdownWaitsForAStalledExport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gen")
	if code, _, errOut := cli(t, nil, "gen", "--people", "5000", "-o", dir); code != 0 {
		t.Fatalf("gen: exit %d\n%s", code, errOut)
	}
	db := "bbolt:" + filepath.Join(t.TempDir(), "memoria.db")
	if code, _, errOut := cli(t, nil, "--db", db, "load", dir); code != 0 {
		t.Fatalf("load: exit %d\n%s", code, errOut)
	}
	base, stop, done, log := startServe(t, db, "--drain", "0s", "--timeout", "1s")
	// A receive buffer of a few KB, and no reading: the export of the
	// whole graph (some 15 MB of N-Quads) stalls on the server's writes.
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var err error
		_ = c.Control(func(fd uintptr) { err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
		return err
	}}
	conn, err := d.DialContext(context.Background(), "tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET /export/nquads HTTP/1.1\r\nHost: memoria\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReaderSize(conn, 1024), nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the export: %v, %v", resp, err)
	}
	stop()
	waitServed(t, done)
	if l := log.String(); !strings.Contains(l, `msg="shut down"`) || strings.Contains(l, "cut off") {
		t.Errorf("the shutdown did not wait for the export to end:\n%s", l)
	}
}
