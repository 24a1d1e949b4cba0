package main

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/server"
)

const uploadPerson = "sources:\n  - id: source/s\n    title: S\n    kind: book\npeople:\n  - id: person/a\n    name: A\n    cite: [source/s p. 1]\n"

func zipOf(tb testing.TB, files map[string]string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadUpload(t *testing.T) {
	tests := []struct {
		name     string
		upload   server.Upload
		want     int // entities read
		wantCode history.Code
		wantErr  string
	}{
		{"zip", server.Upload{Media: server.MediaZip, Name: "d", Body: zipOf(t, map[string]string{"people.yaml": uploadPerson})}, 1, "", ""},
		{"zip in a folder", server.Upload{Media: server.MediaZip, Name: "d", Body: zipOf(t, map[string]string{"sub/people.yaml": uploadPerson})}, 1, "", ""},
		{"yaml", server.Upload{Media: server.MediaYAML, Name: "people.yaml", Body: []byte(uploadPerson)}, 1, "", ""},
		{"bad yaml names its line", server.Upload{Media: server.MediaYAML, Name: "people.yaml", Body: []byte("people:\n  - id: [\n")}, 0, history.CodeInvalid, "people.yaml:"},
		{"bad yaml in a zip names its file", server.Upload{Media: server.MediaZip, Name: "d", Body: zipOf(t, map[string]string{"people.yaml": "people: {"})}, 0, history.CodeInvalid, "d/people.yaml:"},
		{"not a zip", server.Upload{Media: server.MediaZip, Name: "d", Body: []byte("people: []")}, 0, history.CodeInvalid, "not a zip"},
		{"path out", server.Upload{Media: server.MediaZip, Name: "d", Body: zipOf(t, map[string]string{"../people.yaml": uploadPerson})}, 0, history.CodeInvalid, "leaves its directory"},
		{"empty zip", server.Upload{Media: server.MediaZip, Name: "d", Body: zipOf(t, map[string]string{"README": "hello"})}, 0, history.CodeInvalid, "no .yaml files"},
		{"claims a huge size", server.Upload{Media: server.MediaZip, Name: "d", Body: zipOf(t, map[string]string{"a.yaml": strings.Repeat("#", 1<<20)})}, 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := readUpload(context.Background(), tt.upload)
			if tt.wantCode == "" && tt.name != "claims a huge size" {
				if err != nil || len(ds.Entities) != tt.want {
					t.Fatalf("readUpload = %v, %v; want %d entities", ds, err, tt.want)
				}
				return
			}
			if tt.wantCode != "" && (history.ErrorCode(err) != tt.wantCode || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("readUpload error = %v; want %s saying %q", err, tt.wantCode, tt.wantErr)
			}
		})
	}
}

// TestReadUploadRefusesABomb declares more than the bound in a zip's
// headers: refused from the headers, before anything is unpacked.
func TestReadUploadRefusesABomb(t *testing.T) {
	body := zipOf(t, map[string]string{"a.yaml": "x", "b.yaml": "y"})
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	// Rewrite the central directory's sizes: each entry claims 600 MiB.
	for _, f := range zr.File {
		var claim [4]byte
		size := uint32(600 << 20)
		claim[0], claim[1], claim[2], claim[3] = byte(size), byte(size>>8), byte(size>>16), byte(size>>24)
		off := bytes.LastIndex(body, []byte(f.Name))
		// The central directory header puts the uncompressed size 24
		// bytes after its signature, and the name 46 bytes after.
		copy(body[off-46+24:off-46+28], claim[:])
	}
	_, err = readUpload(context.Background(), server.Upload{Media: server.MediaZip, Name: "bomb", Body: body})
	if history.ErrorCode(err) != history.CodeLimit || !strings.Contains(err.Error(), "MiB") {
		t.Fatalf("readUpload of a bomb = %v, want LIMIT", err)
	}
}

func FuzzReadUpload(f *testing.F) {
	f.Add(zipOf(f, map[string]string{"people.yaml": uploadPerson}), true)
	f.Add([]byte(uploadPerson), false)
	f.Add(zipOf(f, map[string]string{"x/../people.yaml": "people: ["}), true)
	f.Fuzz(func(t *testing.T, body []byte, zipped bool) {
		u := server.Upload{Media: server.MediaYAML, Name: "u", Body: body}
		if zipped {
			u.Media = server.MediaZip
		}
		ds, err := readUpload(context.Background(), u)
		if err == nil && ds == nil {
			t.Fatal("no dataset and no error")
		}
		if err != nil && history.ErrorCode(err) == history.CodeInternal {
			t.Fatalf("an upload's fault is the server's: %v", err)
		}
	})
}

// FuzzUnpackDump: whatever a server sends as its dump, unpacking it writes
// only inside the directory, or fails with an error.
func FuzzUnpackDump(f *testing.F) {
	f.Add(zipOf(f, map[string]string{"people.yaml": uploadPerson}))
	f.Add(zipOf(f, map[string]string{"../escape.yaml": "x"}))
	f.Add(zipOf(f, map[string]string{"sub/dir/a.yaml": "x"}))
	f.Add([]byte("not a zip"))
	f.Fuzz(func(t *testing.T, body []byte) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "dump")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if _, err := unpackDump(dir, body); err != nil {
			return
		}
		entries, _ := os.ReadDir(parent)
		if len(entries) != 1 {
			t.Fatalf("unpacking wrote beside its directory: %v", entries)
		}
	})
}
