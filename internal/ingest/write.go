package ingest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/memoria-history/memoria/internal/history"
)

// The files of a draft directory.
const (
	SourceFile = "source.yaml"
	DraftFile  = "draft.yaml"
	textsDir   = "texts"
)

// draftHead is the comment that opens a draft: how to review it.
const draftHead = `A draft made by memoria ingest: what a first reading of %s proposes.
Nothing here is loaded until a person has reviewed it. Each proposal
carries a draft: mark (the words it was read from, their offset in the
paragraph, how they matched, a confidence from 0 to 1). For each one:
  accept it: delete its draft: mark, or add review: accept
  reject it: add review: reject
An ambiguous mention lists candidates: write the right one as entity:,
then accept it. A new record may be completed (born:, names:, ...) as in
any dataset file. memoria validate on this directory lists what is left
to review; memoria ingest --accept loads what was accepted: each mention
adds its citation to the record named, each new record is created.`

// WriteDir writes the draft as a dataset directory: the source record
// (source.yaml), its text (texts/NAME.txt, paragraphs numbered as
// locators count them), and the proposals (draft.yaml). dir must not hold
// a draft already.
func WriteDir(dir string, d *Draft) error {
	if _, err := os.Stat(filepath.Join(dir, DraftFile)); err == nil {
		return history.Errorf(history.CodeConflict, "write draft: %s holds a draft already", dir)
	}
	name := strings.TrimPrefix(string(d.Source.ID), "source/")
	textPath := textsDir + "/" + name + ".txt"
	if err := os.MkdirAll(filepath.Join(dir, textsDir), 0o755); err != nil {
		return history.Wrap(history.CodeInternal, "write draft", err)
	}
	doc := &Document{Title: d.Title, Paragraphs: d.Paragraphs}
	source, err := encode(sourceNode(d.Source, textPath), "")
	if err != nil {
		return err
	}
	draft, err := encode(draftNode(d), fmt.Sprintf(draftHead, d.Source.ID))
	if err != nil {
		return err
	}
	files := map[string][]byte{textPath: []byte(doc.Text()), SourceFile: source, DraftFile: draft}
	for _, f := range []string{textPath, SourceFile, DraftFile} {
		if err := os.WriteFile(filepath.Join(dir, f), files[f], 0o644); err != nil {
			return history.Wrap(history.CodeInternal, "write draft", err)
		}
	}
	return nil
}

func encode(n *yaml.Node, head string) ([]byte, error) {
	var b bytes.Buffer
	if head != "" {
		for _, l := range strings.Split(head, "\n") {
			b.WriteString(strings.TrimRight("# "+l, " ") + "\n")
		}
		b.WriteString("\n")
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, history.Wrap(history.CodeInternal, "write draft", err)
	}
	return b.Bytes(), nil
}

func sourceNode(s SourceInfo, textPath string) *yaml.Node {
	rec := mapping()
	add(rec, "id", str(string(s.ID)))
	add(rec, "title", str(s.Title))
	if s.Author != "" {
		add(rec, "author", str(s.Author))
	}
	if s.Published != "" {
		add(rec, "published", str(s.Published))
	}
	add(rec, "kind", str(string(s.Kind)))
	if s.URL != "" {
		add(rec, "url", str(s.URL))
	}
	add(rec, "text", str(textPath))
	root := mapping()
	add(root, "sources", seq(rec))
	return root
}

