// Package cayleykv reads, writes and checks the key-value layout in which
// Cayley's kv quad store keeps its quads in a bbolt file. Cayley's own
// writer resolves every value with a look-up and rewrites each index entry
// it touches; this package writes the same layout directly, several times
// faster, and reads its log in one pass. internal/store opens stores and
// maps records to quads; this package knows only quads and the file.
//
// # Layout
//
// Cayley's graph/kv writes every key into a top-level bbolt bucket:
//
//	meta             "version", "indexes" (JSON), "horizon" (last id), "size" (quads); little-endian int64
//	log              big-endian id → protobuf Primitive: a node (its value) or a quad (four node ids)
//	v<h0><h1>        value hash → uvarint node id, one bucket per first two bytes of the hash
//	n<h0><h1>        value hash → uvarint number of quad directions naming the node
//	sp, ops, ...     one bucket per quad index: big-endian ids of its directions → uvarint quad ids
//
// Ids of nodes and quads come from one counter, the horizon, and a node is
// given its id before any quad that names it. A store without an "indexes"
// key (Cayley before 0.7.6) has an index by subject and one by object.
//
// # Writing
//
// WriteCopy writes a new file, FILE.loading, holding the store as a read
// transaction sees it and the quads a Writer adds, in two phases. The file
// is not written through bbolt but page by page, in bolt's layout
// (pagefile.go): each bucket's B+tree is built bottom up from keys that
// come in order, each page written once and full. As the quads come, batch
// by batch, their nodes and quads are appended to the log's pages after
// the stored log, resolving node ids from memory, and each batch's index
// entries are sorted and kept in a file beside the store,
// FILE.loading-index (runs.go). At the end (finish.go) every bucket of the
// store is written in the order of the names, its stored entries merged in
// key order with the node ids and reference counts of the load, from
// memory, and its index entries, merged from that file; then the root
// bucket, an empty freelist and, last, the meta pages, so that the file
// is not a bolt file until everything it refers to is written. The copy
// is then synced, and ReplaceWithCopy renames it over the file; the copy
// has the file's mode and, where the process may give it, its owner.
// Memory holds two batches and the node ids of the load; a failed or
// cancelled load removes the copy and the index entries, and RemoveCopy
// removes what a killed one left.
//
// The result is the store Cayley's own writer would make, with the same
// quads, indexes and reference counts (writer_test.go compares them; the
// counts are exact because Cayley's writer also counts the references of
// duplicate quads it then skips, and a Writer is told which quads may be
// duplicates).
//
// # Reading
//
// ScanLog reads every quad in one pass over the log: nodes come before the
// quads that name them, so the pass resolves every value from the nodes
// read before. ScanLogRefs gives the quads as Cayley's references, for a
// caller that needs few values. Both let go of the file's pages as they
// read (on Linux), so that a read of the whole file does not stay in the
// process's resident memory.
//
// # Checking
//
// bolt trusts its file: a truncated or damaged one makes it fault or panic
// at open. CheckFile reads the meta pages as bolt does and fails with
// ErrCorrupt instead. Errors of a damaged file or log match ErrCorrupt.
// CheckStore reads a whole store: every page, through ReadAt, laid out as
// bolt writes it and in use or free exactly once (pages.go); bbolt's own
// tx.Check; then Cayley's layout, the log against the table of values,
// the reference counts, the indexes and the counts in meta
// (checkstore.go). A quad Cayley removed stays in the log, marked, and in
// the indexes, which Cayley's readers pass over: so does the check. What
// it cannot see is what nothing reads: free pages, the file past its last
// page, and the time in each log entry.
package cayleykv
