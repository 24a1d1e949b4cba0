package browsertest

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

// counts is how many nodes and edges the explorer draws.
type counts struct{ Nodes, Edges int }

// exploreReport is what explore.mjs prints.
type exploreReport struct {
	pageReport
	Steps struct {
		Open   exploreStep
		Search struct {
			exploreStep
			Options []string
		}
		Pick struct {
			exploreStep
			counts
			Text, Status string
		}
		Expand struct {
			exploreStep
			Before, After counts
			Hash          string
		}
		Path struct {
			exploreStep
			Highlighted struct {
				Nodes []string
				Edges int
			}
			Steps string
		}
		Time struct {
			exploreStep
			Min, Max      int
			Before, After counts
			Readout       string
			Hrefs         []string
		}
		Citation struct {
			exploreStep
			Text string
			Open bool
		}
		Dispute struct {
			exploreStep
			Sides int
			Text  string
		}
		Download struct {
			exploreStep
			Name, URL    string
			Bytes        int
			GEXF         bool
			Nodes, Edges int
			View         counts
		}
	}
}

type exploreStep struct {
	OK    bool
	Error string
	MS    int
}

func testExplorer(t *testing.T, base string) {
	var r exploreReport
	drive(t, &r, "explore.mjs", base)
	r.check(t, "explorer")
	s := r.Steps
	for name, st := range map[string]exploreStep{
		"open": s.Open, "search": s.Search.exploreStep, "pick": s.Pick.exploreStep, "expand": s.Expand.exploreStep, "path": s.Path.exploreStep,
		"time": s.Time.exploreStep, "citation": s.Citation.exploreStep, "dispute": s.Dispute.exploreStep, "download": s.Download.exploreStep,
	} {
		if !st.OK {
			t.Errorf("step %s failed: %s", name, st.Error)
		}
	}
	if t.Failed() {
		return
	}
	t.Logf("explorer: opened in %d ms; search %d ms, first view %d ms, expand %d ms, path %d ms", s.Open.MS, s.Search.MS, s.Pick.MS, s.Expand.MS, s.Path.MS)

	// Ежов finds Yezhov by his name in Cyrillic, and picking him draws
	// his neighbourhood and opens his names and sources.
	if len(s.Search.Options) == 0 || !strings.Contains(s.Search.Options[0], "Nikolai Yezhov") {
		t.Errorf("searching Ежов offered %q, want Nikolai Yezhov first", s.Search.Options)
	}
	if s.Pick.Nodes < 5 || s.Pick.Edges < 5 {
		t.Errorf("Yezhov's neighbourhood has %d nodes and %d edges drawn", s.Pick.Nodes, s.Pick.Edges)
	}
	for _, want := range []string{"Nikolai Yezhov", "Николай Иванович Ежов", "Special treatment in Stalin's Gulag", "opinion essay", "¶9"} {
		if !strings.Contains(s.Pick.Text, want) {
			t.Errorf("the side panel for Yezhov lacks %q:\n%s", want, s.Pick.Text)
		}
	}
	// Expanding the NKVD adds its neighbours, and the view remembers it.
	if s.Expand.After.Nodes <= s.Expand.Before.Nodes {
		t.Errorf("expanding the NKVD drew %d nodes, %d before", s.Expand.After.Nodes, s.Expand.Before.Nodes)
	}
	if !strings.Contains(s.Expand.Hash, "group%2Fnkvd") {
		t.Errorf("the page's address %q does not name the NKVD expanded", s.Expand.Hash)
	}
	// The path from Yezhov to Trotsky is highlighted, end to end.
	hl := s.Path.Highlighted
	if !slices.Contains(hl.Nodes, "person/nikolai-yezhov") || !slices.Contains(hl.Nodes, "person/leon-trotsky") || hl.Edges < len(hl.Nodes)-1 {
		t.Errorf("the path highlights nodes %q and %d edges; want Yezhov to Trotsky, each step drawn", hl.Nodes, hl.Edges)
	}
	if !strings.Contains(s.Path.Steps, "Path:") {
		t.Errorf("the side panel does not list the path's steps:\n%s", s.Path.Steps)
	}
	// The time window asks the server again and narrows the view; every
	// download then carries the same window.
	if s.Time.After.Nodes >= s.Time.Before.Nodes {
		t.Errorf("1937–1938 left %d nodes of %d", s.Time.After.Nodes, s.Time.Before.Nodes)
	}
	if len(s.Time.Hrefs) == 0 {
		t.Error("the download menu offers no format")
	}
	for _, href := range s.Time.Hrefs {
		u, err := url.Parse(href)
		if err != nil || u.Query().Get("during") != "1937/1938" {
			t.Errorf("download link %q does not carry during=1937/1938", href)
		}
	}
	// A statement's citation opens on its source.
	if !s.Citation.Open || !strings.Contains(s.Citation.Text, "Where in it") {
		t.Errorf("the citation did not open on its source:\n%s", s.Citation.Text)
	}
	// The Great Terror's disputed start date shows both claims side by side.
	if s.Dispute.Sides < 2 || !strings.Contains(s.Dispute.Text, "sources disagree") {
		t.Errorf("the disputed claims show %d side by side:\n%s", s.Dispute.Sides, s.Dispute.Text)
	}
	// The download is the view: a GEXF file with the nodes and edges drawn.
	d := s.Download
	if !d.GEXF || !strings.HasSuffix(d.Name, ".gexf") {
		t.Errorf("the GEXF download %q (%d bytes) is not GEXF 1.3", d.Name, d.Bytes)
	}
	if d.Nodes != d.View.Nodes || d.Edges != d.View.Edges {
		t.Errorf("the download holds %d nodes and %d edges, the view %d and %d", d.Nodes, d.Edges, d.View.Nodes, d.View.Edges)
	}
}
