package search

import (
	"slices"
	"testing"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"lower case, split on spaces", "Leon Trotsky", []string{"leon", "trotsky"}},
		{"accents removed", "Léon Trótsky", []string{"leon", "trotsky"}},
		{"Cyrillic lower-cased", "Николай Иванович Ежов", []string{"николаи", "иванович", "ежов"}},
		{"ё folds to е, й to и", "Ёжов Йосиф", []string{"ежов", "иосиф"}},
		{"hyphen splits", "Radomyslsky-Apfelbaum", []string{"radomyslsky", "apfelbaum"}},
		{"apostrophes join", "Zinov'ev Zinov’ev Zinovʹev Zinov´ev", []string{"zinovev", "zinovev", "zinovev", "zinovev"}},
		{"letters that do not decompose", "Straße Łódź Ørsted Æsir Œuvre", []string{"strasse", "lodz", "orsted", "aesir", "oeuvre"}},
		{"compatibility forms", "Ｓｔａｌｉｎ ﬁnal", []string{"stalin", "final"}},
		{"digits kept", "Order No. 00447", []string{"order", "no", "00447"}},
		{"punctuation only", " ,.;-() ", nil},
		{"empty", "", nil},
		{"invalid UTF-8 separates", "ab\xffcd", []string{"ab", "cd"}},
		{"Greek final sigma", "Ὀδυσσεύς", []string{"οδυσσευσ"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tokens(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("tokens(%q)\ngot  %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
