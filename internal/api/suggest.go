package api

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/memoria-history/memoria/internal/history"
)

// An id that names nothing is answered the same way by every field: a
// NOT_FOUND error at the field, whose message and extensions.suggestions
// name the nearest ids that exist ("did you mean
// person/nikolai-yezhov?").

// maxSuggestions is how many ids a NOT_FOUND error suggests.
const maxSuggestions = 3

// maxScanned bounds the records compared letter by letter with an unknown
// id of a kind the name index does not hold (sources, claims), so that a
// mistyped id costs little on a large store.
const maxScanned = 20000

// missingError is a NOT_FOUND error with the ids it suggests.
type missingError struct {
	err         *history.Error
	suggestions []string
}

func (e *missingError) Error() string { return e.err.Error() }

func (e *missingError) Unwrap() error { return e.err }

// unknownID is the error for an id, given as argument arg, that names
// nothing in d.
func unknownID(ctx context.Context, d *Data, arg string, id history.ID) error {
	near := suggest(ctx, d, id)
	msg := "argument " + arg + ": no record has the id " + excerpt(string(id))
	switch len(near) {
	case 0:
		msg += `; ids read kind/name, as in person/lavrentiy-beria, and search(text:) finds them by name`
	case 1:
		msg += "; did you mean " + near[0] + "?"
	default:
		msg += "; did you mean " + strings.Join(near[:len(near)-1], ", ") + " or " + near[len(near)-1] + "?"
	}
	return &missingError{err: history.Errorf(history.CodeNotFound, "%s", msg), suggestions: near}
}

// suggest finds the ids nearest to id: for an entity or an event, through
// the name index, which knows transliterations and typos, with the id's
// words as the text (person/nikolai-ezhov is searched as "nikolai ezhov"),
// among its kind and then among all; for a source or a claim, by edit
// distance among the ids of its kind.
func suggest(ctx context.Context, d *Data, id history.ID) []string {
	if d == nil || len(id) > 200 {
		return nil
	}
	kind, rest, hasKind := strings.Cut(string(id), "/")
	switch history.Kind(kind) {
	case history.KindSource:
		var ids []string
		for _, s := range d.Records.Sources() {
			ids = append(ids, string(s.ID))
		}
		return nearest(string(id), ids)
	case "claim":
		var ids []string
		for _, c := range d.Records.Claims("", "") {
			ids = append(ids, string(c.ID))
		}
		return nearest(string(id), ids)
	}
	if d.Search == nil {
		return nil
	}
	text := string(id)
	if hasKind {
		text = rest
	}
	text = strings.NewReplacer("-", " ", "_", " ", "/", " ").Replace(text)
	var hits []string
	if hasKind && isEntityKind(history.Kind(kind)) {
		for _, h := range d.Search.Search(ctx, text, []history.Kind{history.Kind(kind)}, maxSuggestions) {
			hits = append(hits, string(h.ID))
		}
	}
	if len(hits) == 0 {
		for _, h := range d.Search.Search(ctx, text, nil, maxSuggestions) {
			hits = append(hits, string(h.ID))
		}
	}
	return hits
}

func isEntityKind(k history.Kind) bool {
	switch k {
	case history.KindPerson, history.KindGroup, history.KindPlace, history.KindEvent, history.KindWork:
		return true
	}
	return false
}

// nearest returns the ids within a few edits of id, nearest first.
func nearest(id string, ids []string) []string {
	limit := max(2, utf8.RuneCountInString(id)/4)
	type scored struct {
		id   string
		dist int
	}
	var best []scored
	for i, cand := range ids {
		if i == maxScanned {
			break
		}
		dist := editDistance(id, cand, limit)
		if dist > limit {
			continue
		}
		at := len(best)
		for at > 0 && best[at-1].dist > dist {
			at--
		}
		if at < maxSuggestions {
			best = append(best[:at], append([]scored{{cand, dist}}, best[at:]...)...)
			best = best[:min(len(best), maxSuggestions)]
		}
	}
	out := make([]string, len(best))
	for i, s := range best {
		out[i] = s.id
	}
	return out
}

// editDistance is the Levenshtein distance between a and b in bytes, or
// limit+1 once it is sure to exceed limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// maxQuoted is the most bytes of a client's value that an error quotes.
const maxQuoted = 80

// excerpt quotes a value a client sent, cut to maxQuoted bytes (at a
// letter's boundary) with its length said, so that a large value does not
// come back in a larger answer.
func excerpt(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]+"…") + " (" + itoa(len(s)) + " bytes)"
}
