package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/memoria-history/memoria/internal/history"
)

// Ingester reads a document sent to POST /ingest and answers the draft a
// first reading makes of it, against the graph served. It writes nothing.
// It is declared here, where it is used; the command line implements it.
type Ingester interface {
	Ingest(ctx context.Context, doc IngestRequest) (any, error)
}

// IngestRequest is a document sent for a first reading, and what the
// client says of its source.
type IngestRequest struct {
	Body []byte
	// Format is "text", "markdown" or "html", from the Content-Type.
	Format string
	// The source record the draft proposes, from the query string:
	// source-id (required), title, author, kind, published, url.
	SourceID, Title, Author, Kind, Published, URL string
}

// IngestOptions configures POST /ingest.
type IngestOptions struct {
	// Ingester drafts documents; without one, /ingest answers 404.
	Ingester Ingester
	// MaxBytes bounds a document (default 8 MiB: a book's text).
	MaxBytes int64
	// Timeout bounds a reading (default 30 s).
	Timeout time.Duration
}

// serveIngest is POST /ingest: a document's draft, as JSON. It writes
// nothing, so whoever may read the graph may ask.
func (s *Server) serveIngest(w http.ResponseWriter, r *http.Request) {
	o := s.opts.Ingest
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		s.writeError(w, r, history.CodeMethodNotAllowed, "/ingest takes a document with POST")
		return
	}
	who, err := s.gate.identify(r)
	if err == nil {
		err = s.gate.admitRead(who)
	}
	if err != nil {
		s.refuseAccess(w, r, mediaJSON, err, 0)
		return
	}
	if o.Ingester == nil {
		s.writeError(w, r, history.CodeNotFound, "this server reads no documents: it was started without an ingester")
		return
	}
	format, err := ingestFormat(r.Header.Get("Content-Type"))
	if err != nil {
		s.writeError(w, r, history.CodeUnsupportedMediaType, err.Error())
		return
	}
	maxBytes := o.MaxBytes
	if maxBytes <= 0 {
		maxBytes = 8 << 20
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		s.writeError(w, r, history.CodeRequestTooLarge, fmt.Sprintf("the document is larger than the %d bytes this server reads", maxBytes))
		return
	}
	if err != nil {
		s.writeError(w, r, history.CodeBadRequest, "read the document: "+err.Error())
		return
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	q := r.URL.Query()
	draft, err := o.Ingester.Ingest(ctx, IngestRequest{Body: body, Format: format, SourceID: q.Get("source-id"), Title: q.Get("title"),
		Author: q.Get("author"), Kind: q.Get("kind"), Published: q.Get("published"), URL: q.Get("url")})
	if err != nil {
		s.writeFailure(w, r, "ingest", err, "internal error: the server's log has the details under this request's id")
		return
	}
	out, err := json.Marshal(draft)
	if err != nil {
		s.writeError(w, r, history.CodeInternal, "internal error: the draft did not encode")
		return
	}
	w.Header().Set("Content-Type", mediaJSON)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
}

// ingestFormat reads the document's format from its media type.
func ingestFormat(contentType string) (string, error) {
	if contentType == "" {
		return "text", nil
	}
	media, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", errors.New("the Content-Type is not a media type: send text/plain, text/markdown or text/html")
	}
	if cs, ok := params["charset"]; ok && cs != "utf-8" && cs != "UTF-8" {
		return "", errors.New("a document must be UTF-8, not " + cs)
	}
	switch media {
	case "text/plain":
		return "text", nil
	case "text/markdown", "text/x-markdown":
		return "markdown", nil
	case "text/html", "application/xhtml+xml":
		return "html", nil
	}
	return "", errors.New("send the document as text/plain, text/markdown or text/html, not " + media)
}
