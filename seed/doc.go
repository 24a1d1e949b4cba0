// Package seed embeds Memoria's curated dataset, so that the binary needs no
// files beside it: every .yaml file in this directory, in the format that
// internal/dataset reads. The dataset is curated from the essay "Special
// treatment in Stalin's Gulag" and from the reference works listed in
// sources.yaml, each statement cited to its paragraph, page or table.
//
// The essay's text is not shipped, only its paragraph concordance in
// texts/ (each paragraph's distinct words and numbers, sorted, made by
// memoria concordance): enough for memoria validate, and this package's
// tests, to check that each citation of a paragraph names what it is cited
// for, and too little to read the essay from.
package seed
