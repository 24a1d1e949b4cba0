package extract

import (
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

// quantity writes a Quantity compactly for comparison: "=5", "5..7",
// ">=5", "<=5", with "~" when approximate.
func quantity(q history.Quantity) string {
	f := func(p *float64) string { return strconv.FormatFloat(*p, 'f', -1, 64) }
	var s string
	switch {
	case q.Value != nil:
		s = "=" + f(q.Value)
	case q.Low != nil && q.High != nil:
		s = f(q.Low) + ".." + f(q.High)
	case q.Low != nil:
		s = ">=" + f(q.Low)
	case q.High != nil:
		s = "<=" + f(q.High)
	}
	if q.Approximate {
		s += "~"
	}
	return s
}

func TestFigures(t *testing.T) {
	// Each wanted figure: its text, quantity, unit, what it is a share of
	// and its time, as "text|quantity|unit|of|when".
	cases := []struct {
		name string
		text string
		want []string
	}{
		{"thousands separator", "The records list 681,692 death sentences.", []string{"681,692|=681692|people||"}},
		{"space separator", "The records list 681 692 executions.", []string{"681 692|=681692|people||"}},
		{"dot separator", "By then 500.000 prisoners were held.", []string{"500.000|=500000|people||"}},
		{"decimal scale", "About 1.5 million people were deported in 1944.", []string{"About 1.5 million|=1500000~|people||1944"}},
		{"decimal comma scale", "There were 2,5 million inmates.", []string{"2,5 million|=2500000|people||"}},
		{"words with half", "One and a half million peasants were moved.", []string{"One and a half million|=1500000|people||"}},
		{"words", "Two million soldiers were lost.", []string{"Two million|=2000000|people||"}},
		{"half a million", "Half a million refugees fled.", []string{"Half a million|=500000|people||"}},
		{"tens of thousands", "Tens of thousands of kulaks were deported in 1930.", []string{"Tens of thousands|>=10000|people||1930"}},
		{"hundreds of thousands", "Hundreds of thousands died.", []string{"Hundreds of thousands|>=100000|people||"}},
		{"range to", "Between 1930 and 1953, 14 to 20 million people died.", []string{"14 to 20 million|14000000..20000000|people||1930/1953"}},
		{"range hyphen", "Estimates run to 14-20 million deaths.", []string{"14-20 million|14000000..20000000|people||"}},
		{"range between", "Between 5.5 and 6.5 million peasants starved in 1933.", []string{"Between 5.5 and 6.5 million|5500000..6500000|people||1933"}},
		{"more than", "More than 500,000 prisoners were held in 1934.", []string{"More than 500,000|>=500000|people||1934"}},
		{"more then misspelt", "more then 2.000 colonies were built", []string{"more then 2.000|>=2000|colonies||"}},
		{"over", "Over 1,000 camps were listed.", []string{"Over 1,000|>=1000|camps||"}},
		{"at least", "At least 30,000 officers were shot.", []string{"At least 30,000|>=30000|people||"}},
		{"up to", "Up to 200 tonnes of gold were mined.", []string{"Up to 200|<=200|tonnes||"}},
		{"fewer than", "Fewer than 40 members survived.", []string{"Fewer than 40|<=40|people||"}},
		{"almost", "Almost 1.6 million prisoners were held in January 1941.", []string{"Almost 1.6 million|<=1600000~|people||1941-01"}},
		{"nearly", "Nearly 17 hours a day were worked.", []string{"Nearly 17|<=17~|hours-per-day||"}},
		{"some", "Some 300 villages burned.", []string{"Some 300|=300~|villages||"}},
		{"roughly", "It cost roughly 4 billion roubles.", []string{"roughly 4 billion|=4000000000~|roubles||"}},
		{"percent sign", "Convicts dug 66.7% of the gold output in 1940.", []string{"66.7%|=66.7|percent|of the gold output|1940"}},
		{"percent word", "They cut 25 percent of the timber.", []string{"25 percent|=25|percent|of the timber|"}},
		{"per cent", "They mined 40 per cent of its cobalt, and more.", []string{"40 per cent|=40|percent|of its cobalt|"}},
		{"percent list", "Camps gave 46.5% of the country's nickel, 76% of its tin.", []string{"46.5%|=46.5|percent|of the country's nickel|", "76%|=76|percent|of its tin|"}},
		{"fraction words", "Two thirds of the delegates were shot.", []string{"Two thirds|=66.7|percent|of the delegates|"}},
		{"fraction hyphen", "Two-thirds of the delegates were shot.", []string{"Two-thirds|=66.7|percent|of the delegates|"}},
		{"a third", "A third of the herds died.", []string{"A third|=33.3|percent|of the herds|"}},
		{"fraction digits", "He had 2/3 of all commanders arrested.", []string{"2/3|=66.7|percent|of all commanders|"}},
		{"group of people", "A group of 30 to 40 trotskyists was taken out.", []string{"30 to 40|30..40|people||"}},
		{"relative clause", "Compare that to the 30,000 that were imprisoned in 1927.", []string{"30,000|=30000|people||1927"}},
		{"sentence years", "They were sentenced to two years of forced labour.", []string{"two|=2|years||"}},
		{"out of", "In 1941, 300,000 out of 1.6 million prisoners were labourers.", []string{"300,000|=300000|people||1941", "1.6 million|=1600000|people||1941"}},
		{"not a year", "The decree of 1927 was harsh.", nil},
		{"not a page", "See page 12 and p. 40.", nil},
		{"not an ordinal", "At the 17th Congress, delegates voted.", nil},
		{"not in a name", "The camp Perm 36 and Article 58 remain.", nil},
		{"not in a hyphenated name", "The camp Perm-36 remains.", nil},
		{"not an order's number", "Order No. 00447 and приказ № 00448 were signed.", nil},
		{"not a day without year", "On 22 August he was made deputy, on 5 мая he left.", nil},
		{"not a time", "The train left at 10:30 sharp.", nil},
		{"currency", "The canal cost $5 million to build.", []string{"5 million|=5000000|dollars||"}},
		{"not in a compound word", "The First Five-Year Plan began.", nil},
		{"not a page range", "See pp. 112-118 of the report.", nil},
		{"not an hour", "The 2 men left at 6 pm.", []string{"2|=2|people||"}},
		{"plural noun as unit", "They had 3,350 tanks and some 2,000 aircraft.", []string{"3,350|=3350|tanks||", "some 2,000|=2000~|||"}},
		{"demonym", "Between the wars, 15,000 to 20,000 Finns left.", []string{"15,000 to 20,000|15000..20000|people||"}},
		{"singular unit in compound", "They dug the 227-kilometre canal in 20 months.", []string{"227|=227|kilometres||", "20|=20|months||"}},
		{"ratio", "About one in ten households was deported; 1 in 20 adults.", []string{"About one in ten|=10~|percent|households|", "1 in 20|=5|percent|adults|"}},
		{"percent range", "Some 40% to 50% of the workforce was sick.", []string{"Some 40% to 50%|40..50~|percent|of the workforce|"}},
		{"russian scale", "Было арестовано более 1,5 миллиона человек.", []string{"более 1,5 миллиона|>=1500000|people||"}},
		{"another clause's date", "The report for 1939—the first after the terror—counted 1,317,195 inmates.", []string{"1,317,195|=1317195|people||1939"}},
		{"a hundred thousand", "A hundred thousand prisoners died.", []string{"A hundred thousand|=100000|people||"}},
		{"a million", "The toll rose to a million.", []string{"a million|=1000000|||"}},
		{"share of a number", "Half of the 1,000 prisoners died.", []string{"Half|=50|percent|of the 1,000 prisoners|", "1,000|=1000|people||"}},
		{"not one of the", "He was one of the founders.", nil},
		{"not a reckoning", "Two years later, he was gone.", nil},
		{"a period named again", "Thousands were shot in those two years.", nil},
		{"the last months", "He spent the last three months in hospital.", nil},
		{"not a third stroke", "He had a third stroke in May 1923.", nil},
		{"not a small word without noun", "One large group sang.", nil},
		{"not a day", "On 22 August 1938 he was made deputy.", nil},
		{"date in the clause", "In 1937 the camps were full; by 1941, 1.9 million prisoners were held.", []string{"1.9 million|=1900000|people||1941"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, f := range Figures(c.text) {
				if f.Text != c.text[f.Start:f.End] {
					t.Fatalf("Text %q is not text[%d:%d]", f.Text, f.Start, f.End)
				}
				when := ""
				if f.When != nil {
					when = f.When.Value.EDTF
				}
				got = append(got, fmt.Sprintf("%s|%s|%s|%s|%s", f.Text, quantity(f.Quantity), f.Unit, f.Of, when))
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("Figures(%q)\n got %q\nwant %q", c.text, got, c.want)
			}
		})
	}
}
