package ingest

import (
	"context"
	"slices"

	"github.com/memoria-history/memoria/internal/history"
)

// SourceInfo is what the person ingesting a document says of it: the
// source record the draft proposes.
type SourceInfo struct {
	ID        history.ID         `json:"id"`
	Title     string             `json:"title"`
	Author    string             `json:"author,omitempty"`
	Kind      history.SourceKind `json:"kind"`
	Published string             `json:"published,omitempty"`
	URL       string             `json:"url,omitempty"`
}

// Draft is what a first reading of a document proposes: the source and
// its text, the known entities each paragraph names, the new names, and
// the dates and figures it gives. Nothing in it is accepted yet.
type Draft struct {
	Source     SourceInfo    `json:"source"`
	Title      string        `json:"title"`
	Paragraphs []string      `json:"paragraphs"` // ¶1 first
	Mentions   []Mention     `json:"mentions"`
	New        []NewName     `json:"new"`
	Dates      []DateFound   `json:"dates"`
	Figures    []FigureFound `json:"figures"`
}

// Draft reads doc and proposes what it says about the graph, as a source
// described by src. A source without a title takes the document's.
func (in *Ingester) Draft(ctx context.Context, doc *Document, src SourceInfo) (*Draft, error) {
	if src.Title == "" {
		src.Title = doc.Title
	}
	if src.Kind == "" {
		src.Kind = history.SourceOpinionEssay
	}
	if !slices.Contains(history.SourceKinds(), src.Kind) {
		return nil, history.Errorf(history.CodeInvalid, "ingest: unknown source kind %q", src.Kind)
	}
	if src.ID.Kind() != history.KindSource {
		return nil, history.Errorf(history.CodeInvalid, "ingest: the source id %q is not a source's (source/a-name)", src.ID)
	}
	ms, fresh := in.Find(ctx, doc)
	if err := ctx.Err(); err != nil {
		return nil, history.Wrap(history.CodeCancelled, "ingest", err)
	}
	if ms == nil {
		ms = []Mention{}
	}
	if fresh == nil {
		fresh = []NewName{}
	}
	dates, figures := facts(doc.Paragraphs, ms)
	if dates == nil {
		dates = []DateFound{}
	}
	if figures == nil {
		figures = []FigureFound{}
	}
	return &Draft{Source: src, Title: doc.Title, Paragraphs: doc.Paragraphs, Mentions: ms, New: fresh, Dates: dates, Figures: figures}, nil
}
