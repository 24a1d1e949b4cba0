package dataset

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotRegular is matched by the error of a dataset file that is not a
// regular file: a named pipe or a device would block a read, or never end
// it, and a directory or socket holds no records.
var ErrNotRegular = errors.New("not a regular file")

// ErrLinkOutside is matched by the error of a symbolic link that leads out
// of the dataset's directory, which a Dir does not follow unless asked: a
// contribution could otherwise make a validation read, and quote, any file
// its runner may read.
var ErrLinkOutside = errors.New("a symbolic link that leads out of the dataset's directory")

// A Dir is a dataset directory on disk, as ReadFS and NewStream read it.
// It opens regular files only, and without waiting: a named pipe or a
// device is refused, not opened for a read that would never end. Unless
// links are followed, a symbolic link is followed only where it stays in
// the directory (through os.Root, which also holds when a link changes
// between a look and an open).
type Dir struct {
	path string
	root *os.Root // nil when links are followed wherever they lead
}

// OpenDir opens the dataset directory at path; followLinks follows
// symbolic links out of it too. Close it when done.
func OpenDir(path string, followLinks bool) (*Dir, error) {
	d := &Dir{path: path}
	if followLinks {
		info, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			return nil, &fs.PathError{Op: "open", Path: path, Err: errors.New("not a directory")}
		}
		return d, nil
	}
	root, err := os.OpenRoot(path)
	if err != nil {
		return nil, err
	}
	d.root = root
	return d, nil
}

// Close releases the directory.
func (d *Dir) Close() error {
	if d.root == nil {
		return nil
	}
	return d.root.Close()
}

// Open opens the named file for reading, refusing what is not a regular
// file or a directory with an error that matches ErrNotRegular.
func (d *Dir) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	var (
		f   *os.File
		err error
	)
	if d.root != nil {
		f, err = d.root.OpenFile(name, openFlags, 0)
	} else {
		f, err = os.OpenFile(d.join(name), openFlags, 0)
	}
	if err != nil {
		return nil, d.linkError("open", name, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: notRegular(info.Mode())}
	}
	return f, nil
}

// ReadDir lists the named directory.
func (d *Dir) ReadDir(name string) ([]fs.DirEntry, error) {
	if d.root != nil {
		entries, err := fs.ReadDir(d.root.FS(), name)
		return entries, d.linkError("read directory", name, err)
	}
	return fs.ReadDir(os.DirFS(d.path), name)
}

// Stat describes the named file, following symbolic links as Open does.
func (d *Dir) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	if d.root != nil {
		info, err := d.root.Stat(name)
		return info, d.linkError("stat", name, err)
	}
	return os.Stat(d.join(name))
}

func (d *Dir) join(name string) string { return filepath.Join(d.path, filepath.FromSlash(name)) }

// linkError says so when err, from os.Root, is that of a symbolic link
// that leads out of the directory; os.Root's own words ("path escapes from
// parent") do not say which link, nor what to do.
func (d *Dir) linkError(op, name string, err error) error {
	if err == nil || d.root == nil || errors.Is(err, fs.ErrNotExist) {
		return err
	}
	target, err2 := filepath.EvalSymlinks(d.join(name))
	base, err3 := filepath.EvalSymlinks(d.path)
	if err2 != nil || err3 != nil {
		return err
	}
	if rel, err := filepath.Rel(base, target); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return err
	}
	return &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("%w, to %s: not followed unless links are followed (--follow-links)", ErrLinkOutside, excerpt(target))}
}

// notRegular is the error of a file of mode m that is not a regular file.
func notRegular(m fs.FileMode) error {
	return fmt.Errorf("%s, %w: a dataset is read from regular files only", kindOfFile(m), ErrNotRegular)
}

// kindOfFile names what a file of mode m is, for messages.
func kindOfFile(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a directory"
	case m.IsRegular():
		return "a regular file"
	}
	return "a special file"
}

// readChunk is how much readFile reads between two looks at its context.
const readChunk = 1 << 20

// readFile reads the named file of fsys whole, refusing a file that is not
// regular or is larger than MaxFileSize before reading it, and stopping
// between chunks once ctx is done.
func readFile(ctx context.Context, fsys fs.FS, name string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: notRegular(info.Mode())}
	}
	if info.Size() > MaxFileSize {
		return nil, errTooLarge
	}
	data := make([]byte, 0, info.Size()+1)
	r := io.LimitReader(f, MaxFileSize+1)
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):min(cap(data), len(data)+readChunk)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(data) > MaxFileSize {
		return nil, errTooLarge // it grew while it was read
	}
	return data, nil
}

var errTooLarge = fmt.Errorf("file is larger than %d MiB", MaxFileSize>>20)
