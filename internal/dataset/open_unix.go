//go:build unix

package dataset

import (
	"os"
	"syscall"
)

// openFlags open a dataset file without waiting: opening a named pipe for
// reading otherwise blocks until a writer comes, which may be never. Reads
// of a regular file are not affected.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
