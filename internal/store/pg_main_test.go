package store

import (
	"os"
	"testing"

	"github.com/memoria-history/memoria/internal/store/pgtest"
)

// pgServer is the package's throwaway PostgreSQL server (nil-safe: its
// methods skip a test when there is none), set by TestMain before any
// test runs.
var pgServer *pgtest.Server

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m, func(s *pgtest.Server) { pgServer = s }))
}
