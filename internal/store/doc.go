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
// # Loading
//
// On bbolt, Load writes Cayley's key-value layout itself (bulk.go): it
// copies the store file, writes the new quads into the copy in batches of
// 200,000, one transaction each, resolving node ids from memory and writing
// every bucket in key order, then syncs the copy and renames it over the
// file. Memory holds a batch and the node ids of the load; an interrupted
// or failed load leaves the file as it was (the copy, FILE.loading, is
// removed, or overwritten by the next load after a crash). The result is
// the store Cayley's own writer would make, with the same quads, indexes
// and reference counts (bulk_test.go compares them), at several times its
// rate. LoadOptions.CayleyWriter writes with Cayley's QuadWriter instead,
// for benchmarks. The bolt and memory backends take a load in one
// ApplyDeltas call, after creating the per-hash buckets it needs in key
// order (precreateBuckets): Cayley creates them mid-write in hash order,
// which makes bolt move memory quadratically.
//
// Open guards against three Cayley defects: a second opener of a bolt file
// would wait forever (an exclusive lock on PATH.lock, holding the pid, fails
// at once with CodeConflict naming the holder); a truncated or damaged file
// crashes bolt at open (checkBoltFile reads the meta pages as bolt does and
// fails with CodeCorrupt); and after a failed write Cayley's node-id cache
// keeps ids of the rolled-back transaction (the handle is reopened after
// every failed write). Writes are serialised by the Store, since the
// memstore is not safe for concurrent writers.
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
// A statement that carries its own citations (a record's citations, a name,
// a dated fact, a participation, an event's place, parent, cause or
// consequence, a relation, a claim) is a statement node: a reified statement
// with m:subject, m:predicate and m:object (or, for claims, m:property and a
// value), its own fields, and one m:locator quad per citation, labelled with
// the cited source (the source is the quad's graph). Beside it the
// direct triple (subject, predicate, object) is written once per distinct
// cited source, labelled with that source, so that plain graph queries and
// RDF tools see the fact and its provenance.
//
// Labels: a direct triple, and a record's own attributes (name, category,
// description, wikidata), are labelled with each source that the statement
// or record cites. A citation's m:locator quad is labelled with its source.
// Everything else (rdf:type, the parts of statement nodes, sources'
// descriptions) is in the default graph, without a label.
//
//	record or node              quads (S = each cited source; - = no label)
//	source R                    R rdf:type m:Source -; R m:title, m:author, m:published,
//	                            m:sourceKind, m:publisher, m:url (xsd:anyURI), m:description -
//	entity R (person, group,    R rdf:type m:Person|m:Group|m:Place|m:Work -;
//	  place, work)              R m:name, m:category, m:description S; R m:wikidata <wd:Q..> S
//	record citation             R m:locator "¶3" S (one quad per citation, in order)
//	name i       N = R#name-i   N m:subject R; N m:predicate m:alternateName; N m:object "Ежов"@ru;
//	                            N m:nameKind "native" -; R m:alternateName "Ежов"@ru S
//	born, died   N = R#born ... N m:subject R; m:predicate m:birthDate|m:deathDate; m:object "1895"^^edtf -;
//	work date    N = R#date     R m:birthDate "1895"^^edtf S (m:date for a work's or event's date)
//	statement citation          N m:locator "¶3" S
//	event R                     R rdf:type m:Event -; R m:name, m:category, m:description S;
//	                            R#date, R#name-i as above
//	  place, parent             R#place, R#parent: m:predicate m:location | m:superEvent, m:object the target
//	  participant i             R#participant-i: m:predicate m:participant, m:object the entity, m:role "victim" -;
//	                            R m:participant E S
//	  cause i, consequence i    R#cause-i, R#consequence-i: m:predicate m:cause | m:consequence
//	relation R                  R rdf:type m:Relation; R m:subject A; R m:predicate m:memberOf (the type in
//	                            camel case); R m:object B; R m:start, m:end (edtf), m:note -;
//	                            R m:locator .. S as for records; A m:memberOf B S
//	claim R                     R rdf:type m:Claim; R m:subject X; R m:property "deaths"; R m:value | m:low |
//	                            m:high (xsd:double, exact); R m:approximate true; R m:dateValue, m:time (edtf);
//	                            R m:unit, m:note; R m:contradicts C2; R m:qualifier R#qualifier-k,
//	                            R#qualifier-k m:key "cause", m:value "execution" - (keys sorted);
//	                            R m:locator .. S as for records; X m:claim R S
//
// Round trip: Dataset gives back exactly what was loaded, except that
// positions (At) are zero, empty lists and maps are nil, records are sorted
// by id, and Contradicts is sorted without duplicates (it is a set). Names,
// participants, causes and consequences keep their order: the position is
// the number an IRI ends in. Citations keep theirs because every backend
// stores and scans quads in the order they were written (a statement may
// not cite the same source and locator twice: validation says so).
//
// Reading: Dataset and Stats read every quad in one pass over the store's
// quad log (QuadsAllIterator and QuadDirection), resolving node values in
// batches, and keep only predicates, labels and classes across batches.
// Quads whose predicate is not in the vocabulary are ignored; direct
// triples are not read back (their statement nodes say it all).
package store
