// Package schema holds Memoria's public contracts that several packages
// share: the GraphQL schema (schema.graphql, added with the API) and the RDF
// vocabulary of the knowledge graph (vocab.go).
//
// The vocabulary is one namespace, https://w3id.org/memoria/vocab#, whose
// terms name the classes of records (Person, Group, Place, Event, Work,
// Source, Relation, Claim) and the predicates of the quads the store writes
// (name, birthDate, memberOf, citation ...). Each term may map to terms of
// better-known vocabularies (schema.org, Wikidata direct properties, the
// Simple Event Model, RDF itself) so that an RDF export can write both, or
// only the well-known ones; Term.Mappings gives that table.
//
// Entity IRIs are not part of the vocabulary: they are a configurable base
// (DefaultBase unless told otherwise) followed by the entity's id.
package schema
