package benchrun

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/memoria-history/memoria/internal/dataset"
	"github.com/memoria-history/memoria/internal/readmodel"
)

// TestPaceWritesSendsEveryDueCall checks that the paced run makes a call
// for every interval of its duration, counts the failed ones apart and
// times the others from when they were due.
func TestPaceWritesSendsEveryDueCall(t *testing.T) {
	var calls atomic.Int64
	got := paceWrites(context.Background(), 100*time.Millisecond, func(ctx context.Context, seq int) error {
		calls.Add(1)
		if seq%10 == 3 {
			return errors.New("refused")
		}
		return nil
	})
	want := int(100 * time.Millisecond / (time.Second / writeRate))
	if got.sent != want || int(calls.Load()) != want {
		t.Fatalf("sent %d, called %d times: want %d", got.sent, calls.Load(), want)
	}
	if got.errors != want/10 || got.firstError != "refused" {
		t.Errorf("errors %d (first %q): want %d, refused", got.errors, got.firstError, want/10)
	}
	if len(got.latencies) != want-got.errors || got.elapsed <= 0 {
		t.Errorf("%d latencies, elapsed %v: want %d and a positive time", len(got.latencies), got.elapsed, want-got.errors)
	}
	for _, d := range got.latencies {
		if d < 0 {
			t.Fatalf("latency %v: want none negative", d)
		}
	}
}

// TestUploadDatasetReads checks that the dataset sent to /admin/load
// reads as a dataset of new people, each related to an existing one.
func TestUploadDatasetReads(t *testing.T) {
	d := readmodel.Build(generated(t, "registry", 50), 0)
	m, err := newMutations(d, 1)
	if err != nil {
		t.Fatal(err)
	}
	body, pairs := m.uploadDataset(20)
	ds, err := dataset.ReadFS(context.Background(), fstest.MapFS{"upload.yaml": {Data: body}}, ".", "upload")
	if err != nil {
		t.Fatalf("read the upload: %v\n%s", err, body)
	}
	if len(ds.Entities) != 20 || len(ds.Relations) != 20 || len(pairs) != 20 {
		t.Fatalf("%d people, %d relations, %d pairs: want 20 of each", len(ds.Entities), len(ds.Relations), len(pairs))
	}
	for i, r := range ds.Relations {
		if r.Subject != pairs[i][0] || r.Object != pairs[i][1] {
			t.Errorf("relation %s: %s to %s, want %s to %s", r.ID, r.Subject, r.Object, pairs[i][0], pairs[i][1])
		}
		if _, ok := d.Records.Entity(r.Object); !ok {
			t.Errorf("relation %s: %s is not in the dataset", r.ID, r.Object)
		}
		if _, ok := d.Records.Entity(r.Subject); ok {
			t.Errorf("relation %s: %s is in the dataset already", r.ID, r.Subject)
		}
	}
}

// TestMutationsChangeEachPersonOnce checks that the drawn mutations touch
// an existing person at most once while there are people left, so that
// mutations under way at once never conflict.
func TestMutationsChangeEachPersonOnce(t *testing.T) {
	d := readmodel.Build(generated(t, "registry", 200), 0)
	m, err := newMutations(d, 1)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i := range 40 {
		mu, err := m.next(mutationKinds()[i%len(mutationKinds())])
		if err != nil {
			t.Fatal(err)
		}
		if mu.changes == "" {
			continue
		}
		if seen[string(mu.changes)] {
			t.Errorf("mutation %d changes %s again", i, mu.changes)
		}
		seen[string(mu.changes)] = true
	}
	if len(seen) != 20 {
		t.Errorf("%d people changed: want 20 (updatePerson and addName, 10 each)", len(seen))
	}
}
