package main

import (
	"context"
	"fmt"

	"github.com/memoria-history/memoria/internal/api"
	"github.com/memoria-history/memoria/internal/history"
)

func runSchema(ctx context.Context, e env, g globals, args []string) error {
	fs := newFlagSet(e, &g, "schema", "", "Prints the GraphQL schema in SDL: the contract kept in schema/schema.graphql.")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	a, err := api.New(buildData(&history.Dataset{}), api.Options{})
	if err != nil {
		return err
	}
	_, err = fmt.Fprint(e.stdout, api.PrintSchema(a.Schema()))
	return err
}