// draftNode is draft.yaml: the mentions, one per entity and paragraph
// (an ambiguous one per place), then the new records by section.
func draftNode(d *Draft) *yaml.Node {
	root := mapping()
	meta := mapping()
	add(meta, "source", str(string(d.Source.ID)))
	add(root, "ingest", meta)
	var mentions []*yaml.Node
	type key struct {
		id history.ID
		p  int
	}
	at := map[key]int{}
	count := map[key]int{}
	for _, m := range d.Mentions {
		k := key{m.Entity, m.Paragraph}
		if m.Entity != "" {
			if _, ok := at[k]; ok {
				count[k]++
				continue
			}
			at[k] = len(mentions)
			count[k] = 1
		}
		rec := mapping()
		if m.Entity != "" {
			add(rec, "entity", str(string(m.Entity)))
		}
		add(rec, "cite", str(string(d.Source.ID)+" ¶"+strconv.Itoa(m.Paragraph)))
		if m.Entity != "" && m.Spelling != "" {
			// The citation check finds an entity in a paragraph by its
			// names: a spelling none of them has is proposed as one.
			n := flow()
			add(n, "text", str(m.Text))
			add(n, "kind", str(string(m.Spelling)))
			add(rec, "add-name", n)
		}
		mark := newMark(m.Text, m.Offset, m.How)
		if m.Matched != "" && m.Matched != m.Text {
			add(mark, "name", str(m.Matched))
		}
		add(mark, "confidence", fnum(m.Confidence))
		if len(m.Dates) > 0 {
			add(mark, "dates", flowStrings(m.Dates))
		}
		if len(m.Candidates) > 0 {
			add(mark, "candidates", flowIDs(m.Candidates))
		}
		add(rec, "draft", mark)
		mentions = append(mentions, rec)
	}
	for k, i := range at {
		if n := count[k]; n > 1 {
			add(mentions[i].Content[len(mentions[i].Content)-1], "times", num(n))
		}
	}
	ms := seq(mentions...)
	add(root, "mentions", ms)
	root.Content[len(root.Content)-2].HeadComment = "Known entities the text names: each accepted one adds its cite to the record (and\nits add-name, a spelling the record lacks, as a name: misspelling, transliteration or variant)."
	sections := map[history.Kind][]*yaml.Node{}
	seen := map[history.ID]bool{}
	for _, n := range d.New {
		if seen[n.ID] {
			continue
		}
		seen[n.ID] = true
		rec := mapping()
		add(rec, "id", str(string(n.ID)))
		add(rec, "name", str(n.Text))
		add(rec, "cite", str(string(d.Source.ID)+" ¶"+strconv.Itoa(n.Paragraph)))
		mark := newMark(n.Text, n.Offset, "new")
		add(rec, "draft", mark)
		sections[n.Kind] = append(sections[n.Kind], rec)
	}
	for _, s := range []struct {
		kind    history.Kind
		section string
	}{{history.KindPerson, "people"}, {history.KindGroup, "groups"}, {history.KindPlace, "places"}} {
		if len(sections[s.kind]) > 0 {
			add(root, s.section, seq(sections[s.kind]...))
			root.Content[len(root.Content)-2].HeadComment = "Names the text gives that match no known entity, proposed as new " + s.section + "."
		}
	}
	if claims := claimNodes(d); len(claims) > 0 {
		add(root, "claims", seq(claims...))
		root.Content[len(root.Content)-2].HeadComment = "Figures the text gives, proposed as claims about the first entity their sentence names\n(subjects: lists them all): check the subject, the property and the unit."
	}
	if len(d.Dates) > 0 {
		var ds []*yaml.Node
		for _, dt := range d.Dates {
			n := flow()
			add(n, "date", str(dt.EDTF))
			add(n, "text", str(dt.Text))
			add(n, "paragraph", num(dt.Paragraph))
			add(n, "offset", num(dt.Offset))
			if len(dt.Entities) > 0 {
				add(n, "entities", flowIDs(dt.Entities))
			}
			ds = append(ds, n)
		}
		add(root, "dates", seq(ds...))
		root.Content[len(root.Content)-2].HeadComment = "Dates the text gives, with the entities their sentence names, to date events and lives by:\nnothing here is loaded."
	}
	return root
}

// claimNodes are the figures as draft claims.
func claimNodes(d *Draft) []*yaml.Node {
	var out []*yaml.Node
	k := map[int]int{}
	for _, f := range d.Figures {
		k[f.Paragraph]++
		rec := mapping()
		add(rec, "id", str(string(claimID(d.Source.ID, f, k[f.Paragraph]))))
		if len(f.Entities) > 0 {
			add(rec, "subject", str(string(f.Entities[0])))
		}
		add(rec, "property", str(f.property()))
		for _, v := range []struct {
			key string
			v   *float64
		}{{"value", f.Value}, {"low", f.Low}, {"high", f.High}} {
			if v.v != nil {
				add(rec, v.key, fnum(*v.v))
			}
		}
		if f.Approximate {
			add(rec, "approximate", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
		}
		unit := f.Unit
		if unit == "" {
			unit = "items"
		}
		add(rec, "unit", str(unit))
		if f.When != "" {
			add(rec, "time", str(f.When))
		}
		add(rec, "cite", str(string(d.Source.ID)+" ¶"+strconv.Itoa(f.Paragraph)))
		mark := newMark(f.Text, f.Offset, "figure")
		if f.Of != "" {
			add(mark, "of", str(f.Of))
		}
		if len(f.Entities) > 0 {
			add(mark, "subjects", flowIDs(f.Entities))
		}
		add(rec, "draft", mark)
		out = append(out, rec)
	}
	return out
}

func flowIDs(ids []history.ID) *yaml.Node {
	ss := make([]string, len(ids))
	for i, id := range ids {
		ss[i] = string(id)
	}
	return flowStrings(ss)
}

func flowStrings(ss []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range ss {
		n.Content = append(n.Content, str(s))
	}
	return n
}

// newMark starts a proposal's draft: mark: the words it was read from,
// where they are in the paragraph, how they were read.
func newMark(text string, offset int, how string) *yaml.Node {
	m := flow()
	add(m, "text", str(text))
	add(m, "offset", num(offset))
	add(m, "how", str(how))
	return m
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }
func flow() *yaml.Node    { return &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle} }
func seq(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Content: items}
}
func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
func num(n int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(n)}
}
func fnum(f float64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatFloat(f, 'f', -1, 64)}
}
func add(m *yaml.Node, k string, v *yaml.Node) { m.Content = append(m.Content, str(k), v) }
