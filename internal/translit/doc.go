// Package translit writes Russian in Latin letters under the romanisation
// systems readers meet. One person reaches an English reader as Yezhov, a
// librarian as Ezhov, a German as Jeschow, a French reader as Iejov and a
// Slavist as Ežov; a source rarely records them all.
//
// A Scheme is one system: a column of the package's one letter table and
// a few rules for the letters whose spelling depends on their neighbours
// (е and ё at the start of a word or after a vowel, ё after ж, ч, ш and щ,
// -ий and -ый at the end of a word). Search uses the schemes to derive
// from a Cyrillic name the spellings a reader may type; the synthetic
// generator uses them to give invented people the spellings real sources
// give real ones.
package translit
