package dataset

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/memoria-history/memoria/internal/history"
)

const chronicle = "A Chronicle\n\nIvanov was arrested in 1937, with 500.000 others.\n\nThe camps closed.\n"

func TestConcordanceRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteConcordance(&buf, []byte(chronicle)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "Ivanov was arrested") {
		t.Errorf("the concordance reproduces the text:\n%s", buf.String())
	}
	fromConcordance, err := ParseText(buf.Bytes())
	if err != nil {
		t.Fatalf("ParseText(concordance): %v", err)
	}
	fromText, err := ParseText([]byte(strings.ReplaceAll(chronicle, "\n", "\r\n")))
	if err != nil {
		t.Fatalf("ParseText(text): %v", err)
	}
	if fromConcordance.Full || !fromText.Full {
		t.Errorf("Full = %v for the concordance and %v for the text", fromConcordance.Full, fromText.Full)
	}
	if !reflect.DeepEqual(fromConcordance.Concordance, fromText.Concordance) || fromConcordance.SHA256 != fromText.SHA256 {
		t.Errorf("the concordance reads back as\n%+v %s\nand the text as\n%+v %s", fromConcordance.Concordance, fromConcordance.SHA256, fromText.Concordance, fromText.SHA256)
	}
	if _, err := ParseText([]byte("# memoria concordance\n¶2 words |\n")); err == nil {
		t.Errorf("ParseText accepts a concordance that skips ¶1")
	}
}

func TestTexts(t *testing.T) {
	var conc bytes.Buffer
	if err := WriteConcordance(&conc, []byte(chronicle)); err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"data/texts/chronicle.concordance": {Data: conc.Bytes()},
		"data/texts/chronicle.txt":         {Data: []byte(chronicle)},
	}
	ds := &history.Dataset{Sources: []history.Source{
		{ID: "source/a", Text: "texts/chronicle.concordance"},
		{ID: "source/b", Text: "texts/chronicle.txt"},
		{ID: "source/c"},
		{ID: "source/d", Text: "../outside.txt"},
		{ID: "source/e", Text: "texts/missing.txt"},
	}}
	texts, problems := Texts(fsys, "data", ds)
	if texts["source/a"] == nil || texts["source/b"] == nil || len(texts) != 2 {
		t.Errorf("Texts = %v, want the texts of source/a and source/b", texts)
	}
	if len(problems) != 2 || problems[0].Record != "source/d" || !strings.Contains(problems[0].Message, "not a path inside") || problems[1].Record != "source/e" {
		t.Errorf("problems = %v, want source/d outside the dataset and source/e missing", problems)
	}
}
