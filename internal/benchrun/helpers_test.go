package benchrun

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/synth"
	"github.com/memoria-history/memoria/seed"
)

// generated returns a synthetic dataset of the shape and size given, with
// seed 1, written to a temporary directory and read back as bench reads
// it.
func generated(tb testing.TB, shape synth.Shape, people int) *history.Dataset {
	tb.Helper()
	ctx := context.Background()
	dir := filepath.Join(tb.TempDir(), string(shape))
	if _, err := synth.Generate(ctx, dir, synth.Options{People: people, Seed: 1, Shape: shape}); err != nil {
		tb.Fatalf("generate a %s of %d people: %v", shape, people, err)
	}
	ds, err := dataset.ReadFS(ctx, os.DirFS(dir), ".", dir)
	if err != nil {
		tb.Fatalf("read the generated dataset: %v", err)
	}
	return ds
}

// seedDataset returns the embedded dataset.
func seedDataset(tb testing.TB) *history.Dataset {
	tb.Helper()
	ds, err := dataset.ReadFS(context.Background(), seed.FS(), ".", "seed")
	if err != nil {
		tb.Fatalf("read the seed: %v", err)
	}
	return ds
}
