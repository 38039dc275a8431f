// Package edge is a stub of entgo.io/ent/schema/edge.
package edge

type Builder struct{}

func (b *Builder) Field(string) *Builder { return b }
func (b *Builder) Ref(string) *Builder   { return b }
func (b *Builder) Unique() *Builder      { return b }
func (b *Builder) Descriptor() any       { return nil }

func To(name string, t any) *Builder   { return &Builder{} }
func From(name string, t any) *Builder { return &Builder{} }
