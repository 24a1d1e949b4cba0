package extract

import (
	"slices"
	"testing"
)

func TestDates(t *testing.T) {
	type want struct{ text, edtf string }
	cases := []struct {
		name string
		text string
		want []want
	}{
		{"month day year", "The decree came into force on February 25th 1927 in Moscow.", []want{{"February 25th 1927", "1927-02-25"}}},
		{"day month year", "It was signed on 25 February 1927.", []want{{"25 February 1927", "1927-02-25"}}},
		{"day of month comma year", "On the 3rd of March, 1938, the trial opened.", []want{{"3rd of March, 1938", "1938-03-03"}}},
		{"month abbreviation", "The plenum met in Feb. 1927 and again later.", []want{{"Feb. 1927", "1927-02"}}},
		{"year after in", "Many were arrested in 1937.", []want{{"1937", "1937"}}},
		{"two-digit end", "The mass operations of 1937-38 filled the camps.", []want{{"1937-38", "1937/1938"}}},
		{"en dash range", "The operations of 1937–1938 were the worst.", []want{{"1937–1938", "1937/1938"}}},
		{"decade with in the", "The camp closed in the 1980s.", []want{{"1980s", "198X"}}},
		{"decade with apostrophe", "It closed in the 1980's, long after.", []want{{"1980's", "198X"}}},
		{"the decade", "The 1930s were a time of terror.", []want{{"1930s", "193X"}}},
		{"from month", "From March 1938 the guards took prisoners out.", []want{{"From March 1938", "1938-03/.."}}},
		{"until year", "The rule held until 1953.", []want{{"until 1953", "../1953"}}},
		{"between years", "Between 1934 and 1938 the purge ran.", []want{{"Between 1934 and 1938", "1934/1938"}}},
		{"around", "The camps closed around 1960.", []want{{"around 1960", "1960~"}}},
		{"circa", "He was born circa 1960.", []want{{"circa 1960", "1960~"}}},
		{"c. abbreviation", "A map drawn c. 1960 shows them.", []want{{"c. 1960", "1960~"}}},
		{"early year", "In early 1938 the arrests slowed.", []want{{"early 1938", "1938-01/1938-04"}}},
		{"late decade", "By the late 1920s the opposition was beaten.", []want{{"late 1920s", "1927/1929"}}},
		{"mid decade", "In the mid-1930s the camps grew.", []want{{"mid-1930s", "1934/1936"}}},
		{"winter across two years", "In the winter of 1941-42 the camps starved.", []want{{"winter of 1941-42", "1941-24"}}},
		{"spring", "By spring 1942 half were dead.", []want{{"spring 1942", "1942-21"}}},
		{"from month year to year", "From March 1938 to 1939 the shootings went on.", []want{{"From March 1938 to 1939", "1938-03/1939"}}},
		{"from month to month year", "from March to June 1938 they waited", []want{{"from March to June 1938", "1938-03/1938-06"}}},
		{"from till", "The economy from 1922 till 1929 was mixed.", []want{{"from 1922 till 1929", "1922/1929"}}},
		{"since", "He had held it since 1921.", []want{{"since 1921", "1921/.."}}},
		{"after month", "In the weeks after June 1941 many were shot.", []want{{"after June 1941", "1941-06/.."}}},
		{"two days of a month", "On the night of 22–23 June 1941 they crossed.", []want{{"22–23 June 1941", "1941-06-22/1941-06-23"}}},
		{"month day comma year", "It was adopted on December 5, 1936.", []want{{"December 5, 1936", "1936-12-05"}}},
		{"two months of a year", "In March and April 1938 two trials were held.", []want{{"March and April 1938", "1938-03/1938-04"}}},
		{"century", "Forced labour marked the 20th century.", []want{{"20th century", "19XX"}}},
		{"two dates", "He was expelled in 1927 and readmitted in 1928.", []want{{"1927", "1927"}, {"1928", "1928"}}},
		{"russian day month", "Статья вступила в силу 25 февраля 1927 года.", []want{{"25 февраля 1927 года", "1927-02-25"}}},
		{"russian year", "В 1937 году начался террор.", []want{{"1937 году", "1937"}}},
		{"reckoned earlier", "They were expelled in 1927. Two others had broken with him a year earlier.", []want{{"1927", "1927"}, {"a year earlier", "1926"}}},
		{"reckoned later", "He joined in 1920; three years later he left.", []want{{"1920", "1920"}, {"three years later", "1923"}}},
		{"not a count", "There were 1,937 prisoners there.", nil},
		{"not a count without separator", "There were 1937 prisoners there.", nil},
		{"not a page", "See page 1937 of the report.", nil},
		{"not a percentage", "It rose by 1200% in a year.", nil},
		{"may the verb", "They may 1930 be wrong.", []want{{"1930", "1930"}}},
		{"month without year is nothing", "He had a stroke in December.", nil},
		{"day out of range", "On 32 March 1938 nothing happened.", []want{{"March 1938", "1938-03"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []want
			for _, d := range Dates(c.text) {
				if d.Text != c.text[d.Start:d.End] {
					t.Fatalf("Text %q is not text[%d:%d] %q", d.Text, d.Start, d.End, c.text[d.Start:d.End])
				}
				got = append(got, want{d.Text, d.Value.EDTF})
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("Dates(%q)\n got %q\nwant %q", c.text, got, c.want)
			}
		})
	}
}
