// Package cow holds the small persistent containers that the read model's
// deltas are made of: a map, a bit set and an append-only vector, each an
// immutable value that an edit copies only in part. An index of a million
// people follows a write by adding a few records to its delta; copying a
// delta of fifty thousand records whole for each of them would cost more
// than the write itself, so each container is cut into pieces (shards,
// chunks) and an edit copies the table of pieces and the pieces it
// changes, sharing the rest with the value it came from.
//
// A value may be read by any number of goroutines. An edit (Map.Edit,
// Bits.Edit, Vec.Edit) is private to the goroutine that makes it until its
// Done returns the new value; the value it started from is unchanged, so
// two edits may start from one value.
package cow
