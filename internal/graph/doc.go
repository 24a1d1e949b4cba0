// Package graph is Memoria's in-memory adjacency index: the structure that
// answers path and neighbourhood questions (how are two figures connected,
// who is around this one, what do these two have in common) without
// touching the store.
//
// An Index is built from a history.Dataset, at start-up and after every
// load, and is read-only afterwards, so any number of goroutines may
// query it at once. A committed write is applied as a new Index (Apply)
// that shares the built arrays and adds a delta: the new adjacency of
// each node the write touched, new nodes and edges numbered after the
// base's, and a bit set that sends a traversal to the delta for those
// nodes only. Its nodes are the entities (people, groups, places,
// works) and the events of the dataset; sources are not nodes, they are
// what the edges cite. Its edges are the dataset's statements: relations,
// participations in events, and an event's place, parent, causes and
// consequences. Every edge keeps its statement id, its time and its
// citations, so that a path can say according to whom each step holds, and
// the citations of its time. A lasting relation that no source ends holds
// until the first of its parties dies or ends (history.EndOf), so that a
// during filter never finds the dead in office; a cause stated by both of
// its events is one edge.
//
// The layout is what makes it fast (the store answers a shortest path in
// tens of milliseconds, this index in tens of microseconds): node ids are
// int32 numbers given in id order, each node's neighbours sit in one
// compressed sparse row (CSR) array sorted by neighbour number, each slot
// names the edge it stands for, and the per-edge data a traversal filters
// on (time bounds, label, role) lives in one compact array. Traversals
// borrow their visited marks and queues from a pool and reset them by
// bumping a generation number, so a query allocates almost nothing beyond
// its result.
//
// Select picks the part of the graph an export or a picture asks for (the
// whole graph, the neighbourhood of several nodes, the shortest paths
// between two) as node and edge numbers, and reads the edges out only as
// they are written, in an order that depends on ids alone, so that the
// same graph always exports to the same bytes. A Filter's Source keeps the
// edges that cite one source: what it supports.
//
// Traversals go both ways along edges unless a Filter asks for a direction,
// because a relation such as "Beria deputy-of Yezhov" connects the two in
// either reading. Ties between equally short paths are broken by node id, so
// the same question always gets the same answer.
package graph
