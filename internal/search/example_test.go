package search_test

import (
	"context"
	"fmt"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/search"
)

func ExampleIndex_Search() {
	ix := search.NewIndex([]search.Entry{
		{ID: "person/nikolai-yezhov", Kind: history.KindPerson, Name: "Nikolai Yezhov", Names: []history.Name{
			{Text: "Николай Иванович Ежов", Kind: history.NameNative, Lang: "ru"},
			{Text: "Nikolai Ezhov", Kind: history.NameTransliteration},
		}},
		{ID: "person/grigory-zinoviev", Kind: history.KindPerson, Name: "Grigory Zinoviev"},
	})
	for _, q := range []string{"Ежов", "ezhov", "Zinoview"} {
		for _, h := range ix.Search(context.Background(), q, nil, 1) {
			fmt.Printf("%s: %s via %q (%s)\n", q, h.ID, h.Matched, h.MatchKind)
		}
	}
	// Output:
	// Ежов: person/nikolai-yezhov via "Николай Иванович Ежов" (native)
	// ezhov: person/nikolai-yezhov via "Nikolai Ezhov" (transliteration)
	// Zinoview: person/grigory-zinoviev via "Grigory Zinoviev" (name)
}
