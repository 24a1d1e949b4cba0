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

	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/history"
)

// Loader applies a dataset sent to POST /admin/load as one change: all of
// it or, on any error, none of it. It is declared here, where it is used;
// the command line implements it over the store and the read model.
type Loader interface {
	LoadUpload(ctx context.Context, u Upload) (LoadReport, error)
}

// Upload is a dataset as a client sent it.
type Upload struct {
	// Media is MediaZip (a dataset directory, zipped) or MediaYAML (one
	// dataset file).
	Media string
	Body  []byte
	// Name is what error messages call the upload: the X-Dataset-Name
	// header (the client's directory or file name), or "upload".
	Name string
}

// The media types of an upload.
const (
	MediaZip  = "application/zip"
	MediaYAML = "application/yaml"
)

// LoadReport is what a load did.
type LoadReport struct {
	Revision uint64         `json:"revision"` // the graph's revision after the load
	Records  map[string]int `json:"records"`  // records written, by kind
	Summary  string         `json:"summary"`  // one line a person reads
}

// LoadOptions configures /admin/load.
type LoadOptions struct {
	// Loader applies uploads; without one, /admin/load answers 404.
	Loader Loader
	// Dumper writes the store for GET /admin/dump; without one, 404.
	Dumper Dumper
	// MaxBytes bounds an upload (default 256 MiB: a dataset of several
	// hundred thousand records, zipped).
	MaxBytes int64
	// Timeout bounds a load, upload included, and a dump (default 10
	// minutes).
	Timeout time.Duration
}

func (o *LoadOptions) fill() {
	if o.MaxBytes <= 0 {
		o.MaxBytes = 256 << 20
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Minute
	}
}

// serveLoad is POST /admin/load: an admin's dataset, applied as one
// change while the server keeps answering from the graph before it.
func (s *Server) serveLoad(w http.ResponseWriter, r *http.Request) {
	lo := s.opts.Load
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		s.writeError(w, r, history.CodeMethodNotAllowed, "/admin/load takes a dataset with POST")
		return
	}
	who, err := s.gate.identify(r)
	var wait time.Duration
	if err == nil {
		wait, err = s.gate.admitWrite(who, auth.RoleAdmin, time.Now())
	}
	if err != nil {
		s.refuseAccess(w, r, mediaJSON, err, wait)
		return
	}
	if lo.Loader == nil {
		s.writeError(w, r, history.CodeNotFound, "this server takes no datasets: it was started without a store to write")
		return
	}
	media, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case err != nil:
		s.writeError(w, r, history.CodeUnsupportedMediaType, "send the dataset as "+MediaZip+" (a directory, zipped) or "+MediaYAML+" (one file)")
		return
	case media == "application/x-yaml" || media == "text/yaml":
		media = MediaYAML
	case media != MediaZip && media != MediaYAML:
		s.writeError(w, r, history.CodeUnsupportedMediaType, fmt.Sprintf("a dataset is sent as %s (a directory, zipped) or %s (one file), not %s", MediaZip, MediaYAML, media))
		return
	}
	if r.ContentLength > lo.MaxBytes {
		s.writeError(w, r, history.CodeRequestTooLarge, fmt.Sprintf("the dataset is %d bytes; this server takes at most %d", r.ContentLength, lo.MaxBytes))
		return
	}
	// A dataset takes longer to send and to apply than a query: the
	// server's own read and write deadlines are lifted for this request
	// to the load's.
	deadline := time.Now().Add(lo.Timeout)
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(deadline)
	_ = rc.SetWriteDeadline(deadline.Add(10 * time.Second))
	ctx, cancel := context.WithDeadline(r.Context(), deadline)
	defer cancel()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, lo.MaxBytes))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		s.writeError(w, r, history.CodeRequestTooLarge, fmt.Sprintf("the dataset is larger than the %d bytes this server takes", lo.MaxBytes))
		return
	case err != nil:
		s.writeError(w, r, history.CodeBadRequest, "read the dataset: "+err.Error())
		return
	}
	name := r.Header.Get("X-Dataset-Name")
	if name == "" || len(name) > 200 {
		name = "upload"
	}
	ctx = auth.WithToken(ctx, who.token)
	report, err := lo.Loader.LoadUpload(ctx, Upload{Media: media, Body: body, Name: name})
	if err != nil {
		s.writeFailure(w, r, "load", err, "internal error: the load was not applied; the server's log has the details under this request's id")
		return
	}
	s.writeLoaded(w, r, report)
}

// writeLoaded answers a load that was applied.
func (s *Server) writeLoaded(w http.ResponseWriter, r *http.Request, report LoadReport) {
	body, err := json.Marshal(struct {
		LoadReport
		RequestID string `json:"requestId"`
	}{report, requestID(r.Context())})
	if err != nil {
		s.writeError(w, r, history.CodeInternal, "encode the load's report")
		return
	}
	w.Header().Set("Content-Type", contentType(mediaJSON))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(append(body, '\n'))
}
