// Package rdfmap maps history records to RDF quads: the one mapping that
// internal/store writes and reads back, and that the RDF exports write, so
// that an export holds what the store holds.
//
// IRIs: a record's IRI is the base given to New (the store's
// Options.Base; schema.DefaultBase, https://w3id.org/memoria/, by default)
// followed by its id. Predicates and classes are terms of schema.Namespace
// (https://w3id.org/memoria/vocab#, written m: below), each mapped to
// schema.org, Wikidata or SEM by schema.Term.Mappings.
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
//	born, died, date, ended     R m:birthDate "1895"^^edtf S (m:deathDate; m:date for works and events;
//	                            m:ended for groups, places and works)
//	  with citations of its own N = R#name-i, R#born, R#died, R#date, R#ended: N m:subject R; N m:predicate
//	                            m:nativeName|m:birthDate|..; N m:object the value -; N m:locator "p. 4" S
//	event R                     R rdf:type m:Event -; R m:locator S; R m:name, m:category, m:description S;
//	                            date and names as above
//	  place, parent             R m:location P S; R m:superEvent E S (nodes R#place, R#parent)
//	  participant i             R m:participantAsVictim E S (nodes R#participant-i)
//	  cause i, consequence i    R m:cause E S; R m:consequence E S (nodes R#cause-i, R#consequence-i)
//	relation R                  R rdf:type m:Relation; R m:subject A; R m:predicate m:memberOf (the type in
//	                            camel case); R m:object B; R m:start, m:end (edtf), m:note -;
//	                            R m:locator "p. 9" S; A m:memberOf B S
//	  start, end with citations N = R#start, R#end: N m:subject R; N m:predicate m:start|m:end;
//	    of their own            N m:object the date -; N m:locator "p. 3" S
//	claim R                     R rdf:type m:Claim; R m:subject X; R m:property "deaths"; R m:value | m:low |
//	                            m:high (xsd:double, exact); R m:approximate true; R m:dateValue, m:time (edtf);
//	                            R m:valueEntity E (each entity of an entities value, in order);
//	                            R m:unit, m:note; R m:contradicts C2; R m:qualifier R#qualifier-k,
//	                            R#qualifier-k m:key "cause", m:value "execution" - (keys sorted);
//	                            R m:locator "¶7" S; X m:claim R S
//	  time with citations of    N = R#time, as a relation's start
//	    its own
//
// A source's Text (where a dataset keeps its words) is a path among the
// dataset's files and is not mapped.
//
// A retracted record keeps its quads and gains a retraction node (see
// retraction.go): R m:retracted R#retraction, R#retraction m:reason,
// m:retractedAt and its citations. A Mapper told of the change that
// writes the records (InChange) labels their rdf:type quads with it, as a
// store keeps them; exports leave rdf:type unlabelled.
package rdfmap
