package dataset

import (
	"strconv"
	"unicode/utf8"
)

// maxExcerpt is how many bytes of an input a message quotes at most. A
// message about a bad value must show which value without printing the
// input: a file that is not a dataset (a link to /etc/passwd, a key file)
// is read as one long YAML string, and a validation log must not hold it.
const maxExcerpt = 40

// excerpt quotes s, or its first maxExcerpt bytes and how long it is.
func excerpt(s string) string {
	if len(s) <= maxExcerpt {
		return strconv.Quote(s)
	}
	return strconv.Quote(cut(s, maxExcerpt)) + "... (" + strconv.Itoa(len(s)) + " bytes)"
}

// clip is s, cut to maxExcerpt bytes with "..." if it is longer, for text
// that a message prints without quotes: a record's id, a field's name.
func clip(s string) string {
	if len(s) <= maxExcerpt {
		return s
	}
	return cut(s, maxExcerpt) + "..."
}

// cut is the longest prefix of s of at most n bytes that does not end
// inside a UTF-8 sequence.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
