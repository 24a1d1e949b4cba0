//go:build !unix

package cayleykv

import (
	"fmt"
	"os"
)

// sameOwnerAndMode gives the copy of a store file the original's mode.
func sameOwnerAndMode(path string, original os.FileInfo) error {
	if err := os.Chmod(path, original.Mode().Perm()); err != nil {
		return fmt.Errorf("copy the store's mode to %s: %w", path, err)
	}
	return nil
}
