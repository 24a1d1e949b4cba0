package server

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/memoria-history/memoria/internal/history"
)

// Figures are what /metrics reports of the data served, read at every
// scrape. A nil field is left out.
type Figures struct {
	// IndexSizes reads how many entries each index holds, by index.
	IndexSizes func() map[string]int
	// StoreRevision reads the revision of the store the indexes reflect.
	StoreRevision func() int64
}

// metrics are a server's Prometheus metrics, in a registry of its own.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec   // by route, operation and status
	latency  *prometheus.HistogramVec // by route
	refused  *prometheus.CounterVec   // by code and limit
	resolved prometheus.Histogram     // fields resolved by an execution

	mu         sync.RWMutex
	operations map[string]bool // the operation names given a series of their own
}

// maxOperationNames bounds the operation names counted apart: they come
// from clients, and each name is a series in every scrape.
const maxOperationNames = 64

func newMetrics(s *Server) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "memoria_http_requests_total",
			Help: "HTTP requests answered, by route, GraphQL operation name (or export format) and status.",
		}, []string{"route", "operation", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "memoria_http_request_duration_seconds",
			Help:    "Time from a request's arrival to its answer's end, by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "memoria_requests_refused_total",
			Help: "Requests refused by a limit, by error code and limit: the query's shape (bytes, tokens, nesting, depth, fields), the execution budget (resolved_fields, answer_bytes, memory), the slots (execution_slots, write_slots, heavy_slots), the render queue (render_queue, render_wait), the time (timeout).",
		}, []string{"code", "limit"}),
		resolved: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "memoria_graphql_resolved_fields",
			Help:    "Fields resolved by a GraphQL execution.",
			Buckets: prometheus.ExponentialBuckets(10, 4, 9),
		}),
		operations: map[string]bool{},
	}
	gauge := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f)
	}
	m.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.latency, m.refused, m.resolved,
		gauge("memoria_execution_slots", "Executions (GraphQL and exports) that may run at once.", func() float64 { return float64(cap(s.slots)) }),
		gauge("memoria_execution_slots_in_use", "Executions running.", func() float64 { return float64(len(s.slots)) }),
		gauge("memoria_write_slots_in_use", "Mutations running, in slots of their own.", func() float64 { return float64(len(s.writes)) }),
		gauge("memoria_heavy_slots_in_use", "Executions estimated heavy running.", func() float64 { return float64(len(s.heavy)) }),
		gauge("memoria_render_queue_length", "Pictures waiting to be drawn.", func() float64 { return float64(s.pictures.queued()) }),
		gauge("memoria_renders_in_progress", "Pictures being drawn.", func() float64 { return float64(len(s.pictures.slots)) }),
		gauge("memoria_picture_cache_bytes", "Bytes of pictures kept.", func() float64 { return float64(s.pictures.cached()) }),
		gauge("memoria_ready", "1 when the server is ready, 0 while it starts or drains.", func() float64 {
			if s.ready.Load() {
				return 1
			}
			return 0
		}),
	)
	if s.memory.limit > 0 {
		m.registry.MustRegister(gauge("memoria_memory_limit_bytes", "The memory the process keeps under.", func() float64 { return s.memory.limit }))
	}
	if f := s.opts.Figures.IndexSizes; f != nil {
		m.registry.MustRegister(indexSizes(f))
	}
	if f := s.opts.Figures.StoreRevision; f != nil {
		m.registry.MustRegister(gauge("memoria_store_revision", "The revision of the store the indexes reflect.", func() float64 { return float64(f()) }))
	}
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// observe counts a request answered.
func (m *metrics) observe(route, operation string, status int, d time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(route, operation, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

// refuse counts a request refused by a limit, with the code the client
// sees.
func (m *metrics) refuse(code history.Code, limit string) {
	if m != nil {
		m.refused.WithLabelValues(code.Meaning().GraphQL, limit).Inc()
	}
}

// operation is the label of a GraphQL operation name: the name, if it is
// one of the first maxOperationNames seen, or "other"; "anonymous" for
// none.
func (m *metrics) operation(name string) string {
	if m == nil {
		return ""
	}
	if name == "" {
		return "anonymous"
	}
	m.mu.RLock()
	known := m.operations[name]
	m.mu.RUnlock()
	if known {
		return name
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.operations) < maxOperationNames {
		m.operations[name] = true
		return name
	}
	return "other"
}

// route is the label of a request's path: one per route, so that unknown
// paths add no series.
func route(path string) string {
	switch {
	case path == "/graphql":
		return "graphql"
	case strings.HasPrefix(path, "/export/"):
		return "export"
	case path == "/healthz", path == "/readyz", path == "/metrics":
		return path[1:]
	case path == "/", path == "/console.js":
		return "console"
	}
	return "other"
}

// indexSizes reports IndexSizes as one gauge with an index label.
func indexSizes(f func() map[string]int) prometheus.Collector {
	return &indexCollector{
		read: f,
		desc: prometheus.NewDesc("memoria_index_entries", "Entries in each in-memory index.", []string{"index"}, nil),
	}
}

type indexCollector struct {
	read func() map[string]int
	desc *prometheus.Desc
}

func (c *indexCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *indexCollector) Collect(ch chan<- prometheus.Metric) {
	for name, n := range c.read() {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), name)
	}
}
