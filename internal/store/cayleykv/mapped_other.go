//go:build !linux

package cayleykv

import bbolt "go.etcd.io/bbolt"

// dropMappedPages does nothing here: the pages of the map stay resident
// until the file is closed.
func dropMappedPages(*bbolt.DB, int64) error { return nil }
