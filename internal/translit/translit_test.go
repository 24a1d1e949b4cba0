package translit

import (
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestLetterTableFollowsTheAlphabet(t *testing.T) {
	alphabet := []rune("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
	if len(letters) != len(alphabet) {
		t.Fatalf("the table has %d letters, want %d", len(letters), len(alphabet))
	}
	for i, r := range alphabet {
		if k := row(r); k != i || letters[k].letter != r {
			t.Errorf("row(%q) = %d, holding %q; want %d", r, k, letters[k].letter, i)
		}
	}
	// russianLower must agree with unicode.ToLower on every rune that
	// lowers to a letter of the table.
	for r := rune(0); r <= unicode.MaxRune; r++ {
		got, ok := russianLower(r)
		want := unicode.ToLower(r)
		wantOK := slices.Contains(alphabet, want)
		if ok != wantOK || ok && got != want {
			t.Errorf("russianLower(%q) = %q, %v; want %q, %v", r, got, ok, want, wantOK)
		}
	}
}

func TestRomanise(t *testing.T) {
	tests := []struct {
		in   string
		want [numSchemes]string // English, LibraryOfCongress, German, French, BGN, GermanJ, Scholarly
	}{
		{"Ежов", [numSchemes]string{"Yezhov", "Ezhov", "Jeschow", "Iejov", "Yezhov", "Jeschow", "Ežov"}},
		{"Берия", [numSchemes]string{"Beriya", "Beriia", "Berija", "Beriia", "Beriya", "Berija", "Berija"}},
		{"Зиновьев", [numSchemes]string{"Zinovyev", "Zinovev", "Sinowjew", "Zinoviev", "Zinovyev", "Sinowjew", "Zinovʹev"}},
		{"Троцкий", [numSchemes]string{"Trotsky", "Trotskii", "Trozki", "Trotski", "Trotskiy", "Trozki", "Trockij"}},
		{"Хрущёв", [numSchemes]string{"Khrushchev", "Khrushchev", "Chruschtschow", "Khrouchtchev", "Khrushchyov", "Chruschtschjow", "Chruščëv"}},
		{"Хрущев", [numSchemes]string{"Khrushchev", "Khrushchev", "Chruschtschew", "Khrouchtchev", "Khrushchev", "Chruschtschew", "Chruščev"}},
		{"Дзержинский", [numSchemes]string{"Dzerzhinsky", "Dzerzhinskii", "Dserschinski", "Dzerjinski", "Dzerzhinskiy", "Dserschinski", "Dzeržinskij"}},
		{"Николаевич", [numSchemes]string{"Nikolayevich", "Nikolaevich", "Nikolajewitsch", "Nikolaievitch", "Nikolayevich", "Nikolajewitsch", "Nikolaevič"}},
		{"Наталья", [numSchemes]string{"Natalya", "Natalia", "Natalja", "Natalia", "Natalya", "Natalja", "Natalʹja"}},
		{"Сергей", [numSchemes]string{"Sergey", "Sergei", "Sergei", "Sergei", "Sergey", "Sergej", "Sergej"}},
		{"Лев Троцкий, 1879", [numSchemes]string{"Lev Trotsky, 1879", "Lev Trotskii, 1879", "Lew Trozki, 1879", "Lev Trotski, 1879", "Lev Trotskiy, 1879", "Lew Trozki, 1879", "Lev Trockij, 1879"}},
		{"ЖУК", [numSchemes]string{"ZhUK", "ZhUK", "SchUK", "JOuK", "ZhUK", "SchUK", "ŽUK"}},
		{"Beria", [numSchemes]string{"Beria", "Beria", "Beria", "Beria", "Beria", "Beria", "Beria"}},
	}
	for _, tt := range tests {
		for s := range Scheme(numSchemes) {
			if got := s.Romanise(tt.in); got != tt.want[s] {
				t.Errorf("%v.Romanise(%q) = %q, want %q", s, tt.in, got, tt.want[s])
			}
		}
	}
}

func TestRomanisations(t *testing.T) {
	tests := []struct {
		name string
		want []string // each must be among the romanisations
	}{
		{"Ежов", []string{"Yezhov", "Ezhov", "Jeschow", "Iejov"}},
		{"Николай Иванович Ежов", []string{"Nikolay Ivanovich Yezhov", "Nikolai Iwanowitsch Jeschow"}},
		{"Берия", []string{"Beriya", "Beriia", "Berija"}},
		{"Зиновьев", []string{"Zinovyev", "Sinowjew", "Zinoviev"}},
		{"Хрущёв", []string{"Khrushchev", "Chruschtschow", "Khrouchtchev"}},
		{"Троцкий", []string{"Trotsky", "Trotskii", "Trozki"}},
		{"Ягода", []string{"Yagoda", "Iagoda", "Jagoda"}},
	}
	schemes := []Scheme{English, LibraryOfCongress, German, French}
	for _, tt := range tests {
		got := Romanisations(tt.name, schemes...)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Romanisations(%q) = %q, want it to include %q", tt.name, got, w)
			}
		}
	}
	if got := Romanisations("Beria", schemes...); got != nil {
		t.Errorf("Romanisations of a Latin name = %q, want none", got)
	}
	if got, want := Romanisations("Хрущёв", English, LibraryOfCongress), []string{"Khrushchev"}; !slices.Equal(got, want) {
		t.Errorf("Romanisations(%q, English, LibraryOfCongress) = %q, want %q, each spelling once", "Хрущёв", got, want)
	}
}

func TestSchemeString(t *testing.T) {
	if got := German.String(); got != "German" {
		t.Errorf("German.String() = %q", got)
	}
	if got := Scheme(200).String(); got != "Scheme(200)" {
		t.Errorf("Scheme(200).String() = %q", got)
	}
}

func FuzzRomanise(f *testing.F) {
	for _, s := range []string{"Ежов", "Лев Троцкий", "ЩЁЙ ый", "\xff\xd0", "Beria"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for sch := range Scheme(numSchemes) {
			out := sch.Romanise(s)
			if !hasCyrillic(s) && utf8.ValidString(s) && out != s {
				t.Errorf("%v.Romanise(%q) = %q: text without Cyrillic must come back as it was", sch, s, out)
			}
			for _, r := range out {
				if _, ok := russianLower(r); ok {
					t.Errorf("%v.Romanise(%q) = %q: it keeps the Russian letter %q", sch, s, out, r)
				}
			}
		}
	})
}
