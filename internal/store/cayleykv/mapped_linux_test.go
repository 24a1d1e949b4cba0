package cayleykv

import (
	"bufio"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	bbolt "go.etcd.io/bbolt"
)

// TestDropMappedPagesLeavesNothingResident reads a store's log, which maps
// its pages into the process, and expects none of the file's map resident
// after dropMappedPages (the map's Rss in /proc/self/smaps).
func TestDropMappedPagesLeavesNothingResident(t *testing.T) {
	s := newTestStore(t)
	s.addBulk(Options{}, slices.Concat(genRecords(rand.New(rand.NewPCG(3, 3)), 2000, false)...))
	file, err := filepath.EvalSymlinks(s.file)
	if err != nil {
		t.Fatal(err)
	}
	s.view(func(db *bbolt.DB) error {
		return db.View(func(tx *bbolt.Tx) error {
			c := tx.Bucket(bucketLog).Cursor()
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
			}
			if rss := mappedKB(t, file); rss == 0 {
				t.Fatalf("nothing of %s resident after reading its log: the test cannot tell", file)
			}
			if err := dropMappedPages(db, tx.Size()); err != nil {
				return err
			}
			if rss := mappedKB(t, file); rss != 0 {
				t.Errorf("%d kB of %s still resident after dropMappedPages", rss, file)
			}
			return nil
		})
	})
}

// mappedKB is how much of the process's maps of file is resident, in kB.
func mappedKB(tb testing.TB, file string) int {
	tb.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		tb.Skipf("no smaps: %v", err)
	}
	defer f.Close()
	total, inFile := 0, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-"):
			// A map's first line: range, perms, offset, device, inode, path.
			inFile = len(fields) >= 6 && fields[len(fields)-1] == file
		case inFile && len(fields) == 3 && fields[0] == "Rss:":
			kb, err := strconv.Atoi(fields[1])
			if err != nil {
				tb.Fatalf("smaps: %q", sc.Text())
			}
			total += kb
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return total
}
