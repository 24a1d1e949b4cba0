package server

import "sync"

// maxPooledBuffer is the largest response buffer kept for reuse: a rare
// huge answer should not pin its memory for the life of the process.
const maxPooledBuffer = 1 << 20

// buffer is a response body being encoded. The pool holds pointers, so
// that putting one back does not allocate.
type buffer struct{ b []byte }

// bufferPool recycles response buffers: every answer is encoded whole
// before it is written, and growing a fresh buffer for each one was a
// large share of the bytes a request allocated.
type bufferPool struct{ pool sync.Pool }

func (p *bufferPool) get() *buffer {
	if b, ok := p.pool.Get().(*buffer); ok {
		return b
	}
	return &buffer{b: make([]byte, 0, 4096)}
}

// put returns a buffer once its bytes have been written: http.ResponseWriter
// does not keep the slice it is given.
func (p *bufferPool) put(b *buffer) {
	if cap(b.b) > maxPooledBuffer {
		return
	}
	p.pool.Put(b)
}
