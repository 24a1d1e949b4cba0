// Package snapshot keeps the records a server indexes in a file beside the
// store, so that a restart reads them back in a fraction of the time a
// scan of the store takes.
//
// A snapshot is tagged with a Stamp: the store's revision and its file's
// size and modification time when the records were taken. Read returns
// the records only for the same stamp; any other snapshot is stale
// (CodeConflict), and one whose bytes do not check out is damaged
// (CodeCorrupt): the caller rebuilds from the store and never serves it.
// A missing snapshot is CodeNotFound.
//
// # Format
//
// All integers are little-endian.
//
//	header:  magic "MEMSNAP\n", version uint32, chunk count uint32,
//	         stamp (revision uint64, size int64, mod time int64 in ns),
//	         records of each kind (5 uint64), CRC-64 (ECMA) of the
//	         bytes before it
//	chunk:   kind uint32, records uint32, length uint64, CRC-64 of the
//	         payload, payload (the records, see recenc.go; the name
//	         order; or a part of the name index, see names.go)
//
// The version is 4; a file of another version is refused as damaged
// (CodeCorrupt) and rebuilt, never misread.
//
// Each kind of record (sources, entities, events, relations, claims) is
// cut into chunks of at most chunkRecords records, in the dataset's order.
// One chunk follows with the entities and events in the order the catalog
// lists them by name (catalog.NameOrder, as 32-bit numbers written as a
// part of the name index is), so that a start does not sort them again.
// The name index follows, one chunk per field, its records count being
// the field's number. A reader allocates each kind's records once, from
// the header's counts, then reads the file a chunk at a time, checks it
// and hands it to one of a few decoders, which put its records in their
// place: it never holds more than a few chunks' bytes, whatever the
// size of the snapshot. A writer writes each chunk as it encodes it.
// Write goes through a temporary file renamed into place: a crash leaves
// the old snapshot or the new one, never half of one.
package snapshot
