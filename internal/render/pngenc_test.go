package render

import (
	"bytes"
	"errors"
	"image"
	imgcolor "image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// TestEncodePNG: what encodePNG writes, image/png reads back pixel for
// pixel, for a picture spanning many IDAT chunks and for a sub-image.
func TestEncodePNG(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.IntN(256))
		if i%4 == 3 {
			img.Pix[i] = 255
		}
	}
	for _, m := range []*image.RGBA{img, img.SubImage(image.Rect(13, 7, 213, 107)).(*image.RGBA)} {
		var buf bytes.Buffer
		if err := encodePNG(&buf, m); err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		b := m.Bounds()
		if got.Bounds().Dx() != b.Dx() || got.Bounds().Dy() != b.Dy() {
			t.Fatalf("size %v, want %v", got.Bounds(), b)
		}
		for y := range b.Dy() {
			for x := range b.Dx() {
				want := m.RGBAAt(b.Min.X+x, b.Min.Y+y)
				if c := imgcolor.RGBAModel.Convert(got.At(x, y)).(imgcolor.RGBA); c != want {
					t.Fatalf("pixel %d,%d is %v, want %v", x, y, c, want)
				}
			}
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestEncodePNGReportsWriteErrors(t *testing.T) {
	if err := encodePNG(failingWriter{}, image.NewRGBA(image.Rect(0, 0, 300, 300))); err == nil {
		t.Error("no error from a failing writer")
	}
}
