package ingest

import (
	"context"
	"slices"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
)

// Dataset reads the records the review leaves: the source and the
// accepted new records, with the citations of accepted mentions of them
// added. prefix names the draft's directory in problems.
func (r *Reviewed) Dataset(ctx context.Context, prefix string) (*history.Dataset, error) {
	ds, err := dataset.ReadFS(ctx, r.Files, ".", prefix)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(ds.Sources, func(s history.Source) bool { return s.ID == r.Source }) {
		return nil, history.Errorf(history.CodeInvalid, "read draft %s: the draft's source %s is not in it (%s)", prefix, r.Source, SourceFile)
	}
	return ds, nil
}

// Change is what loading the reviewed draft changes, given the records
// the graph holds: the source and the new records put, and each record an
// accepted mention names put again with the mention's citation added. A
// mention of a record neither the draft nor stored holds is a problem.
func (r *Reviewed) Change(ctx context.Context, prefix string, stored *history.Dataset) (history.Change, error) {
	ds, err := r.Dataset(ctx, prefix)
	if err != nil {
		return history.Change{}, err
	}
	entities := map[history.ID]*history.Entity{}
	events := map[history.ID]*history.Event{}
	for i := range ds.Entities {
		entities[ds.Entities[i].ID] = &ds.Entities[i]
	}
	for i := range ds.Events {
		events[ds.Events[i].ID] = &ds.Events[i]
	}
	// The stored records the mentions name, copied so that what is added
	// to them leaves stored as it was.
	need := map[history.ID]bool{}
	for _, c := range r.Citations {
		need[c.Entity] = entities[c.Entity] == nil && events[c.Entity] == nil
	}
	var held history.Dataset
	for _, e := range stored.Entities {
		if need[e.ID] && e.Retracted == nil {
			e.Citations, e.Names = slices.Clone(e.Citations), slices.Clone(e.Names)
			held.Entities = append(held.Entities, e)
		}
	}
	for _, e := range stored.Events {
		if need[e.ID] && e.Retracted == nil {
			e.Citations, e.Names = slices.Clone(e.Citations), slices.Clone(e.Names)
			held.Events = append(held.Events, e)
		}
	}
	for i := range held.Entities {
		entities[held.Entities[i].ID] = &held.Entities[i]
	}
	for i := range held.Events {
		events[held.Events[i].ID] = &held.Events[i]
	}
	var problems history.Problems
	for _, c := range r.Citations {
		if entities[c.Entity] == nil && events[c.Entity] == nil {
			problems = append(problems, history.Problem{At: c.At, Record: c.Entity, Field: "entity", Message: "no record has this id: correct it, or reject the mention"})
		}
	}
	if len(problems) > 0 {
		return history.Change{}, problems.Err("accept draft " + prefix)
	}
	for _, c := range r.Citations {
		var cs *[]history.Citation
		var names *[]history.Name
		if e := entities[c.Entity]; e != nil {
			cs, names = &e.Citations, &e.Names
		} else {
			cs, names = &events[c.Entity].Citations, &events[c.Entity].Names
		}
		if !slices.Contains(*cs, c.Citation) {
			*cs = append(*cs, c.Citation)
		}
		if c.Name != nil {
			addName(names, *c.Name)
		}
	}
	ds.Entities = append(ds.Entities, held.Entities...)
	ds.Events = append(ds.Events, held.Events...)
	return history.Change{Put: *ds}, nil
}

// Check is Change, with the change checked as memoria validate checks a
// dataset, against the stored records it joins: its references must
// resolve, and each citation of the draft's source must be borne out by
// the paragraph it cites (a name of the entity, a claim's figures, a
// date's year).
func (r *Reviewed) Check(ctx context.Context, prefix string, stored *history.Dataset) (history.Change, error) {
	ch, err := r.Change(ctx, prefix, stored)
	if err != nil {
		return ch, err
	}
	put := map[history.ID]bool{}
	for _, id := range ch.Put.IDs() {
		put[id] = true
	}
	known := stored.Select(func(id history.ID, _ *history.Retracted) bool { return !put[id] })
	v := history.NewValidator()
	v.Known(known)
	v.Add(&ch.Put)
	problems := v.Finish()
	texts, tp := dataset.Texts(r.Files, ".", &ch.Put)
	problems = append(problems, tp...)
	concordances := map[history.ID]*history.Concordance{}
	for id, t := range texts {
		concordances[id] = t.Concordance
	}
	all := &history.Dataset{
		Sources:   slices.Concat(known.Sources, ch.Put.Sources),
		Entities:  slices.Concat(known.Entities, ch.Put.Entities),
		Events:    slices.Concat(known.Events, ch.Put.Events),
		Relations: slices.Concat(known.Relations, ch.Put.Relations),
		Claims:    slices.Concat(known.Claims, ch.Put.Claims),
	}
	problems = append(problems, history.CheckCitations(all, concordances)...)
	problems.Sort()
	return ch, problems.Err("check draft " + prefix)
}

// addName adds n to names, or its citations to the name of the same text
// and kind.
func addName(names *[]history.Name, n history.Name) {
	for i := range *names {
		if x := &(*names)[i]; x.Text == n.Text && x.Kind == n.Kind {
			for _, c := range n.Citations {
				if !slices.Contains(x.Citations, c) {
					x.Citations = append(x.Citations, c)
				}
			}
			return
		}
	}
	*names = append(*names, n)
}
