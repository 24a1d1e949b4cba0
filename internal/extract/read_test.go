package extract

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestReadAgrees checks that Read finds what Sentences, Dates and Figures
// find one by one.
func TestReadAgrees(t *testing.T) {
	texts := []string{prose(2000)}
	for _, name := range []string{"kolyma", "purge"} {
		b, err := os.ReadFile(filepath.Join("testdata", name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	for i, text := range texts {
		r := Read(text)
		if s := Sentences(text); !reflect.DeepEqual(r.Sentences, s) {
			t.Errorf("text %d: Read's sentences differ from Sentences'", i)
		}
		if d := Dates(text); !reflect.DeepEqual(r.Dates, d) {
			t.Errorf("text %d: Read's dates differ from Dates'", i)
		}
		if f := Figures(text); !reflect.DeepEqual(r.Figures, f) {
			t.Errorf("text %d: Read's figures differ from Figures'", i)
		}
	}
}
