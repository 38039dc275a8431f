// Package schema holds the tables, columns and indexes locklint knows about,
// and reads them from DDL files and migrations, and from JSON snapshots.
// A table the schema does not know is unknown, never unindexed.
package schema
