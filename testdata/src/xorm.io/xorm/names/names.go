// Package names is a stub of xorm.io/xorm/names: the mappers that name
// tables and columns.
package names

// Mapper maps Go names to database names.
type Mapper interface {
	Obj2Table(string) string
	Table2Obj(string) string
}

// SnakeMapper splits before every capital: UserID is user_i_d.
type SnakeMapper struct{}

func (SnakeMapper) Obj2Table(name string) string { return name }
func (SnakeMapper) Table2Obj(name string) string { return name }

// GonicMapper keeps initialisms together: UserID is user_id.
type GonicMapper map[string]bool

func (GonicMapper) Obj2Table(name string) string { return name }
func (GonicMapper) Table2Obj(name string) string { return name }
