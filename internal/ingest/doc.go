// Package ingest makes the first pass over a new document: it reads the
// text (plain, Markdown or HTML), numbers its paragraphs as locators count
// them, finds the known entities each paragraph names, proposes the names
// that match none, and writes all of it as a draft dataset that a person
// reviews before anything is loaded.
//
// # Reading
//
// A document must be UTF-8; it is normalised to NFC. HTML is parsed with
// golang.org/x/net/html: each block element is a paragraph, scripts and
// styles are left out, the title is <title> or the first <h1>. Markdown
// goes through a small pass of this package (headings, paragraphs, list
// items and quotations are paragraphs; emphasis, link targets and code
// spans are stripped; code blocks are left out). Plain text is split at
// blank lines. The first paragraph is the title; ¶1 is the one after it,
// as history.Paragraphs counts them, so that the draft's text is what
// memoria validate checks the draft's citations against.
//
// # Matching
//
// Runs of capitalised words (with "of", "the" and the like between them,
// without the common words that start sentences) are looked up in the
// search index, their longest phrases first, and a hit counts only when
// whole words match a name of the entity: all of them exactly, a name's
// first and last words, all of them within an edit or two (a
// misspelling, another romanisation), or, for a person, the surname
// alone. The names of groups, places, works and events, and any name a
// curator wrote in small letters ("labour camps"), are also found as
// phrases anywhere in the text. When several entities fit a phrase
// equally, the one the document named before is taken (a surname after
// the full name); otherwise the mention lists its candidates and names
// none. Capitalised runs of two to four words that match nothing, written
// as names are and not words the text also uses in small letters, are
// proposed as new people, groups or places; a single word never is.
//
// # The draft and its review
//
// A draft directory holds source.yaml (the source record, in the dataset
// format), texts/NAME.txt (its text) and draft.yaml, which is plain YAML
// a historian edits:
//
//	mentions:
//	  - entity: person/joseph-stalin
//	    cite: source/memoir ¶3
//	    draft: {text: Stalin, offset: 41, how: surname, name: Joseph Stalin, confidence: 0.7}
//	  - cite: source/memoir ¶5
//	    draft: {text: Ivanov, offset: 9, how: ambiguous, confidence: 0.5, candidates: [person/a, person/b]}
//	people:
//	  - id: person/varlam-shalamov
//	    name: Varlam Shalamov
//	    cite: source/memoir ¶1
//	    draft: {text: Varlam Shalamov, offset: 0, how: new}
//
// Each proposal carries a draft: mark with the words it was read from,
// their byte offset in the paragraph, how they matched and a confidence.
// A curator accepts a proposal by deleting its mark or adding review:
// accept, rejects it with review: reject, settles an ambiguous mention by
// writing entity:, and may complete a new record as any dataset record.
// Review reports every mark left (and every review that is neither
// accept nor reject) as a problem at its line; memoria validate shows
// them. Once none is left, the accepted new records are read as a dataset
// with draft.yaml's lines kept where they were, and each accepted mention
// adds its citation to the record it names, which is put again whole:
// mentions never make new records.
package ingest
