package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// chronicleDataset is a dataset citing paragraphs of a text it ships as a
// file: one citation supports what it cites, one gives a year the
// paragraph does not.
const chronicleDataset = `sources:
  - {id: source/chronicle, title: A chronicle, kind: monograph, text: chronicle.txt}
people:
  - id: person/ivanov
    name: Pyotr Ivanov
    died: 1939
    cite: source/chronicle ¶1
`

const chronicleText = "A Chronicle\n\nIvanov was arrested in 1937.\n\nThe camps closed.\n"

func TestValidateChecksCitations(t *testing.T) {
	dir := writeDataset(t, map[string]string{"a.yaml": chronicleDataset, "chronicle.txt": chronicleText})
	code, _, errOut := cli(t, nil, "validate", dir)
	if code != 3 || !strings.Contains(errOut, "person/ivanov: died: died is 1939, but source/chronicle ¶1 gives no year 1939") {
		t.Errorf("validate: exit %d, want 3 and the missing year named:\n%s", code, errOut)
	}
	// The same with the file alone, and with its concordance.
	code, _, errOut = cli(t, nil, "validate", filepath.Join(dir, "a.yaml"))
	if code != 3 || !strings.Contains(errOut, "gives no year 1939") {
		t.Errorf("validate FILE: exit %d, want 3:\n%s", code, errOut)
	}
	code, conc, errOut := cli(t, nil, "concordance", filepath.Join(dir, "chronicle.txt"))
	if code != 0 || strings.Contains(conc, "Ivanov was arrested") || !strings.Contains(conc, "¶1 arrested in ivanov was | 1937") {
		t.Fatalf("concordance: exit %d\n%s%s", code, conc, errOut)
	}
	fixed := strings.Replace(strings.Replace(chronicleDataset, "died: 1939", "died: 1937", 1), "text: chronicle.txt", "text: chronicle.concordance", 1)
	dir2 := writeDataset(t, map[string]string{"a.yaml": fixed, "chronicle.concordance": conc})
	code, out, errOut := cli(t, nil, "validate", dir2)
	if code != 0 || !strings.Contains(out, "citations checked against 1 source text(s)") {
		t.Errorf("validate with a concordance: exit %d\n%s%s", code, out, errOut)
	}
	// A full text given on the command line takes the concordance's place,
	// and must be the text it was made from.
	code, _, errOut = cli(t, nil, "validate", "--text", "source/chronicle="+filepath.Join(dir, "chronicle.txt"), dir2)
	if code != 0 {
		t.Errorf("validate --text: exit %d\n%s", code, errOut)
	}
	other := filepath.Join(t.TempDir(), "other.txt")
	if err := os.WriteFile(other, []byte("A Chronicle\n\nIvanov died in 1937.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = cli(t, nil, "validate", "--text", "source/chronicle="+other, dir2)
	if code != 3 || !strings.Contains(errOut, "not the one the dataset's concordance was made from") {
		t.Errorf("validate --text with another text: exit %d\n%s", code, errOut)
	}
	code, _, errOut = cli(t, nil, "validate", "--text", "source/nothing="+other, dir2)
	if code != 2 || !strings.Contains(errOut, "source/nothing is not a source") {
		t.Errorf("validate --text naming no source: exit %d\n%s", code, errOut)
	}
}
