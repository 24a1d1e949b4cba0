//go:build !unix

package dataset

import "os"

// openFlags open a dataset file for reading; a named pipe is refused by
// its type after the open.
const openFlags = os.O_RDONLY
