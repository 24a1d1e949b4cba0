package search

import (
	"slices"
	"testing"
)

func TestTransliterations(t *testing.T) {
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
	schemes := russianSchemes()
	for _, tt := range tests {
		got := transliterations(tt.name, schemes)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("transliterations(%q) = %q, want it to include %q", tt.name, got, w)
			}
		}
	}
	if got := transliterations("Beria", schemes); got != nil {
		t.Errorf("transliterations of a Latin name = %q, want none", got)
	}
}
