package server

import (
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/memoria-history/memoria/internal/history"
)

// prepared is a query text after the guards, the parser and validation:
// either a document ready to execute, or the errors to send back. Both are
// cached, so that a client repeating an abusive query costs a map look-up.
type prepared struct {
	doc    *ast.Document
	orders []operationPlan // the order of the keys each operation asks for, and its cost
	errors []gqlerrors.FormattedError
	code   history.Code // the code of the errors
}

// documentCache maps query texts to prepared documents. Validation is most
// of graphql-go's cost per request; clients repeat the same few queries.
type documentCache struct {
	lru *lru.Cache[string, *prepared]
}

func newDocumentCache(size int) *documentCache {
	c, err := lru.New[string, *prepared](max(size, 1))
	if err != nil {
		panic(err) // only for a size below 1, excluded above
	}
	return &documentCache{lru: c}
}

func (c *documentCache) get(q string) (*prepared, bool) { return c.lru.Get(q) }

func (c *documentCache) add(q string, p *prepared) { c.lru.Add(q, p) }
