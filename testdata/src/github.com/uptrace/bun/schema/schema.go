// Package schema is a stub of bun's schema package: bun.BaseModel is an
// alias of its BaseModel, as in bun itself.
package schema

// BaseModel carries a model's table name and alias in its tag.
type BaseModel struct{}
