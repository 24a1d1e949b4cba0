package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"strings"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/server"
)

// The bounds of an unzipped upload: a zip of a few megabytes may claim to
// hold terabytes. archive/zip stops reading an entry at the size its
// header declares, so bounding the declared sizes bounds what is read.
const (
	maxUploadFiles    = 100_000
	maxUploadUnpacked = 1 << 30
)

// readUpload reads a dataset sent to /admin/load: a zipped directory, read
// as a local dataset directory is, or one YAML file. Problems name files
// as the client's directory does: NAME/people.yaml:12.
func readUpload(ctx context.Context, u server.Upload) (*history.Dataset, error) {
	if u.Media == server.MediaYAML {
		ds := &history.Dataset{}
		if len(u.Body) > dataset.MaxFileSize {
			return nil, history.Errorf(history.CodeLimit, "%s is larger than the %d MiB a dataset file may be", u.Name, dataset.MaxFileSize>>20)
		}
		if err := dataset.ReadFile(ds, u.Name, u.Body).Err("read dataset " + u.Name); err != nil {
			return nil, err
		}
		return ds, nil
	}
	zr, err := zip.NewReader(bytes.NewReader(u.Body), int64(len(u.Body)))
	if errors.Is(err, zip.ErrInsecurePath) {
		return nil, history.Errorf(history.CodeInvalid, "read dataset %s: a file in the zip has a name that leaves its directory (absolute, or with ..): zip the dataset's directory from inside it", u.Name)
	}
	if err != nil {
		return nil, history.Errorf(history.CodeInvalid, "read dataset %s: not a zip archive: %v", u.Name, err)
	}
	if n := len(zr.File); n > maxUploadFiles {
		return nil, history.Errorf(history.CodeLimit, "read dataset %s: %d files in the zip, at most %d", u.Name, n, maxUploadFiles)
	}
	var unpacked uint64
	for _, f := range zr.File {
		// archive/zip refuses such names only under GODEBUG=zipinsecurepath=0,
		// and its fs.FS then hides them: a dataset would lose a file unsaid.
		if !localName(strings.TrimSuffix(f.Name, "/")) {
			return nil, history.Errorf(history.CodeInvalid, "read dataset %s: the zip holds %q, a name that leaves its directory (absolute, with .. or backslashes): zip the dataset's directory from inside it", u.Name, f.Name)
		}
		if unpacked += f.UncompressedSize64; unpacked > maxUploadUnpacked {
			return nil, history.Errorf(history.CodeLimit, "read dataset %s: the zip unpacks to more than %d MiB", u.Name, maxUploadUnpacked>>20)
		}
	}
	ds, err := dataset.ReadFS(ctx, zr, ".", u.Name)
	if err != nil {
		var coded *history.Error
		if errors.As(err, &coded) {
			return nil, err
		}
		return nil, history.Errorf(history.CodeInvalid, "read dataset %s: %v", u.Name, err)
	}
	if ds.Len() == 0 {
		return nil, history.Errorf(history.CodeInvalid, "read dataset %s: it holds no records: is it the dataset's directory, zipped from inside?", u.Name)
	}
	return ds, nil
}

// localName says whether a name from a zip stays inside the directory it
// is unpacked or read into: relative, without .. or backslashes.
func localName(name string) bool {
	return fs.ValidPath(name) && !strings.Contains(name, `\`)
}
