// Package sqlbuilder is a stand-in for github.com/huandu/go-sqlbuilder
// with the API the golden packages use: builders that change in place,
// condition helpers that return text, and Build.
package sqlbuilder

type Flavor int

const (
	invalidFlavor Flavor = iota
	MySQL
	PostgreSQL
	SQLite
	SQLServer
)

var DefaultFlavor = MySQL

type JoinOption string

const (
	FullJoin       JoinOption = "FULL"
	FullOuterJoin  JoinOption = "FULL OUTER"
	InnerJoin      JoinOption = "INNER"
	LeftJoin       JoinOption = "LEFT"
	LeftOuterJoin  JoinOption = "LEFT OUTER"
	RightJoin      JoinOption = "RIGHT"
	RightOuterJoin JoinOption = "RIGHT OUTER"
)

type Builder interface {
	Build() (sql string, args []interface{})
	BuildWithFlavor(flavor Flavor, initialArg ...interface{}) (sql string, args []interface{})
	Flavor() Flavor
}

type Args struct{ Flavor Flavor }

func (args *Args) Add(arg interface{}) string { return "$0" }

type Cond struct{ Args *Args }

func NewCond() *Cond { return &Cond{Args: &Args{}} }

func (c *Cond) Equal(field string, value interface{}) string            { return "" }
func (c *Cond) E(field string, value interface{}) string                { return "" }
func (c *Cond) EQ(field string, value interface{}) string               { return "" }
func (c *Cond) NotEqual(field string, value interface{}) string         { return "" }
func (c *Cond) NE(field string, value interface{}) string               { return "" }
func (c *Cond) GreaterThan(field string, value interface{}) string      { return "" }
func (c *Cond) GT(field string, value interface{}) string               { return "" }
func (c *Cond) GreaterEqualThan(field string, value interface{}) string { return "" }
func (c *Cond) GTE(field string, value interface{}) string              { return "" }
func (c *Cond) LessThan(field string, value interface{}) string         { return "" }
func (c *Cond) LT(field string, value interface{}) string               { return "" }
func (c *Cond) LessEqualThan(field string, value interface{}) string    { return "" }
func (c *Cond) LTE(field string, value interface{}) string              { return "" }
func (c *Cond) In(field string, values ...interface{}) string           { return "" }
func (c *Cond) NotIn(field string, values ...interface{}) string        { return "" }
func (c *Cond) Like(field string, value interface{}) string             { return "" }
func (c *Cond) NotLike(field string, value interface{}) string          { return "" }
func (c *Cond) IsNull(field string) string                              { return "" }
func (c *Cond) IsNotNull(field string) string                           { return "" }
func (c *Cond) Between(field string, lower, upper interface{}) string   { return "" }
func (c *Cond) Or(orExpr ...string) string                              { return "" }
func (c *Cond) And(andExpr ...string) string                            { return "" }
func (c *Cond) Not(notExpr string) string                               { return "" }
func (c *Cond) Exists(subquery interface{}) string                      { return "" }
func (c *Cond) Var(value interface{}) string                            { return "" }

type WhereClause struct{}

func NewWhereClause() *WhereClause { return &WhereClause{} }

func (f Flavor) NewSelectBuilder() *SelectBuilder { return &SelectBuilder{} }
func (f Flavor) NewUpdateBuilder() *UpdateBuilder { return &UpdateBuilder{} }
func (f Flavor) NewDeleteBuilder() *DeleteBuilder { return &DeleteBuilder{} }
func (f Flavor) NewInsertBuilder() *InsertBuilder { return &InsertBuilder{} }

func NewSelectBuilder() *SelectBuilder { return DefaultFlavor.NewSelectBuilder() }
func NewUpdateBuilder() *UpdateBuilder { return DefaultFlavor.NewUpdateBuilder() }
func NewDeleteBuilder() *DeleteBuilder { return DefaultFlavor.NewDeleteBuilder() }
func NewInsertBuilder() *InsertBuilder { return DefaultFlavor.NewInsertBuilder() }

