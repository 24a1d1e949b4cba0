package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/memoria-history/memoria/internal/store"
)

func runStats(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "stats", "", "Counts what the store holds: quads, records by kind, quads by predicate, statements,\nand statements without a citation (always zero for data loaded through Memoria).")
	asJSON := fs.Bool("json", false, "print the counts as one JSON object, for scripts")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: stats takes no arguments, got %q", errUsage, fs.Args())
	}
	s, err := openStoreToRead(ctx, e, g)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.Stats(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{
			"store":      store.Redact(g.db),
			"quads":      st.Quads,
			"kinds":      st.Kinds,
			"predicates": st.Predicates,
			"statements": st.Statements,
			"uncited":    st.Uncited,
		})
	}
	w := e.stdout
	fmt.Fprintf(w, "store       %s\nquads       %d\nstatements  %d\nuncited     %d\n\nby kind\n", store.Redact(g.db), st.Quads, st.Statements, st.Uncited)
	for _, k := range []string{"person", "group", "place", "work", "event", "source", "relation", "claim"} {
		fmt.Fprintf(w, "  %-10s %6d\n", k, st.Kinds[k])
	}
	fmt.Fprintf(w, "\nby predicate\n")
	preds := make([]string, 0, len(st.Predicates))
	width := 0
	for p := range st.Predicates {
		preds = append(preds, p)
		width = max(width, len(p))
	}
	sort.Slice(preds, func(i, j int) bool {
		a, b := st.Predicates[preds[i]], st.Predicates[preds[j]]
		return a > b || a == b && preds[i] < preds[j]
	})
	for _, p := range preds {
		fmt.Fprintf(w, "  %-*s %6d\n", width, p, st.Predicates[p])
	}
	return nil
}
