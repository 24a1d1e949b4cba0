package api

import (
	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/search"
)

// Data is one consistent view of the graph: the records by id and in time
// order, the adjacency index that answers paths and neighbourhoods, and the
// index of names. The server swaps it whole when the store changes; a
// request keeps the view it started with.
type Data struct {
	Records *catalog.Catalog
	Graph   *graph.Index
	Search  *search.Index
}
