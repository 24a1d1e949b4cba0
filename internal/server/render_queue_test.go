package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/server"
)

// gatedRenderer draws a picture only when the test lets it: each Render
// says it started, then waits for a token on release.
type gatedRenderer struct {
	started chan struct{}
	release chan struct{}
	calls   atomic.Int64
}

func newGatedRenderer() *gatedRenderer {
	return &gatedRenderer{started: make(chan struct{}, 100), release: make(chan struct{}, 100)}
}

func (g *gatedRenderer) Render(_ context.Context, dot []byte, format, layout string, w io.Writer) error {
	g.calls.Add(1)
	g.started <- struct{}{}
	<-g.release
	_, err := fmt.Fprintf(w, "<svg><!-- %d bytes of DOT as %s with %s --></svg>", len(dot), format, layout)
	return err
}

// picture asks for a picture of Beria's neighbourhood in a layout.
func picture(h http.Handler, layout string) *httptest.ResponseRecorder {
	return get(h, "/export/svg?id=person/lavrentiy-beria&kinds=person&layout="+layout)
}

// drawing asks for a picture and returns once g has started drawing it;
// the status of the answer comes on the channel.
func drawing(h http.Handler, g *gatedRenderer, layout string) <-chan int {
	status := make(chan int, 1)
	go func() { status <- picture(h, layout).Code }()
	<-g.started
	return status
}

// TestEveryPictureIsAnswered: pictures are drawn one at a time here, one
// more request may wait; the next is told at once that the server is
// busy, with Retry-After; the one waiting is drawn when the first is
// done.
func TestEveryPictureIsAnswered(t *testing.T) {
	g := newGatedRenderer()
	h, _ := newExportHandler(t, server.ExportOptions{Renderer: g, MaxRenders: 1, RenderQueue: 1, RenderWait: time.Hour})
	first := drawing(h, g, "neato")
	second := make(chan int, 1)
	go func() { second <- picture(h, "dot").Code }()
	waitUntil(t, "a picture waiting", func() bool { return scrape(t, h, "memoria_render_queue_length") == 1 })
	busy := picture(h, "twopi")
	if busy.Code != http.StatusServiceUnavailable || busy.Header().Get("Retry-After") == "" {
		t.Errorf("a picture with the queue full: status %d, Retry-After %q; want 503 with Retry-After", busy.Code, busy.Header().Get("Retry-After"))
	}
	g.release <- struct{}{}
	<-g.started
	g.release <- struct{}{}
	for _, answer := range []<-chan int{first, second} {
		if code := <-answer; code != http.StatusOK {
			t.Errorf("a picture drawn in its turn: status %d", code)
		}
	}
	if n := scrape(t, h, `memoria_requests_refused_total{code="SERVER_BUSY",limit="render_queue"}`); n != 1 {
		t.Errorf("%v refusals for the render queue, want 1", n)
	}
}

// TestPictureWaitIsBounded: a picture that cannot start within
// RenderWait is answered SERVER_BUSY.
func TestPictureWaitIsBounded(t *testing.T) {
	g := newGatedRenderer()
	h, _ := newExportHandler(t, server.ExportOptions{Renderer: g, MaxRenders: 1, RenderQueue: 1, RenderWait: time.Millisecond})
	first := drawing(h, g, "neato")
	if rec := picture(h, "dot"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("a wait that ran out: status %d, want 503", rec.Code)
	}
	g.release <- struct{}{}
	if code := <-first; code != http.StatusOK {
		t.Errorf("the first picture: status %d", code)
	}
}

// TestPicturesAreDrawnOnce: requests for the same picture at once share
// one drawing, and later ones come from the cache.
func TestPicturesAreDrawnOnce(t *testing.T) {
	g := newGatedRenderer()
	h, _ := newExportHandler(t, server.ExportOptions{Renderer: g, MaxRenders: 1, RenderQueue: 1, RenderWait: time.Hour})
	var wg sync.WaitGroup
	bodies := make([]string, 5)
	for i := range bodies {
		wg.Go(func() {
			rec := picture(h, "neato")
			if rec.Code != http.StatusOK {
				t.Errorf("status %d: %s", rec.Code, rec.Body)
			}
			bodies[i] = rec.Body.String()
		})
	}
	<-g.started
	g.release <- struct{}{}
	wg.Wait()
	if rec := picture(h, "neato"); rec.Code != http.StatusOK || rec.Body.String() != bodies[0] {
		t.Errorf("from the cache: status %d, %q", rec.Code, rec.Body)
	}
	for _, b := range bodies {
		if b != bodies[0] {
			t.Errorf("pictures differ: %q and %q", b, bodies[0])
		}
	}
	if n := g.calls.Load(); n != 1 {
		t.Errorf("%d drawings of one picture", n)
	}
}
