package synth

import (
	"bufio"
	"strconv"
	"unicode/utf8"
)

// yamlOut writes the dataset format by hand. An encoder builds a node tree
// and reflects over values for every record, which costs several times
// more than the formatting itself; the generator writes millions of
// records, always in the same few shapes, so it appends bytes directly.
// Errors stick in the bufio.Writer and surface at Flush.
type yamlOut struct {
	w   *bufio.Writer
	buf []byte // scratch for numbers and quoted text
}

func (y *yamlOut) raw(s string) { y.w.WriteString(s) }

// text writes s as a scalar: plain when that reads back as the same text in
// block and flow context alike, double-quoted otherwise.
func (y *yamlOut) text(s string) {
	if plainSafe(s) {
		y.w.WriteString(s)
		return
	}
	y.buf = appendQuoted(y.buf[:0], s)
	y.w.Write(y.buf)
}

// int writes n in decimal.
func (y *yamlOut) int(n int) {
	y.buf = strconv.AppendInt(y.buf[:0], int64(n), 10)
	y.w.Write(y.buf)
}

// id writes prefix followed by n zero-padded to width digits
// ("person/p" and 42 give "person/p0000042"): fixed-width ids sort in
// numeric order and are plain YAML.
func (y *yamlOut) id(prefix string, n, width int) {
	y.w.WriteString(prefix)
	y.buf = appendPadded(y.buf[:0], n, width)
	y.w.Write(y.buf)
}

func appendPadded(b []byte, n, width int) []byte {
	digits := 1
	for x := n; x >= 10; x /= 10 {
		digits++
	}
	for ; digits < width; digits++ {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// plainSafe reports whether s can be written as a plain scalar that reads
// back as s, in block and in flow context: letters, digits, spaces inside,
// and / . _ - with no leading indicator, and not a spelling of null (the
// reader refuses null where it wants text).
func plainSafe(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' || s[0] == '-' || s[0] == '.' {
		return false
	}
	switch s {
	case "null", "Null", "NULL":
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '/' || c == '.' || c == '_' || c == '-':
		case c == ' ' && s[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}

// appendQuoted appends s as a YAML double-quoted scalar. Every character
// YAML would not keep as it is (quotes, backslashes, control and
// non-printable characters, the Unicode line separators, a byte-order mark)
// is escaped; bytes that are not UTF-8 become U+FFFD, since YAML text is
// Unicode.
func appendQuoted(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"':
				b = append(b, '\\', '"')
			case c == '\\':
				b = append(b, '\\', '\\')
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\t':
				b = append(b, '\\', 't')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c < 0x20 || c == 0x7f:
				b = append(b, '\\', 'x', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\uFFFD`...)
		case r == 0x85:
			b = append(b, '\\', 'N')
		case r == 0x2028:
			b = append(b, '\\', 'L')
		case r == 0x2029:
			b = append(b, '\\', 'P')
		case r < 0xA0, r == 0xFEFF, r == 0xFFFE, r == 0xFFFF:
			// C1 controls and non-characters are not printable in YAML.
			b = append(b, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
