// Package index is a stub of entgo.io/ent/schema/index.
package index

type Builder struct{}

func (b *Builder) Unique() *Builder           { return b }
func (b *Builder) StorageKey(string) *Builder { return b }
func (b *Builder) Descriptor() any            { return nil }

func Fields(fields ...string) *Builder { return &Builder{} }
