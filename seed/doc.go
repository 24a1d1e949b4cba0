// Package seed embeds Memoria's curated dataset, so that the binary needs no
// files beside it: every .yaml file in this directory, in the format that
// internal/dataset reads. The dataset is curated from the essay "Special
// treatment in Stalin's Gulag" and from the reference works listed in
// sources.yaml, each statement cited to its paragraph, page or table.
package seed
