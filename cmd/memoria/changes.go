package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store"
)

func runChanges(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "changes", "", "Lists the store's changes, oldest first: each write and each load, who made it, when,\nand the records it wrote. --json gives each change with its records before and after.")
	var f store.ChangeFilter
	fs.Uint64Var(&f.Since, "since", 0, "only changes after this revision")
	fs.StringVar(&f.By, "by", "", "only changes made by this author (a token's name, or a user)")
	id := fs.String("id", "", "only changes that wrote this record")
	fs.IntVar(&f.Limit, "limit", 0, "at most this many changes (0: all)")
	asJSON := fs.Bool("json", false, "print one JSON object per line, records included, for scripts")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: changes takes no arguments, got %q", errUsage, fs.Args())
	}
	f.ID = history.ID(*id)
	s, err := openStoreToRead(ctx, e, g)
	if err != nil {
		return err
	}
	defer s.Close()
	changes, err := s.Changes(ctx, f)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		for _, c := range changes {
			if err := enc.Encode(changeJSON(c)); err != nil {
				return err
			}
		}
		return s.Close()
	}
	for _, c := range changes {
		fmt.Fprintln(e.stdout, changeLine(c))
	}
	return s.Close()
}

// changeLine is a change on one line, for people: revision, time,
// author, operation, and the records written.
func changeLine(c store.ChangeRecord) string {
	author := c.Author
	if author == "" {
		author = "-"
	}
	line := fmt.Sprintf("%d  %s  %s  %s", c.Revision, c.At.Format(time.RFC3339), author, c.Operation)
	if c.Note != "" {
		line += " " + c.Note
	}
	switch ids := c.Touches; {
	case len(ids) == 0:
		line += fmt.Sprintf("  %d records", c.Records)
	case len(ids) <= 5:
		line += "  " + joinIDs(ids)
	default:
		line += fmt.Sprintf("  %s and %d more", joinIDs(ids[:5]), len(ids)-5)
	}
	return line
}

func joinIDs(ids []history.ID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, " ")
}

// changeJSON is a change as --json prints it.
func changeJSON(c store.ChangeRecord) map[string]any {
	m := map[string]any{
		"revision":  c.Revision,
		"at":        c.At.Format(time.RFC3339Nano),
		"author":    c.Author,
		"operation": c.Operation,
		"records":   c.Records,
	}
	for k, v := range map[string]string{"requestId": c.RequestID, "clientId": c.ClientID, "note": c.Note} {
		if v != "" {
			m[k] = v
		}
	}
	if len(c.Touches) > 0 {
		m["touches"] = c.Touches
	}
	if c.Before != nil {
		m["before"] = c.Before
	}
	if c.After != nil {
		m["after"] = c.After
	}
	return m
}
