package ingest

import (
	"regexp"
	"strings"
)

// markdownBlocks reads a Markdown document's text with a small pass that
// keeps what a reader sees: headings, paragraphs, list items and
// quotations each become a paragraph; emphasis, code spans, link targets
// and HTML comments are stripped; fenced and indented code is left out.
// The title is a first heading, else the first paragraph.
//
// A full CommonMark parser was not worth a dependency here: the text of a
// prose document survives these rules, and a construct they miss leaves
// its punctuation in the text, which never invents a name.
func markdownBlocks(text string) (blocks []string, title string) {
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			blocks = append(blocks, inlineMarkdown(strings.Join(cur, " ")))
			cur = cur[:0]
		}
	}
	fence := ""
	first := true
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		trimmed := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		switch {
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			flush()
			fence = trimmed[:3]
			continue
		case trimmed == "":
			flush()
			continue
		case strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t"):
			if len(cur) == 0 {
				continue // indented code
			}
		case thematicBreak.MatchString(trimmed):
			if len(cur) > 0 && strings.Trim(trimmed, "-=") == "" {
				// A setext heading's underline: the lines above are one.
				heading := strings.Join(cur, " ")
				cur = cur[:0]
				if first && len(blocks) == 0 && title == "" {
					title = inlineMarkdown(heading)
				} else {
					blocks = append(blocks, inlineMarkdown(heading))
				}
				first = false
				continue
			}
			flush()
			continue
		case linkDefinition.MatchString(trimmed):
			continue
		}
		if m := atxHeading.FindStringSubmatch(trimmed); m != nil {
			flush()
			h := strings.TrimRight(strings.TrimSpace(m[1]), "#")
			if first && len(blocks) == 0 && title == "" {
				title = inlineMarkdown(h)
			} else {
				blocks = append(blocks, inlineMarkdown(h))
			}
			first = false
			continue
		}
		first = false
		for {
			t := strings.TrimLeft(trimmed, " ")
			if strings.HasPrefix(t, ">") {
				trimmed = strings.TrimPrefix(t, ">")
				continue
			}
			break
		}
		trimmed = strings.TrimSpace(trimmed)
		if m := listItem.FindStringIndex(trimmed); m != nil {
			flush()
			trimmed = trimmed[m[1]:]
		}
		if trimmed != "" {
			cur = append(cur, trimmed)
		}
	}
	flush()
	return blocks, title
}

// The line-level constructs of Markdown the pass knows.
var (
	atxHeading     = regexp.MustCompile(`^#{1,6}(?:\s+(.*))?$`)
	thematicBreak  = regexp.MustCompile(`^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|=+)$`)
	linkDefinition = regexp.MustCompile(`^\[[^\]]+\]:\s*\S+`)
	listItem       = regexp.MustCompile(`^(?:[-*+]|\d{1,9}[.)])\s+`)
)

// The inline constructs: images and links keep their text, autolinks
// their address, code spans their code; emphasis markers and comments go.
var (
	image    = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	link     = regexp.MustCompile(`\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])`)
	autolink = regexp.MustCompile(`<((?:https?|mailto):[^>\s]*)>`)
	comment  = regexp.MustCompile(`<!--.*?-->`)
	code     = regexp.MustCompile("`+([^`]*)`+")
	emphasis = regexp.MustCompile(`(^|[^\pL\pN*_])[*_]{1,3}|[*_]{1,3}([^\pL\pN*_]|$)`)
)

func inlineMarkdown(s string) string {
	s = comment.ReplaceAllString(s, "")
	s = image.ReplaceAllString(s, "$1")
	s = link.ReplaceAllString(s, "$1")
	s = autolink.ReplaceAllString(s, "$1")
	s = code.ReplaceAllString(s, "$1")
	s = emphasis.ReplaceAllString(s, "$1$2")
	s = strings.ReplaceAll(s, `\`, "")
	return s
}
