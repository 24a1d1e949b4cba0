package benchrun

import (
	"runtime/metrics"
	"sync"
	"time"

	"github.com/memoria-history/memoria/internal/bench"
)

// resident is the process's resident memory and where it was read: VmRSS
// on Linux; elsewhere the memory the Go runtime holds and has not returned
// to the system, which is most of what is resident, without a peak.
func resident() (bench.Memory, string) {
	if m, err := bench.ReadMemory(); err == nil {
		return m, "VmRSS"
	}
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return bench.Memory{}, ""
	}
	return bench.Memory{RSS: int64(s[0].Value.Uint64() - s[1].Value.Uint64())}, "runtime"
}

// peakEvery is how often watchPeak samples the memory where the system
// keeps no peak of its own.
const peakEvery = 100 * time.Millisecond

// watchPeak starts watching the most memory held, and returns what stops
// it and says that most: VmHWM from now where Linux can restart it, the
// largest of samples taken every peakEvery elsewhere.
func watchPeak() (stop func() int64) {
	if bench.ResetPeak() == nil {
		return func() int64 { m, _ := resident(); return m.Peak }
	}
	var (
		mu   sync.Mutex
		most int64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	sample := func() {
		m, _ := resident()
		mu.Lock()
		most = max(most, m.RSS)
		mu.Unlock()
	}
	wg.Go(func() {
		t := time.NewTicker(peakEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	})
	return func() int64 {
		close(done)
		wg.Wait()
		sample()
		mu.Lock()
		defer mu.Unlock()
		return most
	}
}
