// Package pgdialect is a stub of bun's PostgreSQL dialect.
package pgdialect

type Dialect struct{}

func (d *Dialect) Name() string { return "pg" }

func New() *Dialect { return &Dialect{} }
