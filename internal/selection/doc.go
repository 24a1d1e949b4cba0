// Package selection reads which part of the graph a user asks for, and
// resolves it into a graph for the export writers. The same selection,
// under the same names, is asked for everywhere:
//
//	id       start from these entities (repeat it, or separate ids with commas)
//	hops     how far from them, in statements (default 1)
//	from, to instead, the shortest paths between two entities
//	maxHops  the longest path to look for (default 6, or the caller's cap when lower)
//	paths    how many shortest paths (default 1)
//	kinds    only nodes of these kinds: person, group, place, event, work
//	via      only these links: relation types, participant, place, part-of,
//	         caused, or participant roles
//	during   only statements that can hold in this EDTF interval (1934/1941)
//	source   only statements this source supports (the edges citing it)
//	limit    at most this many nodes, the farthest cut in id order
//
// With neither id nor from and to, the selection is the whole graph (with
// an edge filter, the nodes at an end of a kept edge). Parse reads these
// from URL query parameters (/export/{format}); memoria export has a flag
// for each; GraphQL's neighborhood has the same arguments for one id.
//
// Resolve checks the selection against the data and the caller's limits
// and turns it into an export.Graph: internal/graph picks the nodes and
// edges, and the records (internal/catalog) give each node its label,
// kind, category, dates and Wikidata item. It depends on graph, export and
// history; the server and the command reach it through small interfaces.
package selection
