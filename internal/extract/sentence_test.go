package extract

import (
	"slices"
	"testing"
)

func TestSentences(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []string
	}{
		{"plain", "He came. He went! Did he stay? No.", []string{"He came.", "He went!", "Did he stay?", "No."}},
		{"title", "Dr. Zhivago met St. Petersburg's mayor. Then he left.", []string{"Dr. Zhivago met St. Petersburg's mayor.", "Then he left."}},
		{"initials", "J. V. Stalin signed it. Molotov agreed.", []string{"J. V. Stalin signed it.", "Molotov agreed."}},
		{"decimal", "About 1.5 million died. Many more fled.", []string{"About 1.5 million died.", "Many more fled."}},
		{"circa", "It was built c. 1930 by convicts. It stands.", []string{"It was built c. 1930 by convicts.", "It stands."}},
		{"month abbreviation", "It began in Feb. 1927 in Moscow. It ended.", []string{"It began in Feb. 1927 in Moscow.", "It ended."}},
		{"closing quote", "He said \"enough.\" Then he left.", []string{"He said \"enough.\"", "Then he left."}},
		{"doubled apostrophes", "They called it ''treason.'' Nobody asked.", []string{"They called it ''treason.''", "Nobody asked."}},
		{"lower case after stop", "The vol. ends here. It was long.", []string{"The vol. ends here.", "It was long."}},
		{"blank line", "A heading\n\nThe text starts here.", []string{"A heading", "The text starts here."}},
		{"line break inside", "A sentence that\nruns on. Another.", []string{"A sentence that\nruns on.", "Another."}},
		{"number after stop", "It ended in 1953. 600,000 had died.", []string{"It ended in 1953.", "600,000 had died."}},
		{"ellipsis", "He waited... Nobody came.", []string{"He waited...", "Nobody came."}},
		{"spaces around", "  One.   Two.  ", []string{"One.", "Two."}},
		{"empty", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, s := range Sentences(c.text) {
				got = append(got, c.text[s[0]:s[1]])
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", c.text, got, c.want)
			}
		})
	}
}
