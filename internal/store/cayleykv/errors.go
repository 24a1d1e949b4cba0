package cayleykv

import (
	"errors"
	"fmt"
)

// ErrCorrupt is matched, with errors.Is, by the errors of a file or a log
// that cannot be read as bolt or Cayley wrote it: a truncated file, a meta
// page that fails its checks, a log entry that does not decode, a quad
// naming a node that is not stored before it.
var ErrCorrupt = errors.New("cayleykv: damaged store")

// ErrDirectory is returned by CheckFile for a path that names a directory.
var ErrDirectory = errors.New("a directory, not a bolt file")

// corruptError is an error that matches ErrCorrupt and says what is wrong
// in its own words.
type corruptError struct{ msg string }

func (e *corruptError) Error() string        { return e.msg }
func (e *corruptError) Is(target error) bool { return target == ErrCorrupt }

func corruptf(format string, args ...any) error {
	return &corruptError{msg: fmt.Sprintf(format, args...)}
}
