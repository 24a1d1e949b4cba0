package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"

	"github.com/memoria-history/memoria/internal/export"
	"github.com/memoria-history/memoria/internal/history"
)

// The defaults of the picture options of ExportOptions.
const (
	DefaultRenderQueue    = 8
	DefaultRenderWait     = 5 * time.Second
	DefaultPictureCacheMB = 64
)

// pictures draws the svg and png exports: a bounded queue in front of the
// renderer, a cache of what it drew, and one drawing for requests that
// ask for the same picture at once. A layout cannot be interrupted and
// takes from milliseconds to seconds: without a bound, pictures asked for
// faster than they are drawn piled up until clients gave up without an
// answer. Every request is answered: drawn, or told at once, or after at
// most wait in the queue, that the server is busy (SERVER_BUSY, with
// Retry-After).
type pictures struct {
	renderer export.Renderer
	slots    chan struct{} // drawings running
	queue    int           // most requests waiting for a slot
	wait     time.Duration // longest wait for a slot
	waiting  atomic.Int64

	mu       sync.Mutex
	cache    *simplelru.LRU[pictureKey, []byte]
	bytes    int64 // in cache
	maxBytes int64
	drawing  map[pictureKey]*drawing
}

// pictureKey names a picture by what it is drawn from: the same document,
// format and layout give the same picture, whatever data it came from, so
// nothing needs to be told when the data changes.
type pictureKey struct {
	sum            [sha256.Size]byte
	format, layout string
}

// drawing is a picture being drawn, for the requests that wait for it.
type drawing struct {
	done    chan struct{}
	picture []byte
	err     error
}

func newPictures(o ExportOptions) *pictures {
	// Only the size matters to the cache, which is trimmed by bytes.
	cache, _ := simplelru.NewLRU[pictureKey, []byte](1<<20, nil)
	return &pictures{
		renderer: o.Renderer,
		slots:    make(chan struct{}, o.MaxRenders),
		queue:    o.RenderQueue,
		wait:     o.RenderWait,
		cache:    cache,
		maxBytes: int64(o.PictureCacheMB) << 20,
		drawing:  map[pictureKey]*drawing{},
	}
}

// draw returns the picture of a DOT document, from the cache, from a
// drawing of the same picture already under way, or drawn now. A request
// whose drawing was given up by the request that started it (it left or
// ran out of time) draws it itself.
func (p *pictures) draw(ctx context.Context, dot []byte, format export.Format, layout string) ([]byte, error) {
	key := pictureKey{sha256.Sum256(dot), string(format), layout}
	for {
		p.mu.Lock()
		if pic, ok := p.cache.Get(key); ok {
			p.mu.Unlock()
			return pic, nil
		}
		d, ok := p.drawing[key]
		if !ok {
			d = &drawing{done: make(chan struct{})}
			p.drawing[key] = d
			p.mu.Unlock()
			p.lead(ctx, key, d, dot)
			return d.picture, d.err
		}
		p.mu.Unlock()
		select {
		case <-d.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if d.err == nil || !errors.Is(d.err, context.Canceled) && !errors.Is(d.err, context.DeadlineExceeded) || ctx.Err() != nil {
			return d.picture, d.err
		}
	}
}

// lead draws the picture d waits for, keeps it and lets the others know.
func (p *pictures) lead(ctx context.Context, key pictureKey, d *drawing, dot []byte) {
	d.picture, d.err = p.drawNow(ctx, dot, export.Format(key.format), key.layout)
	p.mu.Lock()
	delete(p.drawing, key)
	if d.err == nil {
		p.keep(key, d.picture)
	}
	p.mu.Unlock()
	close(d.done)
}

// drawNow draws within a slot, after waiting for one if need be.
func (p *pictures) drawNow(ctx context.Context, dot []byte, format export.Format, layout string) ([]byte, error) {
	if err := p.enter(ctx); err != nil {
		return nil, err
	}
	defer func() { <-p.slots }()
	var buf bytes.Buffer
	if err := p.renderer.Render(ctx, dot, string(format), layout, &buf); err != nil {
		return nil, history.Wrap(history.CodeInternal, "export "+string(format), err)
	}
	return buf.Bytes(), nil
}

// enter takes a slot: at once if one is free, else after waiting at most
// p.wait in a queue of at most p.queue. A full queue, or a wait that runs
// out, is a busy server; an ended ctx is its own error.
func (p *pictures) enter(ctx context.Context) error {
	select {
	case p.slots <- struct{}{}:
		return nil
	default:
	}
	if p.waiting.Add(1) > int64(p.queue) {
		p.waiting.Add(-1)
		return &limitError{limit: "render_queue", err: history.Errorf(history.CodeBusy, "the server is drawing as many pictures as it can, and %d more wait: try again shortly", p.queue)}
	}
	defer p.waiting.Add(-1)
	timer := time.NewTimer(p.wait)
	defer timer.Stop()
	select {
	case p.slots <- struct{}{}:
		return nil
	case <-timer.C:
		return &limitError{limit: "render_wait", err: history.Errorf(history.CodeBusy, "no picture could be started within %s: try again shortly", p.wait)}
	case <-ctx.Done():
		return ctx.Err()
	}
}

// keep adds a picture to the cache and drops the least recently used
// ones beyond maxBytes. A picture larger than a quarter of the cache is
// not kept. p.mu is held.
func (p *pictures) keep(key pictureKey, pic []byte) {
	size := int64(len(pic))
	if size > p.maxBytes/4 || p.cache.Contains(key) {
		return
	}
	p.cache.Add(key, pic)
	p.bytes += size
	for p.bytes > p.maxBytes {
		_, old, ok := p.cache.RemoveOldest()
		if !ok {
			break
		}
		p.bytes -= int64(len(old))
	}
}

// cached is the number of bytes of pictures kept.
func (p *pictures) cached() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.bytes
}

// queued is the number of requests waiting for a slot.
func (p *pictures) queued() int { return int(p.waiting.Load()) }
