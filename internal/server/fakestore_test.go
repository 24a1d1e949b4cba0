package server_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/catalog"
	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/graph"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
	"github.com/memoria-history/memoria/seed"
)

// fakeStore is a Writer and a Log over a dataset in memory, checking a
// change as the store does (a replayed client id first, then revisions,
// then validation against the stored records) and rebuilding the read
// model from scratch after each: slow, and plainly right.
type fakeStore struct {
	mu      sync.Mutex
	recs    map[history.ID]*history.Dataset // every record, retracted ones marked, each alone
	order   []history.ID
	rev     uint64
	data    api.Data
	log     []api.ChangeRecord
	replays map[string]uint64 // author and client id: the revision of the first result
}

// newFakeStore holds the seed dataset, loaded as change 1.
func newFakeStore(tb testing.TB) *fakeStore {
	tb.Helper()
	ds, err := dataset.ReadFS(context.Background(), seed.FS(), ".", "seed")
	if err != nil {
		tb.Fatalf("read the seed: %v", err)
	}
	f := &fakeStore{recs: map[history.ID]*history.Dataset{}, replays: map[string]uint64{}, rev: 1}
	for _, one := range split(ds) {
		setRevision(one, 1)
		id := one.IDs()[0]
		f.recs[id] = one
		f.order = append(f.order, id)
	}
	f.log = append(f.log, api.ChangeRecord{Revision: 1, Author: "loader", Operation: "load", At: time.Now(), Records: len(f.order)})
	f.rebuild()
	return f
}

func (f *fakeStore) Write(ctx context.Context, ch history.Change, op api.Operation) (api.Written, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	tok, _ := auth.FromContext(ctx)
	key := tok.Name + "\x00" + op.ClientID
	if rev, ok := f.replays[key]; ok && op.ClientID != "" {
		return api.Written{Revision: rev, Data: f.data, DataRevision: f.rev, Replayed: true}, nil
	}
	for id, want := range ch.Expect {
		var got uint64
		if one, ok := f.recs[id]; ok {
			got = revisionOf(one)
		}
		if got != want {
			return api.Written{}, history.Errorf(history.CodeConflict, "%s is at revision %d, not %d", id, got, want)
		}
	}
	n := f.rev + 1
	after := &history.Dataset{}
	before := &history.Dataset{}
	for _, one := range split(&ch.Put) {
		id := one.IDs()[0]
		if old, ok := f.recs[id]; ok {
			if _, expected := ch.Expect[id]; !expected {
				return api.Written{}, history.Errorf(history.CodeConflict, "%s exists: expect its revision", id)
			}
			appendRecords(before, old)
		}
		setRevision(one, n)
		appendRecords(after, one)
	}
	for _, r := range ch.Retract {
		old, ok := f.recs[r.ID]
		if !ok {
			return api.Written{}, history.Errorf(history.CodeNotFound, "no record %s", r.ID)
		}
		appendRecords(before, old)
		one := copyOf(old)
		setRevision(one, n)
		setRetracted(one, &history.Retracted{Reason: r.Reason, Citations: r.Citations, Revision: n, At: time.Now().UTC()})
		appendRecords(after, one)
	}
	if after.Len() == 0 {
		return api.Written{Revision: f.rev, Data: f.data, DataRevision: f.rev}, nil
	}
	v := history.NewValidator()
	v.Lookup(func(id history.ID) (history.StoredRecord, bool) {
		one, ok := f.recs[id]
		if !ok {
			return history.StoredRecord{}, false
		}
		return stored(one), true
	})
	v.Add(after)
	if err := v.Finish().Err("write"); err != nil {
		return api.Written{}, err
	}
	for _, one := range split(after) {
		id := one.IDs()[0]
		if _, ok := f.recs[id]; !ok {
			f.order = append(f.order, id)
		}
		f.recs[id] = one
	}
	f.rev = n
	if op.ClientID != "" {
		f.replays[key] = n
	}
	f.log = append(f.log, api.ChangeRecord{
		Revision: n, Author: tok.Name, Operation: op.Name, ClientID: op.ClientID, At: time.Now().UTC(),
		Records: after.Len(), Touches: after.IDs(), Before: before, After: after,
	})
	f.rebuild()
	return api.Written{Revision: n, Data: f.data, DataRevision: n}, nil
}

