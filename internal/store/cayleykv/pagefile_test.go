package cayleykv

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	bbolt "go.etcd.io/bbolt"
)

// TestPageFileCopiesAnyBucket writes, page by page, a copy of a bolt file
// holding what Cayley's layout does not (buckets in buckets, values larger
// than a page, a bucket empty, one large enough for three levels of pages),
// and checks that bolt reads the same entries back and that every page is
// laid out as bolt lays it out.
func TestPageFileCopiesAnyBucket(t *testing.T) {
	dir := t.TempDir()
	src, err := bbolt.Open(filepath.Join(dir, "src.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	err = src.Update(func(tx *bbolt.Tx) error {
		big, err := tx.CreateBucket([]byte("big"))
		if err != nil {
			return err
		}
		for i := range 200_000 {
			if err := big.Put(binary.BigEndian.AppendUint64(nil, uint64(i)*3), []byte(fmt.Sprint(i))); err != nil {
				return err
			}
		}
		if _, err := tx.CreateBucket([]byte("empty")); err != nil {
			return err
		}
		outer, err := tx.CreateBucket([]byte("outer"))
		if err != nil {
			return err
		}
		if err := outer.Put([]byte("a"), bytes.Repeat([]byte("x"), 3*os.Getpagesize()+5)); err != nil {
			return err
		}
		inner, err := outer.CreateBucket([]byte("b"))
		if err != nil {
			return err
		}
		if err := inner.Put([]byte("c"), []byte("d")); err != nil {
			return err
		}
		deep, err := inner.CreateBucket([]byte("e"))
		if err != nil {
			return err
		}
		for i := range 500 {
			if err := deep.Put([]byte(fmt.Sprintf("k%04d", i)), bytes.Repeat([]byte{byte(i)}, i)); err != nil {
				return err
			}
		}
		return outer.Put([]byte("z"), nil)
	})
	if err != nil {
		t.Fatal(err)
	}

	copyPath := filepath.Join(dir, "copy.db")
	pf, err := createPageFile(copyPath, 0o600, src.Info().PageSize)
	if err != nil {
		t.Fatal(err)
	}
	err = src.View(func(tx *bbolt.Tx) error {
		root := newTreeBuilder(pf, 0)
		root.nested = true
		if err := tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
			header, err := copyBucket(pf, &pageDropper{tx: tx}, b)
			if err != nil {
				return err
			}
			return root.add(boltBucketLeaf, name, header)
		}); err != nil {
			return err
		}
		header, err := root.finish()
		if err != nil {
			return err
		}
		return pf.finish(binary.NativeEndian.Uint64(header), uint64(tx.ID())+1)
	})
	if cerr := pf.close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}

	f, err := os.Open(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	m, err := currentMeta(f, fi.Size())
	if err != nil {
		t.Fatal(err)
	}
	if err := checkPages(f, m, fi.Size()); err != nil {
		t.Fatal(err)
	}
	walkPages(f, m, func(where, what string) { t.Errorf("%s: %s", where, what) })

	dst, err := bbolt.Open(copyPath, 0o600, &bbolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if got, want := dump(t, dst), dump(t, src); got != want {
		t.Errorf("the copy holds another content:\n%.2000s\nwant\n%.2000s", got, want)
	}
	if err := dst.View(func(tx *bbolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	}); err != nil {
		t.Errorf("bolt's check of the copy: %v", err)
	}
}

// dump is every bucket and entry of db, in order, as text.
func dump(t *testing.T, db *bbolt.DB) string {
	t.Helper()
	var out bytes.Buffer
	var walk func(b *bbolt.Bucket, depth int)
	walk = func(b *bbolt.Bucket, depth int) {
		fmt.Fprintf(&out, "%*sseq %d\n", depth, "", b.Sequence())
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if v == nil {
				fmt.Fprintf(&out, "%*sbucket %x\n", depth, "", k)
				walk(b.Bucket(k), depth+1)
				continue
			}
			fmt.Fprintf(&out, "%*s%x=%x\n", depth, "", k, v)
		}
	}
	if err := db.View(func(tx *bbolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
			fmt.Fprintf(&out, "bucket %x\n", name)
			walk(b, 1)
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	return out.String()
}
