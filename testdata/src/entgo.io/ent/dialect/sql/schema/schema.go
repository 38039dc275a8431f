// Package schema is a stub of entgo.io/ent/dialect/sql/schema: the table
// descriptions generated migrate packages declare.
package schema

import "entgo.io/ent/schema/field"

type Table struct {
	Name        string
	Columns     []*Column
	PrimaryKey  []*Column
	ForeignKeys []*ForeignKey
	Indexes     []*Index
}

type Column struct {
	Name      string
	Type      field.Type
	Unique    bool
	Nullable  bool
	Increment bool
	Size      int64
	Default   any
}

type Index struct {
	Name    string
	Unique  bool
	Columns []*Column
}

type ForeignKey struct {
	Symbol     string
	Columns    []*Column
	RefTable   *Table
	RefColumns []*Column
	OnDelete   string
}
