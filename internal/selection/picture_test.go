package selection_test

import (
	"bytes"
	"context"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/render"
	"github.com/memoria-history/memoria/internal/selection"
)

var update = flag.Bool("update", false, "rewrite the README's picture from the seed")

// readmePicture is the picture the README shows, made as its command says:
//
//	memoria export --id person/lavrentiy-beria --during 1934/1941 -o beria-1934-1941.svg
const readmePicture = "../export/testdata/beria-1934-1941.svg"

// TestReadmePicture keeps the README's picture equal to what Memoria draws
// of the seed today. After a change to the seed, the writers or the
// renderer, run go test ./internal/selection -run TestReadmePicture -update
// and look at the picture.
func TestReadmePicture(t *testing.T) {
	q, _ := url.ParseQuery("id=person/lavrentiy-beria&during=1934/1941")
	g, name, err := seedResolver(t).Select(context.Background(), q, selection.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := export.FileName(name, export.SVG, export.Options{}); got != "memoria-lavrentiy-beria-1-hops-1934-1941.svg" {
		t.Errorf("file name %q", got)
	}
	var buf bytes.Buffer
	if err := export.Write(context.Background(), &buf, export.SVG, g, export.Options{Renderer: render.New()}); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(readmePicture, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(filepath.FromSlash(readmePicture))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s is not what Memoria draws of the seed today; run go test ./internal/selection -run TestReadmePicture -update and look at it", readmePicture)
	}
}
