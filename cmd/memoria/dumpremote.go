package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
)

// Dump writes the store as a dataset directory, zipped, for GET
// /admin/dump. Writes wait while the store is read, so that the dump is
// the graph at one revision; the files are written and zipped after.
func (g *liveGraph) Dump(ctx context.Context) ([]byte, uint64, error) {
	ds, rev, err := g.store.DatasetAt(ctx)
	if err != nil {
		return nil, 0, err
	}
	dir, err := os.MkdirTemp("", "memoria-dump-")
	if err != nil {
		return nil, 0, history.Wrap(history.CodeInternal, "dump", err)
	}
	defer os.RemoveAll(dir)
	header := fmt.Sprintf("Written by memoria serve's dump at revision %d.", rev)
	names, err := dataset.WriteDir(ctx, dir, ds, dataset.WriteOptions{Header: header})
	if err != nil {
		return nil, 0, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, 0, history.Wrap(history.CodeInternal, "dump", err)
		}
		w, err := zw.Create(filepath.ToSlash(name))
		if err == nil {
			_, err = w.Write(data)
		}
		if err != nil {
			return nil, 0, history.Wrap(history.CodeInternal, "dump", err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, 0, history.Wrap(history.CodeInternal, "dump", err)
	}
	return buf.Bytes(), rev, nil
}

// dumpRemote asks a running server for its dump (GET /admin/dump, with
// the admin token in MEMORIA_TOKEN) and unpacks it into dir, which must
// hold no dataset files: the server holds the store, so a local dump
// cannot read it.
func dumpRemote(ctx context.Context, e env, server, dir string) error {
	target, token, err := remoteTarget(e, server, "/admin/dump", "dump --server needs an admin token in MEMORIA_TOKEN")
	if err != nil {
		return err
	}
	if err := emptyDumpDir(dir); err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target.String(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := (&http.Client{Timeout: 15 * time.Minute}).Do(req)
	if err != nil {
		return history.Wrap(history.CodeInternal, "ask "+server+" for its dump", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<30))
	if err != nil {
		return history.Wrap(history.CodeInternal, "read the dump of "+server, err)
	}
	if resp.StatusCode != http.StatusOK {
		return remoteError(server, resp.StatusCode, body)
	}
	files, err := unpackDump(dir, body)
	if err != nil {
		return err
	}
	rev, _ := strconv.ParseUint(resp.Header.Get("X-Memoria-Revision"), 10, 64)
	fmt.Fprintf(e.stdout, "%s: wrote %d files, the graph of %s at revision %d\n", filepath.Clean(dir), files, server, rev)
	return nil
}

// emptyDumpDir makes dir if it is missing, and refuses one that holds
// dataset files already: a dump never mixes with another.
func emptyDumpDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return history.Wrap(history.CodeInvalid, "dump into "+dir, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return history.Wrap(history.CodeInvalid, "dump into "+dir, err)
	}
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); ext == ".yaml" || ext == ".yml" {
			return history.Errorf(history.CodeInvalid, "dump into %s: it holds %s already; dump into an empty directory", dir, e.Name())
		}
	}
	return nil
}

// unpackDump writes the files of a dump's zip into dir. The names come
// from the server, so each is checked as an upload's are: a name that
// leaves the directory is refused.
func unpackDump(dir string, body []byte) (int, error) {
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		return 0, history.Errorf(history.CodeInternal, "the server's dump is not a zip archive: %v", err)
	}
	for _, f := range zr.File {
		if !localName(f.Name) || f.FileInfo().IsDir() {
			return 0, history.Errorf(history.CodeInternal, "the server's dump holds %q, which is not a file of the dataset's directory", f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			return 0, history.Wrap(history.CodeInternal, "unpack the dump", err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err == nil {
			err = os.MkdirAll(filepath.Dir(path), 0o755)
		}
		if err == nil {
			err = os.WriteFile(path, data, 0o644)
		}
		if err != nil {
			return 0, history.Wrap(history.CodeInternal, "unpack the dump", err)
		}
	}
	return len(zr.File), nil
}
