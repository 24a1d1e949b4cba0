package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/history"
)

// Dumper writes the store as a dataset directory, zipped: what GET
// /admin/dump answers, so that a curator can commit the graph to git
// while the server, which holds the store, keeps running.
type Dumper interface {
	Dump(ctx context.Context) (zipped []byte, revision uint64, err error)
}

// serveDump is GET /admin/dump, for admins.
func (s *Server) serveDump(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		s.writeError(w, r, history.CodeMethodNotAllowed, "/admin/dump answers GET")
		return
	}
	who, err := s.gate.identify(r)
	if err == nil && !who.known {
		err = history.Errorf(history.CodeUnauthenticated, "a dump needs an admin's token: send Authorization: Bearer mem_...")
	}
	if err == nil && !who.token.Role.Allows(auth.RoleAdmin) {
		err = history.Errorf(history.CodeForbidden, "token %q has the role %s; a dump needs admin", who.token.Name, who.token.Role)
	}
	if err != nil {
		s.refuseAccess(w, r, mediaJSON, err, 0)
		return
	}
	d := s.opts.Load.Dumper
	if d == nil {
		s.writeError(w, r, history.CodeNotFound, "this server writes no dumps: it was started without a store to write")
		return
	}
	// A dump reads the whole store: the load's deadline, not a query's.
	deadline := time.Now().Add(s.opts.Load.Timeout)
	_ = http.NewResponseController(w).SetWriteDeadline(deadline.Add(10 * time.Second))
	ctx, cancel := context.WithDeadline(r.Context(), deadline)
	defer cancel()
	zipped, rev, err := d.Dump(ctx)
	if err != nil {
		s.writeFailure(w, r, "dump", err, "internal error: the server's log has the details under this request's id")
		return
	}
	h := w.Header()
	h.Set("Content-Type", MediaZip)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="memoria-dump-r%d.zip"`, rev))
	h.Set("X-Memoria-Revision", strconv.FormatUint(rev, 10))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(zipped)))
	w.WriteHeader(http.StatusOK)
	_, _ = bytes.NewReader(zipped).WriteTo(w)
}
