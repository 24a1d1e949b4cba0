package api

import "github.com/memoria-history/memoria/internal/readmodel"

// Data is one consistent view of the graph: the records by id and in time
// order, the adjacency index that answers paths and neighbourhoods, and the
// index of names, at a revision of the store (see package readmodel). The
// server swaps it whole when the store changes; a request keeps the view it
// started with.
type Data = readmodel.Data