func Select(col ...string) *SelectBuilder       { return NewSelectBuilder().Select(col...) }
func Update(table ...string) *UpdateBuilder     { return NewUpdateBuilder().Update(table...) }
func DeleteFrom(table ...string) *DeleteBuilder { return NewDeleteBuilder().DeleteFrom(table...) }
func InsertInto(table string) *InsertBuilder    { return NewInsertBuilder().InsertInto(table) }
func InsertIgnoreInto(table string) *InsertBuilder {
	return NewInsertBuilder().InsertIgnoreInto(table)
}
func ReplaceInto(table string) *InsertBuilder { return NewInsertBuilder().ReplaceInto(table) }

func Raw(expr string) interface{}             { return expr }
func List(arg interface{}) interface{}        { return arg }
func Tuple(values ...interface{}) interface{} { return values }

type SelectBuilder struct {
	*WhereClause
	Cond
}

func (sb *SelectBuilder) Select(col ...string) *SelectBuilder                { return sb }
func (sb *SelectBuilder) SelectMore(col ...string) *SelectBuilder            { return sb }
func (sb *SelectBuilder) Distinct() *SelectBuilder                           { return sb }
func (sb *SelectBuilder) From(table ...string) *SelectBuilder                { return sb }
func (sb *SelectBuilder) Join(table string, onExpr ...string) *SelectBuilder { return sb }
func (sb *SelectBuilder) JoinWithOption(option JoinOption, table string, onExpr ...string) *SelectBuilder {
	return sb
}
func (sb *SelectBuilder) Where(andExpr ...string) *SelectBuilder                 { return sb }
func (sb *SelectBuilder) AddWhereClause(whereClause *WhereClause) *SelectBuilder { return sb }
func (sb *SelectBuilder) Having(andExpr ...string) *SelectBuilder                { return sb }
func (sb *SelectBuilder) GroupBy(col ...string) *SelectBuilder                   { return sb }
func (sb *SelectBuilder) OrderBy(col ...string) *SelectBuilder                   { return sb }
func (sb *SelectBuilder) Asc() *SelectBuilder                                    { return sb }
func (sb *SelectBuilder) Desc() *SelectBuilder                                   { return sb }
func (sb *SelectBuilder) Limit(limit int) *SelectBuilder                         { return sb }
func (sb *SelectBuilder) Offset(offset int) *SelectBuilder                       { return sb }
func (sb *SelectBuilder) ForUpdate() *SelectBuilder                              { return sb }
func (sb *SelectBuilder) ForShare() *SelectBuilder                               { return sb }
func (sb *SelectBuilder) As(name, alias string) string                           { return name + " AS " + alias }
func (sb *SelectBuilder) SQL(sql string) *SelectBuilder                          { return sb }
func (sb *SelectBuilder) Clone() *SelectBuilder                                  { return sb }
func (sb *SelectBuilder) String() string                                         { return "" }
func (sb *SelectBuilder) Build() (sql string, args []interface{})                { return "", nil }
func (sb *SelectBuilder) BuildWithFlavor(flavor Flavor, initialArg ...interface{}) (sql string, args []interface{}) {
	return "", nil
}
func (sb *SelectBuilder) SetFlavor(flavor Flavor) (old Flavor) { return MySQL }
func (sb *SelectBuilder) Flavor() Flavor                       { return MySQL }

type UpdateBuilder struct {
	*WhereClause
	Cond
}

