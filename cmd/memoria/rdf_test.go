package main

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/selection"
	"github.com/memoria-history/memoria/internal/store"
	"github.com/memoria-history/memoria/schema"
)

// TestRDFExportHoldsTheStore loads the seed into a store, exports the whole
// graph as N-Quads from what the store gives back, and checks that every
// quad the store holds is in the export: claims, notes, sources and their
// descriptions, names and dates with their citations. The JSON-LD export is
// the same quads (package exporttest checks that with rdflib).
func TestRDFExportHoldsTheStore(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, "memory:", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ds, err := readDataset(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(ctx, ds); err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	changes := quad.IRI(schema.DefaultBase + schema.ChangePath)
	if err := s.Quads(ctx, func(q quad.Quad) error {
		// What the store keeps of its changes is not the records': the
		// audit records, and the change that wrote a record labelling
		// its rdf:type quad.
		if iri, ok := q.Subject.(quad.IRI); ok && strings.HasPrefix(string(iri), string(changes)) {
			return nil
		}
		if l, ok := q.Label.(quad.IRI); ok && q.Predicate == quad.IRI(schema.RDFType) && strings.HasPrefix(string(l), string(changes)) {
			q.Label = nil
		}
		stored[rdfLine(q)] = true
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(stored) < 1000 {
		t.Fatalf("the store holds %d quads of the seed, too few to be the seed", len(stored))
	}
	back, err := s.Dataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	g, err := selection.NewResolver(graph.Build(back), catalog.New(back)).Resolve(ctx, selection.Selection{}, selection.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := export.Write(ctx, &buf, export.NQuads, g, export.Options{}); err != nil {
		t.Fatal(err)
	}
	exported := map[string]bool{}
	r := nquads.NewReader(&buf, false)
	for {
		q, err := r.ReadQuad()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the export does not parse: %v", err)
		}
		exported[rdfLine(q)] = true
	}
	missing := 0
	for q := range stored {
		if !exported[q] {
			if missing < 10 {
				t.Errorf("the export lacks %s", q)
			}
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of the store's %d quads are not in the export", missing, len(stored))
	}
	claims := 0
	for q := range exported {
		if strings.Contains(q, "<"+schema.RDFType+"> <"+schema.Claim.IRI()+">") {
			claims++
		}
	}
	if claims != len(ds.Claims) {
		t.Errorf("the export types %d claims, want the seed's %d", claims, len(ds.Claims))
	}
}

// rdfLine writes a quad as an N-Quads line, with the store's numbers and
// booleans in XML Schema's datatypes as the export writes them.
func rdfLine(q quad.Quad) string {
	switch v := q.Object.(type) {
	case quad.Float:
		q.Object = quad.TypedString{Value: quad.String(strconv.FormatFloat(float64(v), 'E', -1, 64)), Type: schema.NSXSD + "double"}
	case quad.Bool:
		q.Object = quad.TypedString{Value: quad.String(strconv.FormatBool(bool(v))), Type: schema.NSXSD + "boolean"}
	}
	return q.NQuad()
}
