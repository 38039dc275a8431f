// Package mysqldialect is a stub of bun's MySQL dialect.
package mysqldialect

type Dialect struct{}

func (d *Dialect) Name() string { return "mysql" }

func New() *Dialect { return &Dialect{} }
