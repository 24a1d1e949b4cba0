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
// backend comes from Cayley's registry. "postgres:" and "cockroach:" are
// reserved for Cayley's SQL backend and rejected for now.
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
// # Mapping
//
// IRIs: a record's IRI is Options.Base (default schema.DefaultBase,
// https://w3id.org/memoria/) followed by its id. Predicates and classes are
// terms of schema.Namespace (https://w3id.org/memoria/vocab#, written m:
// below), each mapped to schema.org, Wikidata or SEM by schema.Term.Mappings.
// Dates are literals of type schema.EDTFDatatype holding the EDTF string;
// bounds are derived again with history.ParseDate when read. Empty strings,
// zero dates and nil pointers are not written.
//
// Every statement is cited, and a citation is one quad: the statement's
// m:locator ("¶3"), in the graph of the cited source. Records (entities,
// events, relations, claims) carry their citations themselves. A statement
// inside a record (a name, a dated fact, a participation, an event's
// place, parent, cause or consequence) that cites exactly what its record
// cites, as nested statements do unless they say otherwise, is written as
// its direct triple alone, once in the graph of each of the record's
// sources: R m:birthDate "1895"^^edtf. One that cites otherwise is also a
// statement node, a reified statement (m:subject, m:predicate, m:object)
// with its own m:locator quads. A list (names, participants, causes,
// consequences) is written all one way or all the other, so that its order
// is kept either by the nodes' IRIs or by the order of the triples.
//
// The kind of a name and the role of a participant ride on the predicate,
// sub-properties of m:alternateName and m:participant: m:nativeName,
// m:misspellingName, m:participantAsVictim, m:participantAsCarriedOut (see
// schema.NameTerm and schema.RoleTerm). A name's language rides on its
// literal: "Ежов"@ru.
//
// Labels: direct triples, a record's own attributes (name, category,
// description, wikidata) and citations are labelled with sources.
// Everything else (rdf:type, the parts of statement nodes, sources'
// descriptions) is in the default graph, without a label.
//
//	record or node              quads (S = each cited source; - = no label)
//	source R                    R rdf:type m:Source -; R m:title, m:author, m:published,
//	                            m:sourceKind, m:publisher, m:url (xsd:anyURI), m:description -
//	entity R (person, group,    R rdf:type m:Person|m:Group|m:Place|m:Work -; R m:locator "¶3" S;
//	  place, work)              R m:name, m:category, m:description S; R m:wikidata <wd:Q..> S
//	name i                      R m:nativeName "Ежов"@ru S (m:fullName, m:variantName, ...)
//	born, died, date            R m:birthDate "1895"^^edtf S (m:deathDate; m:date for works and events)
//	  with citations of its own N = R#name-i, R#born, R#died, R#date: N m:subject R; N m:predicate
//	                            m:nativeName|m:birthDate|..; N m:object the value -; N m:locator "p. 4" S
//	event R                     R rdf:type m:Event -; R m:locator S; R m:name, m:category, m:description S;
//	                            date and names as above
//	  place, parent             R m:location P S; R m:superEvent E S (nodes R#place, R#parent)
//	  participant i             R m:participantAsVictim E S (nodes R#participant-i)
//	  cause i, consequence i    R m:cause E S; R m:consequence E S (nodes R#cause-i, R#consequence-i)
//	relation R                  R rdf:type m:Relation; R m:subject A; R m:predicate m:memberOf (the type in
//	                            camel case); R m:object B; R m:start, m:end (edtf), m:note -;
//	                            R m:locator "p. 9" S; A m:memberOf B S
//	claim R                     R rdf:type m:Claim; R m:subject X; R m:property "deaths"; R m:value | m:low |
//	                            m:high (xsd:double, exact); R m:approximate true; R m:dateValue, m:time (edtf);
//	                            R m:unit, m:note; R m:contradicts C2; R m:qualifier R#qualifier-k,
//	                            R#qualifier-k m:key "cause", m:value "execution" - (keys sorted);
//	                            R m:locator "¶7" S; X m:claim R S
//
// Round trip: Dataset gives back exactly what was loaded, except that
// positions (At) are zero, empty lists and maps are nil, records are sorted
// by id, and Contradicts is sorted without duplicates (it is a set). Lists
// and citations keep their order: a statement node's position is the number
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
