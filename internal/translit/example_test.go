package translit_test

import (
	"fmt"

	"github.com/memoria-history/memoria/internal/translit"
)

func ExampleScheme_Romanise() {
	for _, s := range []translit.Scheme{translit.English, translit.German, translit.French, translit.Scholarly} {
		fmt.Printf("%s: %s\n", s, s.Romanise("Николай Ежов"))
	}
	// Output:
	// English: Nikolay Yezhov
	// German: Nikolai Jeschow
	// French: Nikolai Iejov
	// Scholarly: Nikolaj Ežov
}

func ExampleRomanisations() {
	fmt.Println(translit.Romanisations("Берия", translit.English, translit.LibraryOfCongress, translit.German, translit.French))
	// Output: [Beriya Beriia Berija]
}
