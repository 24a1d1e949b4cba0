// Package store keeps Memoria's knowledge graph in a Cayley quad store. It
// is the only package that imports Cayley: it opens a backend by name, maps
// history records to quads and back, loads datasets atomically, and reads
// the whole store in one streaming pass.
//
// # Backends
//
// Open takes a data source name: "bbolt:PATH" (the default, one file),
// "bolt:PATH" (the older boltdb/bolt format) or "memory:" (tests). Cayley's
// own bolt registrations take a directory and keep DIR/indexes.bolt in it,
// and open bolt with no timeout; this package opens the file itself through
// hidalgo and hands it to Cayley's key-value quad store (graph/kv.Init and
// kv.New), so that bbolt:./data/memoria.db is that file. An existing
// directory is still read the Cayley way, as DIR/indexes.bolt. The memory
// backend comes from Cayley's registry.
//
// "postgres://..." (see parsePostgres) is Cayley's SQL backend on
// PostgreSQL: Cayley's nodes and quads tables, created by Cayley in an
// empty database, beside memoria_meta (the schema's version) and
// memoria_tokens; a database holding other tables, or another version,
// is refused. Cayley's SQL iterators return quads in the order of an
// index, by hash, and its writer takes one transaction and one statement
// per quad: the store reads quads in the order of Cayley's horizon
// column (pgread.go) and writes Cayley's rows itself, a group of changes
// or a load in one transaction, many rows to a statement (pgwrite.go, and
// pgbulk.go for a large load). Several processes may share the store:
// writers take turns under an advisory lock, each catches up with the
// changes of the others before it writes (a change whose number another
// took meanwhile is prepared again), and Follow tells a process of the
// others' commits as they happen, woken by LISTEN/NOTIFY, or by polling
// where LISTEN fails, as on a hot standby (pgfollow.go); a follower reads
// them with Changes, and the records of a load, whose audit record keeps
// counts only, with Loaded. Passwords never reach an error or a log (Redact).
// While PostgreSQL cannot be reached, whatever reads or writes it fails
// at once (or within the connection's connect_timeout) with
// CodeStoreUnavailable, and Ping says so; the pools dial again by
// themselves, so that the same Store works again once it is back
// (pgfault.go).
//
// A PostgreSQL store may also be read from a hot standby of its database
// (streaming replication), with Options.WriteDSN naming the primary: the
// writes (changes, loads, tokens) go to a Store on the primary, and
// everything else reads the standby, which shows each write a replication
// lag later under the number the write reported (pgreplica.go). Opened
// without a primary, a standby is read-only; it is never asked to create
// or change anything, and Follow polls it, as it takes no LISTEN.
//
// "cockroachdb://..." (or cockroach://, cockroach:postgres://...) is the
// same store on CockroachDB through Cayley's cockroach flavour, Memoria's
// own SQL taking CockroachDB's way where PostgreSQL's is not there (a lock
// row for advisory locks, no NOTIFY, no bulk path): pgcockroach.go says
// which.
//
// Options.ReadOnly opens a store for reading only, under a lock that
// readers share: nothing is created or changed, and writes fail with
// CodeConflict (ErrReadOnly). A new store is created beside its file and
// renamed into place, so that no file of zero bytes is ever left where a
// store should be; such a file is refused as not a store. Check reads a
// whole store and reports what is damaged.
//
// Open guards against three Cayley defects: a second opener of a bolt file
// would wait forever (an exclusive lock on PATH.lock, holding the pid, fails
// at once with CodeConflict naming the holder); a truncated or damaged file
// crashes bolt at open (cayleykv.CheckFile fails first, and the store
// reports CodeCorrupt); and after a failed write Cayley's node-id cache
// keeps ids of the rolled-back transaction (the handle is reopened after
// every failed write). Writes are serialised by the Store, since the
// memstore is not safe for concurrent writers.
//
// # Loading
//
// Load reads the stored records, skips those stored with the same content,
// refuses those stored with other content, validates the new ones with the
// stored, maps them to quads and writes them, all or nothing. On bbolt the
// quads go to a bulk writer (package cayleykv) that writes Cayley's layout
// into a copy of the file, which then takes the file's place: the store's
// own handle stays open, holding bbolt's lock, until the copy is complete,
// and memory holds a batch or two of quads and the load's node ids.
// LoadStream takes a dataset in parts (the files of a directory), checking
// and writing each as it comes and the references across parts at the end.
// LoadOptions.CayleyWriter writes with Cayley's QuadWriter instead, for
// benchmarks. The bolt and memory backends take a load in one Cayley
// transaction (apply.go).
//
// # Changes
//
// The store is written by changes, each numbered: the graph's revision
// (Revision) is the number of the last one. Apply applies a
// history.Change (records put whole, records retracted, the revisions the
// writer read) in one Cayley transaction, on the bolt backends two calls
// of ApplyDeltas sharing one bolt transaction (onetx.go), committed and
// synced before Apply returns: it removes the quads a record has no more
// and adds those it gains (delta.go), rewriting whole only a list whose
// kept and added quads would read back in another order, since lists and
// citations are read back in the order their quads were written; a
// direct triple that another record also states stays, and is not added
// again (Cayley's key-value store, told to add a quad it holds, ignores
// the quad but counts one more reference to each of its nodes, which
// then outlive their quads). The records read and the checks
// (revisions, validation against the stored records they name, no
// standing record left referring to a retracted one) come first, from
// the records' own quads, found by subject: the change costs what its
// records do, not what the store holds. A load (Load, LoadStream) is one
// change too.
//
// A record's rdf:type quad is in the graph of the change that first
// wrote it, and each later change that wrote it points at it (m:touches):
// the last of them is the record's revision, without a quad of its own; a
// retracted record keeps its quads and gains R m:retracted R#retraction
// in the graph of the change that retracted it, R#retraction having
// m:reason, m:retractedAt (xsd:dateTime) and its citations as m:locator
// quads. Each change leaves an audit record, read by Changes:
//
//	change/N rdf:type m:Change
//	change/N m:changedBy "token name"      (the author, for changes by author)
//	change/N m:clientId "..."              (for a retried mutation)
//	change/N m:touches R                   (each record written, for a record's history)
//	change/N m:changeRecord "{at, requestId, operation, note, records, before, after}"
//
// The literal holds what nothing looks a change up by, the records before
// and after in history.Dataset's JSON (a load keeps counts only): each
// node a commit writes or counts a reference to costs it a page of the
// file, and a quad for each field was a third of a change's pages.
//
// Apply calls that arrive while a change is being committed wait in a
// queue, and the next of them commits what waits as a group (group.go):
// each change is prepared in turn against the store as committed and is
// still numbered, checked and audited alone, a change that fails fails
// alone, and the group's changes are written in one transaction (bolt's,
// or PostgreSQL's) with one sync, after which every caller returns. A
// change that reads what an earlier change of the group writes is put off
// to the next group, so that it is checked against a store that holds the
// earlier one. OnCommit tells a server's read model of each commit in revision
// order, OnCommits of a group's commits at once.
//
// Changes are numbered from 1 without gaps, so Open finds the revision by
// probing for change/N (findRevision); a client's mutation id is found
// through the index by object (m:clientId), so a retried mutation returns
// the first result instead of applying twice.
//
// # Mapping
//
// Records become quads through package rdfmap, the one mapping that the
// RDF exports write too; its doc describes the IRIs, labels and quads.
// Round trip: Dataset gives back exactly what was loaded, except that
// positions (At) are zero, empty lists and maps are nil, records are sorted
// by id, Contradicts is sorted without duplicates (it is a set), and a
// source's Text (a path among a dataset's files) is not kept. Lists and
// citations keep their order: a statement node's position is the number
// its IRI ends in, and every backend stores and scans quads in the order
// they were written. Validation refuses what a direct triple could not
// tell apart: the same citation twice on a statement, the same name, the
// same participant in the same role, the same cause or consequence twice.
//
// # Reading
//
// Dataset reads every quad in one pass: on bbolt straight from Cayley's log
// (cayleykv.ScanLog), elsewhere through QuadsAllIterator and QuadDirection,
// resolving values in batches. Stats reads the log the same way on bbolt,
// as node references only, and asks Cayley for the values of predicates and
// classes alone. Quads whose predicate is not in the vocabulary are
// ignored; direct triples are read back only for statements without a node.
package store
