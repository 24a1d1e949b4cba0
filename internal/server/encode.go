package server

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// appendJSON appends the JSON encoding of v to dst, byte for byte what
// encoding/json's Marshal writes. graphql-go builds results from a handful
// of types (maps of strings to values, slices of values, strings, booleans,
// ints, float64s and nil), and encoding them here costs a fraction of
// encoding/json's reflection and map-key sorting, which were a tenth to a
// quarter of a request's CPU. Any other type is handed to encoding/json, so
// the output never depends on which path wrote it; TestAppendJSON and
// FuzzAppendJSON hold the two equal.
func appendJSON(dst []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case string:
		return appendJSONString(dst, v), nil
	case *string:
		if v == nil {
			return append(dst, "null"...), nil
		}
		return appendJSONString(dst, *v), nil
	case bool:
		return strconv.AppendBool(dst, v), nil
	case int:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return appendMarshaled(dst, v) // for encoding/json's error
		}
		return appendJSONFloat(dst, v), nil
	case map[string]any:
		return appendJSONObject(dst, v)
	case []any:
		return appendJSONArray(dst, v, nil)
	case fieldList:
		return appendFieldList(dst, v, nil)
	}
	return appendMarshaled(dst, v)
}

func appendMarshaled(dst []byte, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return dst, err
	}
	return append(dst, b...), nil
}

// appendJSONObject writes the members in byte order of their keys, as
// encoding/json does.
func appendJSONObject(dst []byte, m map[string]any) ([]byte, error) {
	if m == nil {
		return append(dst, "null"...), nil
	}
	var small [16]string // most selections have fewer fields: no allocation
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, k)
		dst = append(dst, ':')
		var err error
		if dst, err = appendJSON(dst, m[k]); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// appendJSONArray writes the items, each ordered by o (see
// appendJSONOrdered); with a nil o, as encoding/json does.
func appendJSONArray(dst []byte, items []any, o *keyOrder) ([]byte, error) {
	if items == nil {
		return append(dst, "null"...), nil
	}
	dst = append(dst, '[')
	for i, it := range items {
		if i > 0 {
			dst = append(dst, ',')
		}
		var err error
		if dst, err = appendJSONOrdered(dst, it, o); err != nil {
			return dst, err
		}
	}
	return append(dst, ']'), nil
}

// appendJSONFloat formats a finite float64 as encoding/json does: the
// shortest decimal that reads back to the same value, in exponent form
// only for very small or very large magnitudes, with a one-digit negative
// exponent written without its leading zero (1e-7, not 1e-07).
func appendJSONFloat(dst []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format != 'e' || len(dst)-start < 4 {
		return dst
	}
	if exp := dst[len(dst)-4:]; exp[0] == 'e' && exp[1] == '-' && exp[2] == '0' {
		exp[2] = exp[3]
		dst = dst[:len(dst)-1]
	}
	return dst
}

// appendJSONString quotes s as encoding/json does with HTML escaping on
// (Marshal's default): quote and backslash escaped; \b, \f, \n, \r and \t
// by name; other control bytes and <, > and & as \u00XX; U+2028 and U+2029
// as \u2028 and \u2029, which end lines in JavaScript; invalid UTF-8 as
// \ufffd, one per bad byte.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	done := 0 // s[:done] is already in dst
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[done:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			done = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[done:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[done:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		done = i
	}
	dst = append(dst, s[done:]...)
	return append(dst, '"')
}
