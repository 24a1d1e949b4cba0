package ingest

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing/fstest"

	"go.yaml.in/yaml/v3"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
)

// The review marks of a proposal.
const (
	markKey   = "draft"
	reviewKey = "review"
	accept    = "accept"
	reject    = "reject"
)

// Reviewed is what a reviewed draft holds for the graph.
type Reviewed struct {
	// Source is the source the draft was made from.
	Source history.ID
	// Files is the dataset the review leaves: the source, its text, the
	// accepted new records, with every line where the draft's file has
	// it, so that a problem in them names the line a curator edits.
	Files fs.FS
	// Citations are the accepted mentions: a citation each adds to a
	// record the graph holds.
	Citations []Cited
}

// Cited is an accepted mention.
type Cited struct {
	Entity   history.ID
	Citation history.Citation
	// Name is a spelling to add to the entity's names, cited like the
	// mention; nil when there is none.
	Name *history.Name
	At   history.Position
}

// IsDraft reports whether fsys holds a draft made by WriteDir.
func IsDraft(fsys fs.FS) bool {
	_, err := fs.Stat(fsys, DraftFile)
	return err == nil
}

// Review reads a draft directory as a curator left it. Each proposal
// still marked draft without a review is a problem at the line of its
// mark, and so is a review that is neither accept nor reject, an accepted
// mention with no entity, and an entity or citation that does not parse.
// A rejected proposal is left out. While problems remain, Reviewed is
// nil.
func Review(fsys fs.FS) (*Reviewed, history.Problems, error) {
	data, err := fs.ReadFile(fsys, DraftFile)
	if err != nil {
		return nil, nil, history.Wrap(history.CodeInvalid, "read draft", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, history.Problems{{At: history.Position{File: DraftFile}, Message: "not YAML: " + err.Error()}}, nil
	}
	rv := &reviewer{lines: strings.Split(string(data), "\n")}
	rv.file(&doc)
	if len(rv.problems) > 0 {
		rv.problems.Sort()
		return nil, rv.problems, nil
	}
	files := fstest.MapFS{}
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		files[p] = &fstest.MapFile{Data: b, Mode: 0o644}
		return err
	})
	if err != nil {
		return nil, nil, history.Wrap(history.CodeInvalid, "read draft", err)
	}
	files[DraftFile] = &fstest.MapFile{Data: []byte(strings.Join(rv.lines, "\n")), Mode: 0o644}
	return &Reviewed{Source: rv.source, Files: files, Citations: rv.cited}, nil, nil
}

// reviewer reads draft.yaml, blanking the lines of what is not dataset:
// the draft's own sections, the marks, the rejected records.
type reviewer struct {
	lines    []string
	source   history.ID
	cited    []Cited
	problems history.Problems
}

func (rv *reviewer) problem(line int, rec history.ID, field, format string, args ...any) {
	rv.problems = append(rv.problems, history.Problem{At: history.Position{File: DraftFile, Line: line}, Record: rec, Field: field, Message: fmt.Sprintf(format, args...)})
}

// blank empties lines from to to (1-based, inclusive).
func (rv *reviewer) blank(from, to int) {
	for l := from; l <= to && l <= len(rv.lines); l++ {
		rv.lines[l-1] = ""
	}
}

func (rv *reviewer) file(doc *yaml.Node) {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		rv.problem(1, "", "", "a draft is a mapping of sections, as memoria ingest writes it")
		return
	}
	root := doc.Content[0]
	end := len(rv.lines)
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		last := end
		if i+2 < len(root.Content) {
			last = root.Content[i+2].Line - 1
		}
		switch k.Value {
		case "ingest":
			rv.meta(v)
			rv.blank(k.Line, last)
		case "mentions":
			rv.mentions(v)
			rv.blank(k.Line, last)
		case "dates":
			rv.blank(k.Line, last)
		default:
			if v.Kind == yaml.SequenceNode {
				rv.records(v, last)
			}
		}
	}
	if rv.source == "" {
		rv.problem(1, "", "ingest", "the draft names no source: ingest: {source: source/...} is missing")
	}
}

func (rv *reviewer) meta(v *yaml.Node) {
	if v.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		if v.Content[i].Value == "source" {
			rv.source = history.ID(v.Content[i+1].Value)
		}
	}
}

