// Package search finds entities by name: the box where a reader types
// "Ezhov", "Beriya", "Ежов" or "Zinoview" and expects the person the
// sources mean.
//
// Names are compared folded: decomposed (Unicode NFKD), stripped of
// accents and other combining marks, lower-cased, apostrophes dropped, and
// split into tokens at anything that is not a letter or digit. So case and
// accents never matter, "Ё" matches "Е", a Cyrillic query matches the
// Cyrillic names an entity lists, and "trotsky" matches "Leon Trotsky".
//
// A query token matches a name token exactly, as a prefix (three letters
// or more), or within a small edit distance counting a swap of two
// neighbouring letters as one edit (one edit for tokens of four to seven
// letters, two from eight), so that a typo or a different romanisation
// still finds the person. Hits are ranked: the whole name exactly, then
// exact tokens, then prefixes, then near misses, with ties broken by kind
// and id so that results are stable. Each hit reports the name that
// matched best, which may be a variant, a transliteration or a misspelling
// the sources use.
//
// The Index is built once from the entries and is read-only afterwards.
// Exact and prefix look-ups are binary searches in the sorted vocabulary of
// tokens; near misses are found through a deletion neighbourhood (every
// token with one or two letters deleted, hashed and filed by hash), so a
// search never scans the vocabulary. A search then reads the names holding
// the matched tokens, each query token's exact matches before its prefixes
// before its near misses, the query token with the fewest names to read
// first. It gives the names it has read their matches of the unread tokens
// by look-up, and stops reading as soon as no unread name could change its
// result. So "Aleksandr Trorov" reads the few Trorovs and their near
// misses, and rarely the tens of thousands of Aleksandrs. That keeps a
// search fast with millions of names.
//
// A committed write is applied as a new Index (Apply): the entries of the
// entities it changed are indexed again in small segments beside the
// base, the base's no longer count, and a search asks the base and each
// segment and merges their hits by score, as one index of them all would
// rank them.
package search
