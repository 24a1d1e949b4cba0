package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
)

// loadRemote sends the dataset at path to a running server, which applies
// it as one change (POST /admin/load): a directory zipped, a file as it is.
// The token comes from MEMORIA_TOKEN, never from a flag, which other users
// of the machine could read in the process list.
func loadRemote(ctx context.Context, e env, server, path string, followLinks bool) error {
	target, token, err := remoteTarget(e, server, "/admin/load", "load --server needs an admin token in MEMORIA_TOKEN (memoria token create --role admin makes one)")
	if err != nil {
		return err
	}
	body, media, err := packDataset(path, followLinks)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target.String(), bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", media)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("X-Dataset-Name", filepath.Base(filepath.Clean(path)))
	client := &http.Client{Timeout: 15 * time.Minute}
	resp, err := client.Do(req)
	if err != nil {
		return history.Wrap(history.CodeInternal, "send the dataset to "+server, err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return history.Wrap(history.CodeInternal, "read the answer of "+server, err)
	}
	if resp.StatusCode != http.StatusOK {
		return remoteError(server, resp.StatusCode, answer)
	}
	var report struct {
		Revision uint64 `json:"revision"`
		Summary  string `json:"summary"`
	}
	if err := json.Unmarshal(answer, &report); err != nil {
		return history.Wrap(history.CodeInternal, "read the answer of "+server, err)
	}
	fmt.Fprintf(e.stdout, "%s: %s; the graph is at revision %d\n", path, report.Summary, report.Revision)
	return nil
}

// remoteTarget is the URL of path on server, and the token in
// MEMORIA_TOKEN; without a token, the error says what needs one.
func remoteTarget(e env, server, path, needs string) (*url.URL, string, error) {
	token := e.getenv("MEMORIA_TOKEN")
	if token == "" {
		return nil, "", history.Errorf(history.CodeUnauthenticated, "%s", needs)
	}
	target, err := url.Parse(strings.TrimSuffix(server, "/") + path)
	if err != nil || (target.Scheme != "http" && target.Scheme != "https") || target.Host == "" {
		return nil, "", fmt.Errorf("%w: --server %q is not an http:// or https:// URL", errUsage, server)
	}
	return target, token, nil
}

// remoteError turns a server's error answer into an error with the
// server's code, so that load --server exits as a local load would.
func remoteError(server string, status int, answer []byte) error {
	var body struct {
		Errors []struct {
			Message    string `json:"message"`
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if json.Unmarshal(answer, &body) != nil || len(body.Errors) == 0 {
		return history.Errorf(history.CodeInternal, "%s answered %d %s", server, status, http.StatusText(status))
	}
	e := body.Errors[0]
	code := history.CodeOf(e.Extensions.Code)
	if code == "" {
		code = history.CodeInternal
	}
	return &history.Error{Code: code, Op: "load into " + server, Message: e.Message}
}

// maxUpload bounds what load --server packs, as the server bounds what it
// takes by default.
const maxUpload = 256 << 20

// packDataset makes the body of an upload: a dataset directory zipped, its
// hidden files and directories (.git) left out, or one dataset file as it
// is. A directory is read through dataset.Dir, with the same refusals as a
// local load (links out of it, named pipes, devices).
func packDataset(p string, followLinks bool) ([]byte, string, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, "", history.Wrap(history.CodeInvalid, "read dataset", err)
	}
	if !info.IsDir() {
		if info.Size() > maxUpload {
			return nil, "", history.Errorf(history.CodeLimit, "%s is %d bytes, more than the %d a server takes", p, info.Size(), maxUpload)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, "", history.Wrap(history.CodeInvalid, "read dataset", err)
		}
		return data, "application/yaml", nil
	}
	dir, err := dataset.OpenDir(p, followLinks)
	if err != nil {
		return nil, "", history.Wrap(history.CodeInvalid, "read dataset", err)
	}
	defer dir.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var total int64
	err = fs.WalkDir(dir, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name != "." && strings.HasPrefix(path.Base(name), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(dir, name)
		if err != nil {
			return err
		}
		if total += int64(len(data)); total > maxUpload {
			return history.Errorf(history.CodeLimit, "%s holds more than the %d bytes a server takes", p, maxUpload)
		}
		w, err := zw.Create(name)
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	var coded *history.Error
	if errors.As(err, &coded) {
		return nil, "", err
	}
	if err != nil {
		return nil, "", history.Wrap(history.CodeInvalid, "read dataset "+p, err)
	}
	return buf.Bytes(), "application/zip", nil
}
