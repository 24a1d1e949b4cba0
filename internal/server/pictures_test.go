package server

import (
	"fmt"
	"testing"
	"time"
)

// TestPicturesCacheIsBounded: the cache keeps at most its bytes, the
// most recently used first.
func TestPicturesCacheIsBounded(t *testing.T) {
	p := newPictures(ExportOptions{MaxRenders: 1, RenderQueue: 1, RenderWait: time.Hour, PictureCacheMB: 1})
	pic := make([]byte, 200<<10)
	for i := range 10 {
		p.keep(pictureKey{format: fmt.Sprint(i)}, pic)
	}
	if p.bytes > 1<<20 || p.cache.Len() != 5 {
		t.Errorf("%d bytes in %d pictures, want at most 1 MiB", p.bytes, p.cache.Len())
	}
	if _, ok := p.cache.Peek(pictureKey{format: "9"}); !ok {
		t.Error("the last picture was dropped")
	}
	p.keep(pictureKey{format: "big"}, make([]byte, 300<<10))
	if p.cache.Contains(pictureKey{format: "big"}) {
		t.Error("a picture of more than a quarter of the cache was kept")
	}
}
