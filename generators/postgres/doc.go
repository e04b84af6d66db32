// Package postgres turns a resolved design into PostgreSQL DDL that a team can
// commit as its first migration: schemas, enum types, tables, keys, indexes,
// comments, and triggers that make the database enforce the design's state
// machines and keep event tables append-only.
//
// Generate writes the whole file; the statement builders (CreateTable,
// AddForeignKey, StateMachine, ...) and the object-name functions
// (IndexName, ForeignKeyName, ...) are exported so that migrations can create,
// alter and drop the same objects by the same names. Everything here is pure:
// no filesystem, no database. The output targets PostgreSQL 14 or later
// (CREATE OR REPLACE TRIGGER).
package postgres
