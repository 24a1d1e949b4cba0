// Package extract finds what a historian's prose states about time and
// amount: the dates and periods it gives, as EDTF (history.Date), and the
// figures it states as facts (history.Quantity), each with the unit it
// counts, what a share is a share of, and the date its sentence gives. It
// also splits prose into sentences, since a figure's time and unit are
// read from its own sentence.
//
// Everything found keeps the byte offsets of its words in the text given,
// so that a reviewer can see what each proposal was read from; nothing is
// guessed that the words do not say. The package is pure: it reads only
// the string it is given, and depends on internal/history and the standard
// library.
//
// The reading is a hand-written scanner over tokens (words, numbers and
// punctuation with their offsets) and small tables of words. A general
// natural-language date parser answers with instants, not with the
// periods, open bounds and decades a historian writes, so it would not
// spare the tables.
package extract