func (ub *UpdateBuilder) Update(table ...string) *UpdateBuilder         { return ub }
func (ub *UpdateBuilder) Set(assignment ...string) *UpdateBuilder       { return ub }
func (ub *UpdateBuilder) SetMore(assignment ...string) *UpdateBuilder   { return ub }
func (ub *UpdateBuilder) Where(andExpr ...string) *UpdateBuilder        { return ub }
func (ub *UpdateBuilder) Assign(field string, value interface{}) string { return "" }
func (ub *UpdateBuilder) Incr(field string) string                      { return "" }
func (ub *UpdateBuilder) Decr(field string) string                      { return "" }
func (ub *UpdateBuilder) Add(field string, value interface{}) string    { return "" }
func (ub *UpdateBuilder) Sub(field string, value interface{}) string    { return "" }
func (ub *UpdateBuilder) OrderBy(col ...string) *UpdateBuilder          { return ub }
func (ub *UpdateBuilder) Asc() *UpdateBuilder                           { return ub }
func (ub *UpdateBuilder) Desc() *UpdateBuilder                          { return ub }
func (ub *UpdateBuilder) Limit(limit int) *UpdateBuilder                { return ub }
func (ub *UpdateBuilder) SQL(sql string) *UpdateBuilder                 { return ub }
func (ub *UpdateBuilder) String() string                                { return "" }
func (ub *UpdateBuilder) Build() (sql string, args []interface{})       { return "", nil }
func (ub *UpdateBuilder) BuildWithFlavor(flavor Flavor, initialArg ...interface{}) (sql string, args []interface{}) {
	return "", nil
}
func (ub *UpdateBuilder) SetFlavor(flavor Flavor) (old Flavor) { return MySQL }
func (ub *UpdateBuilder) Flavor() Flavor                       { return MySQL }

type DeleteBuilder struct {
	*WhereClause
	Cond
}

func (db *DeleteBuilder) DeleteFrom(table ...string) *DeleteBuilder { return db }
func (db *DeleteBuilder) Where(andExpr ...string) *DeleteBuilder    { return db }
func (db *DeleteBuilder) OrderBy(col ...string) *DeleteBuilder      { return db }
func (db *DeleteBuilder) Asc() *DeleteBuilder                       { return db }
func (db *DeleteBuilder) Desc() *DeleteBuilder                      { return db }
func (db *DeleteBuilder) Limit(limit int) *DeleteBuilder            { return db }
func (db *DeleteBuilder) SQL(sql string) *DeleteBuilder             { return db }
func (db *DeleteBuilder) String() string                            { return "" }
func (db *DeleteBuilder) Build() (sql string, args []interface{})   { return "", nil }
func (db *DeleteBuilder) BuildWithFlavor(flavor Flavor, initialArg ...interface{}) (sql string, args []interface{}) {
	return "", nil
}
func (db *DeleteBuilder) SetFlavor(flavor Flavor) (old Flavor) { return MySQL }
func (db *DeleteBuilder) Flavor() Flavor                       { return MySQL }

type InsertBuilder struct{ args *Args }

func (ib *InsertBuilder) InsertInto(table string) *InsertBuilder       { return ib }
func (ib *InsertBuilder) InsertIgnoreInto(table string) *InsertBuilder { return ib }
func (ib *InsertBuilder) ReplaceInto(table string) *InsertBuilder      { return ib }
func (ib *InsertBuilder) Cols(col ...string) *InsertBuilder            { return ib }
func (ib *InsertBuilder) Values(value ...interface{}) *InsertBuilder   { return ib }
func (ib *InsertBuilder) Select(col ...string) *SelectBuilder          { return &SelectBuilder{} }
func (ib *InsertBuilder) Var(arg interface{}) string                   { return "" }
func (ib *InsertBuilder) SQL(sql string) *InsertBuilder                { return ib }
func (ib *InsertBuilder) String() string                               { return "" }
func (ib *InsertBuilder) Build() (sql string, args []interface{})      { return "", nil }
func (ib *InsertBuilder) BuildWithFlavor(flavor Flavor, initialArg ...interface{}) (sql string, args []interface{}) {
	return "", nil
}
func (ib *InsertBuilder) SetFlavor(flavor Flavor) (old Flavor) { return MySQL }
func (ib *InsertBuilder) Flavor() Flavor                       { return MySQL }
