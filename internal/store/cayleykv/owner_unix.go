//go:build unix

package cayleykv

import (
	"fmt"
	"os"
	"syscall"
)

// sameOwnerAndMode gives the copy of a store file the original's mode and,
// where the process may, its owner: a private store stays private, and a
// load run by another user does not lock the owner out of the file.
func sameOwnerAndMode(path string, original os.FileInfo) error {
	if err := os.Chmod(path, original.Mode().Perm()); err != nil {
		return fmt.Errorf("copy the store's mode to %s: %w", path, err)
	}
	if st, ok := original.Sys().(*syscall.Stat_t); ok {
		_ = os.Chown(path, int(st.Uid), int(st.Gid)) // only root may give files away
	}
	return nil
}
