//go:build race

package baseline

// raceEnabled reports whether the race detector (and with it checkptr) is
// on: boltdb/bolt, the legacy bolt backend, trips checkptr, so it is left
// out then.
const raceEnabled = true