func (f *fakeStore) Changes(ctx context.Context, flt api.ChangeFilter) ([]api.ChangeRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []api.ChangeRecord
	for _, c := range f.log {
		if c.Revision <= flt.Since || flt.By != "" && c.Author != flt.By || flt.ID != "" && !slices.Contains(c.Touches, flt.ID) {
			continue
		}
		if flt.Limit > 0 && len(out) == flt.Limit {
			break
		}
		out = append(out, c)
	}
	return out, nil
}

// rebuild makes the read model from the records that stand.
func (f *fakeStore) rebuild() {
	ds := &history.Dataset{}
	for _, id := range f.order {
		if one := f.recs[id]; !isRetracted(one) {
			appendRecords(ds, one)
		}
	}
	f.data = api.Data{Records: catalog.New(ds), Graph: graph.Build(ds), Search: search.NewIndex(search.Entries(ds))}
}

func (f *fakeStore) changeCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.log)
}

// split makes a dataset of each record of ds.
func split(ds *history.Dataset) []*history.Dataset {
	var out []*history.Dataset
	for _, r := range ds.Sources {
		out = append(out, &history.Dataset{Sources: []history.Source{r}})
	}
	for _, r := range ds.Entities {
		out = append(out, &history.Dataset{Entities: []history.Entity{r}})
	}
	for _, r := range ds.Events {
		out = append(out, &history.Dataset{Events: []history.Event{r}})
	}
	for _, r := range ds.Relations {
		out = append(out, &history.Dataset{Relations: []history.Relation{r}})
	}
	for _, r := range ds.Claims {
		out = append(out, &history.Dataset{Claims: []history.Claim{r}})
	}
	return out
}

// appendRecords appends every list of records of src to dst's.
func appendRecords(dst, src *history.Dataset) {
	d, s := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem()
	for i := range d.NumField() {
		d.Field(i).Set(reflect.AppendSlice(d.Field(i), s.Field(i)))
	}
}

func copyOf(one *history.Dataset) *history.Dataset {
	out := &history.Dataset{}
	appendRecords(out, one)
	return out
}

// each calls fn with the revision and retraction of the record one holds.
func each(one *history.Dataset, fn func(rev *uint64, r **history.Retracted)) {
	switch {
	case len(one.Sources) == 1:
		fn(&one.Sources[0].Revision, &one.Sources[0].Retracted)
	case len(one.Entities) == 1:
		fn(&one.Entities[0].Revision, &one.Entities[0].Retracted)
	case len(one.Events) == 1:
		fn(&one.Events[0].Revision, &one.Events[0].Retracted)
	case len(one.Relations) == 1:
		fn(&one.Relations[0].Revision, &one.Relations[0].Retracted)
	case len(one.Claims) == 1:
		fn(&one.Claims[0].Revision, &one.Claims[0].Retracted)
	default:
		panic(fmt.Sprintf("not one record: %d", one.Len()))
	}
}

func setRevision(one *history.Dataset, n uint64) {
	each(one, func(rev *uint64, _ **history.Retracted) { *rev = n })
}

func setRetracted(one *history.Dataset, r *history.Retracted) {
	each(one, func(_ *uint64, mark **history.Retracted) { *mark = r })
}

func revisionOf(one *history.Dataset) (n uint64) {
	each(one, func(rev *uint64, _ **history.Retracted) { n = *rev })
	return n
}

func isRetracted(one *history.Dataset) (yes bool) {
	each(one, func(_ *uint64, r **history.Retracted) { yes = *r != nil })
	return yes
}

func stored(one *history.Dataset) history.StoredRecord {
	rec := history.StoredRecord{Retracted: isRetracted(one)}
	switch {
	case len(one.Sources) == 1:
		rec.Kind = history.KindSource
	case len(one.Entities) == 1:
		rec.Kind = one.Entities[0].Kind
	case len(one.Events) == 1:
		rec.Kind = history.KindEvent
		if p := one.Events[0].Parent; p != nil {
			rec.Parent = p.Target
		}
	case len(one.Relations) == 1:
		rec.Kind = "relation"
	default:
		rec.Kind = "claim"
	}
	return rec
}