// state reads the marks of a proposal: whether it is accepted, and
// reports it if it is not reviewed. It returns the line ranges of the
// marks, to blank.
func (rv *reviewer) state(rec *yaml.Node, id history.ID, last int) (accepted bool, marks [][2]int, ok bool) {
	var mark, review *yaml.Node
	for i := 0; i+1 < len(rec.Content); i += 2 {
		k := rec.Content[i]
		to := last
		if i+2 < len(rec.Content) {
			to = rec.Content[i+2].Line - 1
		}
		switch k.Value {
		case markKey:
			mark = k
		case reviewKey:
			review = rec.Content[i+1]
		default:
			continue
		}
		if i == 0 {
			rv.problem(k.Line, id, k.Value, "write %s: below the record's first field, not as its first line", k.Value)
			return false, nil, false
		}
		if rec.Style == yaml.FlowStyle || (i > 0 && rec.Content[i-1].Line == k.Line) || (i+2 < len(rec.Content) && rec.Content[i+2].Line == k.Line) {
			rv.problem(k.Line, id, k.Value, "write %s: on a line of its own, in a record written a field a line", k.Value)
			return false, nil, false
		}
		marks = append(marks, [2]int{k.Line, to})
	}
	switch {
	case review != nil && review.Value == accept:
		return true, marks, true
	case review != nil && review.Value == reject:
		return false, marks, true
	case review != nil:
		rv.problem(review.Line, id, reviewKey, "review is accept or reject, not %q", review.Value)
		return false, nil, false
	case mark != nil:
		rv.problem(mark.Line, id, markKey, "not reviewed yet: accept it (delete the draft: mark, or add review: accept) or add review: reject")
		return false, nil, false
	}
	return true, marks, true
}

func (rv *reviewer) mentions(v *yaml.Node) {
	if v.Kind != yaml.SequenceNode {
		return
	}
	for _, m := range v.Content {
		if m.Kind != yaml.MappingNode {
			rv.problem(m.Line, "", "mentions", "a mention is a mapping (entity:, cite:, draft:)")
			continue
		}
		var entity history.ID
		var cite, name *yaml.Node
		for i := 0; i+1 < len(m.Content); i += 2 {
			switch m.Content[i].Value {
			case "entity":
				entity = history.ID(m.Content[i+1].Value)
			case "cite":
				cite = m.Content[i+1]
			case "add-name":
				name = m.Content[i+1]
			}
		}
		accepted, _, ok := rv.state(m, entity, m.Line)
		if !ok || !accepted {
			continue
		}
		switch {
		case entity == "":
			rv.problem(m.Line, "", "entity", "an accepted mention needs entity: (for an ambiguous one, the right candidate)")
			continue
		case entity.Kind() == history.KindSource || !slices.Contains(history.Kinds(), entity.Kind()):
			rv.problem(m.Line, entity, "entity", "%s is not the id of an entity or event", entity)
			continue
		case cite == nil:
			rv.problem(m.Line, entity, "cite", "an accepted mention needs cite: SOURCE ¶N")
			continue
		}
		c, err := dataset.ParseCitation(cite.Value)
		if err != nil {
			rv.problem(cite.Line, entity, "cite", "%v", err)
			continue
		}
		ci := Cited{Entity: entity, Citation: c, At: history.Position{File: DraftFile, Line: m.Line}}
		if name != nil {
			n, ok := rv.addName(name, entity)
			if !ok {
				continue
			}
			n.Citations = []history.Citation{c}
			ci.Name = &n
		}
		rv.cited = append(rv.cited, ci)
	}
}

// records reads a section of new records, blanking the rejected ones and
// the marks of the others. last is the section's last line.
func (rv *reviewer) records(v *yaml.Node, last int) {
	for j, r := range v.Content {
		to := last
		if j+1 < len(v.Content) {
			to = v.Content[j+1].Line - 1
		}
		if r.Kind != yaml.MappingNode {
			continue // the dataset reader reports it
		}
		var id history.ID
		for i := 0; i+1 < len(r.Content); i += 2 {
			if r.Content[i].Value == "id" {
				id = history.ID(r.Content[i+1].Value)
			}
		}
		accepted, marks, ok := rv.state(r, id, to)
		if !ok {
			continue
		}
		if !accepted {
			rv.blank(r.Line, to)
			// The line of "- id: ..." held the item's dash too.
			continue
		}
		for _, m := range marks {
			rv.blank(m[0], m[1])
		}
	}
}

// addName reads a mention's add-name: {text: ..., kind: ...}.
func (rv *reviewer) addName(v *yaml.Node, entity history.ID) (history.Name, bool) {
	var n history.Name
	if v.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(v.Content); i += 2 {
			switch v.Content[i].Value {
			case "text":
				n.Text = v.Content[i+1].Value
			case "kind":
				n.Kind = history.NameKind(v.Content[i+1].Value)
			case "lang":
				n.Lang = v.Content[i+1].Value
			}
		}
	}
	if strings.TrimSpace(n.Text) == "" {
		rv.problem(v.Line, entity, "add-name", "add-name is {text: the spelling, kind: misspelling, transliteration or variant}")
		return n, false
	}
	if n.Kind == "" {
		n.Kind = history.NameVariant
	}
	return n, true
}
