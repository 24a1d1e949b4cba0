package snapshot

import (
	"bytes"
	"encoding/gob"
	"runtime"
	"sync"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
)

// decoded is one chunk's records: the slice of its kind is set.
type decoded struct {
	sources   []history.Source
	entities  []history.Entity
	events    []history.Event
	relations []history.Relation
	claims    []history.Claim
	names     *search.Frozen
}

// decodeChunks decodes the chunks on every core and joins them, in order,
// into a dataset.
func decodeChunks(chunks []chunk) (Contents, error) {
	out := make([]decoded, len(chunks))
	errs := make([]error, len(chunks))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				out[i], errs[i] = decodeChunk(chunks[i])
			}
		})
	}
	for i := range chunks {
		next <- i
	}
	close(next)
	wg.Wait()
	// Each kind's records are copied once into a slice of their size:
	// appending chunk after chunk would copy the largest kinds again
	// each time the slice grows, and hold both copies meanwhile.
	var n [kindNames + 1]int
	for _, c := range chunks {
		n[c.kind] += c.records
	}
	ds := &history.Dataset{
		Sources:   make([]history.Source, 0, n[kindSources]),
		Entities:  make([]history.Entity, 0, n[kindEntities]),
		Events:    make([]history.Event, 0, n[kindEvents]),
		Relations: make([]history.Relation, 0, n[kindRelations]),
		Claims:    make([]history.Claim, 0, n[kindClaims]),
	}
	var c Contents
	for i, d := range out {
		out[i] = decoded{} // the chunk's copy is garbage once appended
		if errs[i] != nil {
			return Contents{}, corrupt("chunk %d: %v", i, errs[i])
		}
		if d.names != nil {
			if c.Names != nil {
				return Contents{}, corrupt("two name indexes")
			}
			names, err := search.Thaw(*d.names)
			if err != nil {
				return Contents{}, corrupt("chunk %d: %v", i, err)
			}
			c.Names = names
		}
		ds.Sources = append(ds.Sources, d.sources...)
		ds.Entities = append(ds.Entities, d.entities...)
		ds.Events = append(ds.Events, d.events...)
		ds.Relations = append(ds.Relations, d.relations...)
		ds.Claims = append(ds.Claims, d.claims...)
	}
	c.Records = ds
	return c, nil
}

func decodeChunk(c chunk) (decoded, error) {
	var d decoded
	dec := gob.NewDecoder(bytes.NewReader(c.payload))
	var err error
	switch c.kind {
	case kindSources:
		err = dec.Decode(&d.sources)
	case kindEntities:
		err = dec.Decode(&d.entities)
	case kindEvents:
		err = dec.Decode(&d.events)
	case kindRelations:
		err = dec.Decode(&d.relations)
	case kindClaims:
		err = dec.Decode(&d.claims)
	case kindNames:
		d.names = &search.Frozen{}
		if err = dec.Decode(d.names); err == nil {
			return d, nil
		}
	}
	n := len(d.sources) + len(d.entities) + len(d.events) + len(d.relations) + len(d.claims)
	if err == nil && n != c.records {
		return d, corrupt("%d records, the header says %d", n, c.records)
	}
	return d, err
}
