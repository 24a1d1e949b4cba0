package server

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/history"
)

// gatedRenderer draws a picture only when the test lets it: each Render
// says it started, then waits for a token on release.
type gatedRenderer struct {
	started chan string
	release chan struct{}
	calls   atomic.Int64
}

func newGatedRenderer() *gatedRenderer {
	return &gatedRenderer{started: make(chan string, 100), release: make(chan struct{}, 100)}
}

func (g *gatedRenderer) Render(ctx context.Context, dot []byte, format, layout string, w io.Writer) error {
	g.calls.Add(1)
	g.started <- string(dot)
	<-g.release
	_, err := fmt.Fprintf(w, "%s as %s with %s", dot, format, layout)
	return err
}

// waitFor polls cond until it holds, for synchronising with goroutines
// the test cannot see into; it fails after a long while.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			tb.Fatalf("still waiting for %s", what)
		}
	}
}

// TestPicturesQueue: one drawing at a time, one waiting; a third is
// refused at once with SERVER_BUSY; the one waiting is drawn when the
// first is done; a wait that runs out is SERVER_BUSY too.
func TestPicturesQueue(t *testing.T) {
	g := newGatedRenderer()
	p := newPictures(ExportOptions{Renderer: g, MaxRenders: 1, RenderQueue: 1, RenderWait: time.Hour, PictureCacheMB: 1})
	ctx := context.Background()
	results := make(chan error, 2)
	for _, doc := range []string{"first", "second"} {
		go func() {
			_, err := p.draw(ctx, []byte(doc), export.SVG, "neato")
			results <- err
		}()
	}
	first := <-g.started
	waitFor(t, "a request in the queue", func() bool { return p.queued() == 1 })
	if _, err := p.draw(ctx, []byte("third"), export.SVG, "neato"); history.ErrorCode(err) != history.CodeBusy {
		t.Errorf("a third picture with the queue full: %v, want %s", err, history.CodeBusy)
	}
	g.release <- struct{}{}
	second := <-g.started
	g.release <- struct{}{}
	for range 2 {
		if err := <-results; err != nil {
			t.Errorf("a picture drawn in turn: %v", err)
		}
	}
	if first == second {
		t.Errorf("%s drawn twice", first)
	}

	short := newPictures(ExportOptions{Renderer: g, MaxRenders: 1, RenderQueue: 1, RenderWait: time.Millisecond, PictureCacheMB: 1})
	go func() { _, _ = short.draw(ctx, []byte("slow"), export.SVG, "neato") }()
	<-g.started
	if _, err := short.draw(ctx, []byte("late"), export.SVG, "neato"); history.ErrorCode(err) != history.CodeBusy {
		t.Errorf("a wait that ran out: %v, want %s", err, history.CodeBusy)
	}
	g.release <- struct{}{}
}

// TestPicturesAreDrawnOnce: requests for the same picture at once share
// one drawing, and later ones come from the cache; another format or
// layout is another picture.
func TestPicturesAreDrawnOnce(t *testing.T) {
	g := newGatedRenderer()
	p := newPictures(ExportOptions{Renderer: g, MaxRenders: 1, RenderQueue: 1, RenderWait: time.Hour, PictureCacheMB: 1})
	ctx := context.Background()
	var wg sync.WaitGroup
	got := make([]string, 5)
	for i := range got {
		wg.Go(func() {
			pic, err := p.draw(ctx, []byte("same"), export.PNG, "neato")
			if err != nil {
				t.Error(err)
			}
			got[i] = string(pic)
		})
	}
	<-g.started
	waitFor(t, "the others to wait for the drawing", func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return len(p.drawing) == 1 && p.queued() == 0
	})
	g.release <- struct{}{}
	wg.Wait()
	for _, pic := range got {
		if pic != "same as png with neato" {
			t.Errorf("picture %q", pic)
		}
	}
	if pic, err := p.draw(ctx, []byte("same"), export.PNG, "neato"); err != nil || string(pic) != "same as png with neato" {
		t.Errorf("from the cache: %q, %v", pic, err)
	}
	if n := g.calls.Load(); n != 1 {
		t.Errorf("%d drawings of one picture", n)
	}
	g.release <- struct{}{}
	if _, err := p.draw(ctx, []byte("same"), export.SVG, "neato"); err != nil || g.calls.Load() != 2 {
		t.Errorf("another format: %v after %d drawings", err, g.calls.Load())
	}
}

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
