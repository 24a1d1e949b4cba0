package extract

import (
	"fmt"
	"strings"
	"testing"
)

// prose returns about words words of prose of the shapes this package
// reads, written for the benchmark, with the years and figures varied so
// that no paragraph repeats another.
func prose(words int) string {
	var b strings.Builder
	n := 0
	for i := 0; n < words; i++ {
		y := 1920 + i%40
		p := fmt.Sprintf("In %d the commissariat opened %d new camps in the north, and by the winter of %d-%02d more than %d,%03d prisoners were held there. "+
			"Dr. A. B. Ivanov, who ran the camp at Perm 36 from March %d to %d, wrote on page %d that about %d.%d million people had passed through its gates. "+
			"Between %d and %d, some %d percent of the timber and two thirds of the gold came from convict labour; "+
			"the output rose to %d tonnes in early %d. Article 58 was used against %d workers who were arrested a year earlier. "+
			"Tens of thousands of peasants were deported from Ukraine around %d, and almost %d died on the way to Kazakhstan in the late %ds.\n\n",
			y, 10+i%90, y, (y+1)%100, 100+i%800, i%1000, y, y+1, 10+i%300, 1+i%9, i%10,
			y, y+3, 10+i%80, 1000+i*7%9000, y+2, 500+i%4000, y+5, 2000+i%50000, y/10*10)
		n += len(strings.Fields(p))
		b.WriteString(p)
	}
	return b.String()
}

// BenchmarkRead reads the sentences, dates and figures of some 50,000
// words of prose.
func BenchmarkRead(b *testing.B) {
	text := prose(50000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Read(text)
	}
}

// BenchmarkSeparately reads them with Sentences, Dates and Figures, each
// reading the text again.
func BenchmarkSeparately(b *testing.B) {
	text := prose(50000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Sentences(text)
		Dates(text)
		Figures(text)
	}
}
