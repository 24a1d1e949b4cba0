package benchrun

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/bench"
)

// The bench's own process holds its clients, the inputs it draws, its
// baselines' pages of the store and the indexes it timed in process: its
// resident memory is not a server's. The sustained run, the one the
// memory bound is about, is therefore measured against `memoria serve`
// started as a process of its own over the same store, whose memory Linux
// reports alone (/proc/PID/status).

// canServeApart says whether the sustained run can have a server of its
// own: a command to start one, a store another process can open, and a
// system that reports another process's memory.
func (r *runner) canServeApart(dsn string) bool {
	if r.o.Sustain <= 0 || r.w.ServeCommand == nil || strings.HasPrefix(dsn, "memory:") {
		return false
	}
	_, err := bench.ReadMemoryOf(os.Getpid())
	return err == nil
}

// sustainApart runs the sustained mixed workload against a server of its
// own and reports that server's memory: at ready, its peak under the run,
// and after it. The bench's store must be closed and its server stopped:
// the new one opens the store for writing.
func (r *runner) sustainApart(ctx context.Context, dsn string) (err error) {
	// What the bench held for its own server and baselines is no longer
	// needed; a million people's indexes would otherwise be held twice.
	r.data, r.bare = api.Data{}, nil
	for i := range r.qs {
		r.qs[i].internal, r.qs[i].bare, r.qs[i].cayley = nil, nil, nil // they hold the indexes too
	}
	runtime.GC()
	debug.FreeOSMemory()
	fmt.Fprintf(r.stderr, "bench: starting memoria serve over %s for the sustained run\n", dsn)
	srv, err := r.startApart(ctx, dsn)
	if err != nil {
		return err
	}
	defer func() {
		if serr := srv.stop(); err == nil {
			err = serr
		}
	}()
	ready, err := bench.ReadMemoryOf(srv.pid())
	if err != nil {
		return err
	}
	if err := bench.ResetPeakOf(srv.pid()); err != nil {
		return err
	}
	posters, closeAll, err := dial(srv.url+"/graphql", r.o.Clients)
	if err != nil {
		return err
	}
	defer closeAll()
	after, _, err := r.runWorkload(ctx, posters, r.mixed(r.qs, "mixed, sustained (serve alone)", r.o.Sustain), srv)
	if err != nil {
		return err
	}
	end, err := bench.ReadMemoryOf(srv.pid())
	if err != nil {
		return err
	}
	r.rep.Serving = bench.ServingMemory{Ready: ready.RSS, Peak: end.Peak, After: after.RSS, ReadyAnon: ready.Anon, AfterAnon: after.Anon,
		Source: "VmRSS", Process: bench.ProcessServe}
	return nil
}

// apart is a memoria serve the bench started.
type apart struct {
	cmd    *exec.Cmd
	url    string // http://host:port
	exited chan error
	client *http.Client
}

func (a *apart) pid() int { return a.cmd.Process.Pid }

// startApart starts memoria serve over dsn on a free loopback port and
// waits until it is ready.
func (r *runner) startApart(ctx context.Context, dsn string) (*apart, error) {
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := r.w.ServeCommand(ctx, dsn, addr)
	cmd.Stdout, cmd.Stderr = r.stderr, r.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: start memoria serve: %w", err)
	}
	a := &apart{cmd: cmd, url: "http://" + addr, exited: make(chan error, 1), client: &http.Client{Timeout: 5 * time.Second}}
	go func() { a.exited <- cmd.Wait() }()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-a.exited:
			return nil, fmt.Errorf("bench: memoria serve ended before it was ready: %v", err)
		case <-ctx.Done():
			_ = a.stop()
			return nil, ctx.Err()
		case <-tick.C:
		}
		if resp, err := a.client.Get(a.url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return a, nil
			}
		}
	}
}

// stop asks the server to stop as a signal would, and kills it if it has
// not within a minute.
func (a *apart) stop() error {
	if err := a.cmd.Process.Signal(os.Interrupt); err != nil {
		_ = a.cmd.Process.Kill()
	}
	select {
	case err := <-a.exited:
		if err != nil {
			return fmt.Errorf("bench: memoria serve: %w", err)
		}
		return nil
	case <-time.After(time.Minute):
		_ = a.cmd.Process.Kill()
		<-a.exited
		return errors.New("bench: memoria serve did not stop within a minute of the signal, and was killed")
	}
}

// collections is how many collections the server has finished, as its
// /metrics says (0 if it cannot be read).
func (a *apart) collections() int {
	resp, err := a.client.Get(a.url + "/metrics")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go_gc_duration_seconds_count "); ok {
			n, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return int(n)
		}
	}
	return 0
}

func (a *apart) resident() (bench.Memory, string) {
	m, err := bench.ReadMemoryOf(a.pid())
	if err != nil {
		return bench.Memory{}, ""
	}
	return m, "VmRSS"
}

// freePort returns a loopback address no one listens on now, for the
// server to listen on.
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("bench: find a free port: %w", err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		return "", fmt.Errorf("bench: find a free port: %w", err)
	}
	return addr, nil
}
