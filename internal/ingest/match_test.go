package ingest

import (
	"context"
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
)

func TestMentionsSettledByContext(t *testing.T) {
	entries := []search.Entry{
		{ID: "person/ivan-petrov", Kind: history.KindPerson, Name: "Ivan Petrov"},
		{ID: "person/pyotr-petrov", Kind: history.KindPerson, Name: "Pyotr Petrov"},
		{ID: "person/lev-kamenev", Kind: history.KindPerson, Name: "Lev Kamenev", Names: []history.Name{{Text: "Лев Борисович Каменев", Kind: history.NameNative}}},
		{ID: "group/nkvd", Kind: history.KindGroup, Name: "NKVD", Names: []history.Name{{Text: "labour camps", Kind: history.NameVariant}}},
	}
	in := New(search.NewIndex(entries), entries)
	doc := &Document{Title: "T", Paragraphs: []string{
		"Petrov spoke first. The labour camps grew.",
		"Then Ivan Petrov came, and Lev Kamenyev with him.",
		"Petrov left. Later Лев Каменев and the NKVD's men arrived. Stalinist Ivanovich Berg stayed.",
	}}
	ms, fresh := in.Find(context.Background(), doc)
	type got struct {
		p          int
		text       string
		entity     history.ID
		how        string
		candidates int
	}
	var gs []got
	for _, m := range ms {
		gs = append(gs, got{m.Paragraph, m.Text, m.Entity, m.How, len(m.Candidates)})
	}
	want := []got{
		{1, "Petrov", "", HowAmbiguous, 2},
		{1, "labour camps", "group/nkvd", HowName, 0},
		{2, "Ivan Petrov", "person/ivan-petrov", HowName, 0},
		{2, "Lev Kamenyev", "person/lev-kamenev", HowNear, 0},
		{3, "Petrov", "person/ivan-petrov", HowSurname, 0},
		{3, "Лев Каменев", "person/lev-kamenev", HowShort, 0},
		{3, "NKVD", "group/nkvd", HowName, 0},
	}
	if !slices.Equal(gs, want) {
		t.Errorf("mentions:\n got %v\nwant %v", gs, want)
	}
	if len(fresh) != 0 {
		t.Errorf("new names %v, want none (an adjective and a patronymic start the only unknown run)", fresh)
	}
}
