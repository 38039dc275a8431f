// Package ent is a stub of entgo.io/ent v0.14 for locklint's tests: the
// signatures generated code and schema packages use, with empty bodies.
package ent

// Schema is embedded by every schema type.
type Schema struct{}

// Field, Index and Edge are what a schema's methods return.
type (
	Field interface{ Descriptor() any }
	Index interface{ Descriptor() any }
	Edge  interface{ Descriptor() any }
)

// QueryContext is kept by every query builder.
type QueryContext struct {
	Limit  *int
	Offset *int
	Unique *bool
	Fields []string
}

// Op is the operation of a query or mutation.
type Op uint

// Type is the method expression edges name a schema by (Pet.Type).
func (Schema) Type() {}
