package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// TestApplyMatchesRebuilt replaces, removes and adds entries in batches
// and checks that the changed index finds exactly what an index built
// from the resulting entries finds, with and without stopping early: the
// queries include prefixes that begin more than maxPrefixTokens tokens,
// where the bound must be counted over the base and the segments together,
// leaving out tokens that only dead entries hold.
func TestApplyMatchesRebuilt(t *testing.T) {
	entries := syntheticEntries(t, 20000)
	r := rand.New(rand.NewPCG(23, 42))
	cur := map[history.ID]Entry{}
	for _, e := range entries {
		cur[e.ID] = e
	}
	ix := NewIndex(entries)
	ctx := context.Background()
	words := func() []string {
		var ws []string
		for _, e := range entries[:2000] {
			ws = append(ws, strings.Fields(e.Name)...)
		}
		return ws
	}()
	for round := range 12 {
		ed := &history.Edits{}
		for range 1 + r.IntN(60) {
			id := entries[r.IntN(len(entries))].ID
			if r.IntN(5) == 0 {
				id = history.ID(fmt.Sprintf("person/new-%d-%d", round, r.IntN(1000)))
			}
			if slices.ContainsFunc(ed.Entities, func(e history.Edit[history.Entity]) bool { return e.ID == id }) {
				continue
			}
			edit := history.Edit[history.Entity]{ID: id}
			if old, ok := cur[id]; ok {
				edit.Old = &history.Entity{ID: id, Kind: old.Kind, Name: old.Name, Names: old.Names}
			}
			if r.IntN(4) != 0 {
				// Names made of common tokens with rare endings, so that
				// prefixes of the base's tokens grow in the segments.
				name := words[r.IntN(len(words))] + " " + words[r.IntN(len(words))][:2] + fmt.Sprint("zq", r.IntN(500))
				edit.New = &history.Entity{ID: id, Kind: history.KindPerson, Name: name}
				cur[id] = Entry{ID: id, Kind: history.KindPerson, Name: name}
			} else {
				delete(cur, id)
			}
			ed.Entities = append(ed.Entities, edit)
		}
		slices.SortFunc(ed.Entities, func(a, b history.Edit[history.Entity]) int { return strings.Compare(string(a.ID), string(b.ID)) })
		ix = ix.Apply(ed)
		var now []Entry
		for _, e := range cur {
			now = append(now, e)
		}
		fresh := NewIndex(now)
		queries := []string{}
		for range 150 {
			w := strings.ToLower(words[r.IntN(len(words))])
			switch r.IntN(4) {
			case 0:
				queries = append(queries, w)
			case 1:
				queries = append(queries, w[:min(len(w), 3)])
			case 2:
				queries = append(queries, w[:min(len(w), 2)]+"z")
			default:
				queries = append(queries, w+" "+words[r.IntN(len(words))][:3])
			}
		}
		bounded := 0
		for _, q := range queries {
			if at, end := ix.base.prefixRange(q); end-at > maxPrefixTokens {
				bounded++
			}
			for _, exhaustive := range []bool{false, true} {
				for _, first := range []int{3, 40} {
					got := ix.search(ctx, q, nil, first, exhaustive)
					want := fresh.search(ctx, q, nil, first, exhaustive)
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("round %d: search(%q, first %d, exhaustive %v):\n got  %v\n want %v", round, q, first, exhaustive, got, want)
					}
				}
			}
		}
		if bounded == 0 {
			t.Errorf("round %d: no query began more than %d tokens", round, maxPrefixTokens)
		}
	}
}
