//go:build race

package cayleykv

// raceEnabled reports whether the race detector (and with it checkptr) is
// on. boltdb/bolt, the legacy bolt: backend, trips checkptr ("converted
// pointer straddles multiple allocations"), so its tests are skipped then.
const raceEnabled = true
