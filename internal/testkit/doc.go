// Package testkit is the parent of the helpers that only tests use (golden
// files, the PostgreSQL harness, random and synthetic designs, the reader of
// the docs' examples). Nothing the schemagen binary links may import them.
package testkit
