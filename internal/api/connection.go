package api

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/graphql-go/graphql"
)

// Cursors are opaque to clients: base64 of an offset into the ordered list.
const cursorPrefix = "offset:"

func encodeCursor(i int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(i)))
}

func decodeCursor(c string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(raw), cursorPrefix) {
		return 0, badInput("argument after: %q is not a cursor from this API", c)
	}
	i, err := strconv.Atoi(strings.TrimPrefix(string(raw), cursorPrefix))
	if err != nil || i < 0 {
		return 0, badInput("argument after: %q is not a cursor from this API", c)
	}
	return i, nil
}

type pageInfo struct {
	hasNext, hasPrev bool
	start, end       string
}

// page is one page of a connection: the items and where they sit.
type page struct {
	items  []any
	offset int
	total  int
	info   pageInfo
}

type edgeValue struct {
	cursor string
	node   any
}

// paginate cuts a page of total items (fetched by at) after the cursor.
func paginate(total, first int, after string, at func(i int) any) (page, error) {
	start := 0
	if after != "" {
		i, err := decodeCursor(after)
		if err != nil {
			return page{}, err
		}
		start = i + 1
	}
	start = min(start, total)
	end := min(start+first, total)
	p := page{offset: start, total: total}
	for i := start; i < end; i++ {
		p.items = append(p.items, at(i))
	}
	p.info = pageInfo{hasNext: end < total, hasPrev: start > 0}
	if end > start {
		p.info.start, p.info.end = encodeCursor(start), encodeCursor(end-1)
	}
	return p, nil
}

// connectionType makes the Relay connection and edge types for a node type.
func (b *builder) connectionType(name string, node graphql.Output) *graphql.Object {
	edge := graphql.NewObject(graphql.ObjectConfig{
		Name:        name + "Edge",
		Description: "One " + name + " in a page, with its cursor.",
		Fields: graphql.Fields{
			"cursor": b.plain(nonNull(graphql.String), "Pass as after to start the next page after this item.", func(s any) any { return s.(edgeValue).cursor }),
			"node":   b.plain(nonNull(node), "The item.", func(s any) any { return s.(edgeValue).node }),
		},
	})
	return graphql.NewObject(graphql.ObjectConfig{
		Name:        name + "Connection",
		Description: "A page of " + name + " items (Relay cursor connection).",
		Fields: graphql.Fields{
			"edges": b.plain(listOf(edge), "The items of this page.", func(s any) any {
				p := s.(page)
				out := make([]edgeValue, len(p.items))
				for i, it := range p.items {
					out[i] = edgeValue{cursor: encodeCursor(p.offset + i), node: it}
				}
				return out
			}),
			"nodes":      b.plain(listOf(node), "The items of this page, without cursors.", func(s any) any { return s.(page).items }),
			"pageInfo":   b.plain(nonNull(b.pageInfo), "Where this page sits.", func(s any) any { return s.(page).info }),
			"totalCount": b.plain(nonNull(graphql.Int), "How many items there are in all pages.", func(s any) any { return s.(page).total }),
		},
	})
}
