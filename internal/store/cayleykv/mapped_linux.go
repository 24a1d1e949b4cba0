package cayleykv

import (
	"syscall"

	bbolt "go.etcd.io/bbolt"
)

// dropMappedPages takes the pages of db's memory map out of the process's
// resident set: they stay in the page cache, and a page read again is
// mapped again, from memory. Reading the log touches every one of its
// pages once, and each would otherwise count as the process's own memory
// until the file is closed (at a million people, 1.1 GB of a 4.4 GB
// start-up peak). size is the part of the file in use (Tx.Size), and the
// caller holds a read transaction, so the map cannot move. bbolt maps the
// file shared and read-only, so nothing is lost.
func dropMappedPages(db *bbolt.DB, size int64) error {
	if size <= 0 {
		return nil
	}
	_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, db.Info().Data, uintptr(size), syscall.MADV_DONTNEED)
	if errno != 0 {
		return errno
	}
	return nil
}
