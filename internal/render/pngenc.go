package render

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"io"
)

// encodePNG writes an opaque picture as an 8-bit RGB PNG, every row
// filtered with Up, compressed at zlib's best speed. image/png tries all
// five filters on every row to pick the one that compresses best; on a
// canvas of five megapixels that choice took more time than drawing the
// picture, and on pictures that are mostly white, with thin lines, Up
// does nearly as well. Alpha is left out: the canvas is painted white
// first, so every pixel is opaque.
func encodePNG(w io.Writer, img *image.RGBA) error {
	b := img.Bounds()
	width, height := b.Dx(), b.Dy()
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits per sample, truecolour
	writeChunk(bw, "IHDR", ihdr[:])

	idat := &chunkWriter{w: bw, kind: "IDAT"}
	z, err := zlib.NewWriterLevel(idat, zlib.BestSpeed)
	if err != nil {
		return err
	}
	// Each row less the one above it, from the canvas itself; a row like
	// the one above, as most of a picture's margins are, is all zeros.
	out := make([]byte, 1+3*width)
	out[0] = 2 // Up
	var above []byte
	for y := range height {
		at := (y+b.Min.Y-img.Rect.Min.Y)*img.Stride + (b.Min.X-img.Rect.Min.X)*4
		pix := img.Pix[at : at+4*width]
		switch {
		case above == nil:
			for x, o := 0, 1; x < len(pix); x, o = x+4, o+3 {
				out[o], out[o+1], out[o+2] = pix[x], pix[x+1], pix[x+2]
			}
		case bytes.Equal(pix, above):
			clear(out[1:])
		default:
			for x, o := 0, 1; x < len(pix); x, o = x+4, o+3 {
				out[o], out[o+1], out[o+2] = pix[x]-above[x], pix[x+1]-above[x+1], pix[x+2]-above[x+2]
			}
		}
		if _, err := z.Write(out); err != nil {
			return err
		}
		above = pix
	}
	if err := z.Close(); err != nil {
		return err
	}
	if err := idat.flush(); err != nil {
		return err
	}
	writeChunk(bw, "IEND", nil)
	return bw.Flush()
}

// writeChunk writes a PNG chunk: its length, type, data and the CRC of
// type and data. Errors stay in bw until it is flushed.
func writeChunk(bw *bufio.Writer, kind string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	bw.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	bw.WriteString(kind)
	bw.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	bw.Write(n[:])
}

// chunkWriter cuts what zlib writes into chunks of at most 64 KiB.
type chunkWriter struct {
	w    *bufio.Writer
	kind string
	buf  []byte
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	const size = 64 << 10
	n := len(p)
	for len(p) > 0 {
		k := min(size-len(c.buf), len(p))
		c.buf = append(c.buf, p[:k]...)
		p = p[k:]
		if len(c.buf) == size {
			if err := c.flush(); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

func (c *chunkWriter) flush() error {
	if len(c.buf) > 0 {
		writeChunk(c.w, c.kind, c.buf)
		c.buf = c.buf[:0]
	}
	// A failed write stays in the bufio.Writer; report it early.
	_, err := c.w.Write(nil)
	return err
}
