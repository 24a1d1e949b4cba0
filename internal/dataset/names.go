package dataset

import "fmt"

// FileName names a file of a dataset written in parts, as memoria gen and
// memoria dump write them: the section ("people"), and the file's number
// from 0, or -1 for a section in one file: 4-people-0001.yaml,
// 1-sources.yaml. Name order, the order a load reads files in, puts every
// record after the records it refers to: sources, places, groups, people
// and works before the operations, events, relations and claims about
// them. A load keeps each reference to a record it has not yet read until
// the end; read the other way round, a million people's references to
// their sources and to each other took 0.6 GB a quarter of the way in.
func FileName(section string, chunk int) string {
	if chunk < 0 {
		return sectionNumber(section) + "-" + section + ".yaml"
	}
	return fmt.Sprintf("%s-%s-%04d.yaml", sectionNumber(section), section, chunk+1)
}

func sectionNumber(section string) string {
	switch section {
	case "sources":
		return "1"
	case "places":
		return "2"
	case "groups":
		return "3"
	case "people", "works":
		return "4"
	case "operations":
		return "5"
	case "events":
		return "6"
	case "relations":
		return "7"
	case "claims":
		return "8"
	}
	return "9" // after the rest
}
