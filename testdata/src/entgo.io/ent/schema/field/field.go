// Package field is a stub of entgo.io/ent/schema/field.
package field

type Type uint8

const (
	TypeInvalid Type = iota
	TypeBool
	TypeTime
	TypeString
	TypeInt
	TypeInt64
	TypeEnum
)

type Builder struct{}

func (b *Builder) Unique() *Builder           { return b }
func (b *Builder) Optional() *Builder         { return b }
func (b *Builder) Default(any) *Builder       { return b }
func (b *Builder) StorageKey(string) *Builder { return b }
func (b *Builder) Immutable() *Builder        { return b }
func (b *Builder) Descriptor() any            { return nil }
func (b *Builder) Values(...string) *Builder  { return b }

func String(name string) *Builder { return &Builder{} }
func Int64(name string) *Builder  { return &Builder{} }
func Int(name string) *Builder    { return &Builder{} }
func Time(name string) *Builder   { return &Builder{} }
func Enum(name string) *Builder   { return &Builder{} }
