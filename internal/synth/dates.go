package synth

import (
	"strconv"
)

// edtf is a date as the generator draws it, written as an EDTF string.
type edtf struct {
	year, month, day int  // month and day are zero when not given
	mark             byte // '?' uncertain, '~' approximate, zero for neither
	until            int  // the last year of a span ("1937/1938"), zero for none
}

func (d edtf) zero() bool { return d.year == 0 }

func (d edtf) appendTo(b []byte) []byte {
	b = strconv.AppendInt(b, int64(d.year), 10)
	if d.month > 0 {
		b = appendPadded(append(b, '-'), d.month, 2)
	}
	if d.day > 0 {
		b = appendPadded(append(b, '-'), d.day, 2)
	}
	if d.mark != 0 {
		b = append(b, d.mark)
	}
	if d.until > 0 {
		b = strconv.AppendInt(append(b, '/'), int64(d.until), 10)
	}
	return b
}

// date writes d, quoted when it carries a mark.
func (y *yamlOut) date(d edtf) {
	y.buf = d.appendTo(y.buf[:0])
	if d.mark != 0 {
		y.w.WriteByte('"')
		y.w.Write(y.buf)
		y.w.WriteByte('"')
		return
	}
	y.w.Write(y.buf)
}

// drawDate draws how precisely a year is known: a day with chance pDay, a
// month with chance pMonth, else the year, now and then uncertain or
// approximate. Days stop at 28, so every drawn date exists.
func drawDate(st *stream, year int, pDay, pMonth float64) edtf {
	d := edtf{year: year}
	switch x := st.float(); {
	case x < pDay:
		d.month, d.day = st.between(1, 12), st.between(1, 28)
	case x < pDay+pMonth:
		d.month = st.between(1, 12)
	case x < pDay+pMonth+0.04:
		d.mark = '?'
	case x < pDay+pMonth+0.08:
		d.mark = '~'
	}
	return d
}
