// Package schema is a stub of gorm.io/gorm/schema v1.31 for locklint's
// tests.
package schema

// Namer namer interface
type Namer interface {
	TableName(table string) string
	SchemaName(table string) string
	ColumnName(table, column string) string
}

// Replacer replacer interface like strings.Replacer
type Replacer interface {
	Replace(name string) string
}

// NamingStrategy tables, columns naming strategy
type NamingStrategy struct {
	TablePrefix         string
	SingularTable       bool
	NameReplacer        Replacer
	NoLowerCase         bool
	IdentifierMaxLength int
}

func (ns NamingStrategy) TableName(str string) string            { return str }
func (ns NamingStrategy) SchemaName(table string) string         { return table }
func (ns NamingStrategy) ColumnName(table, column string) string { return column }
