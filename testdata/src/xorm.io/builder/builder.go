// Package builder is a stand-in for xorm's condition and statement
// builder, xorm.io/builder: the types and functions the golden packages
// use, with the shapes the real package gives them.
package builder

// Cond is a condition.
type Cond interface {
	And(...Cond) Cond
	Or(...Cond) Cond
}

type cond struct{}

func (cond) And(...Cond) Cond { return cond{} }
func (cond) Or(...Cond) Cond  { return cond{} }

// Map conditions: one comparison per key, keys in sorted order.
type (
	Eq  map[string]interface{}
	Neq map[string]interface{}
	Lt  map[string]interface{}
	Lte map[string]interface{}
	Gt  map[string]interface{}
	Gte map[string]interface{}
)

func (Eq) And(...Cond) Cond  { return cond{} }
func (Eq) Or(...Cond) Cond   { return cond{} }
func (Neq) And(...Cond) Cond { return cond{} }
func (Neq) Or(...Cond) Cond  { return cond{} }
func (Lt) And(...Cond) Cond  { return cond{} }
func (Lt) Or(...Cond) Cond   { return cond{} }
func (Lte) And(...Cond) Cond { return cond{} }
func (Lte) Or(...Cond) Cond  { return cond{} }
func (Gt) And(...Cond) Cond  { return cond{} }
func (Gt) Or(...Cond) Cond   { return cond{} }
func (Gte) And(...Cond) Cond { return cond{} }
func (Gte) Or(...Cond) Cond  { return cond{} }

// Like is column LIKE '%value%'.
type Like [2]string

func (Like) And(...Cond) Cond { return cond{} }
func (Like) Or(...Cond) Cond  { return cond{} }

// IsNull and NotNull test a column for NULL.
type (
	IsNull  [1]string
	NotNull [1]string
)

func (IsNull) And(...Cond) Cond  { return cond{} }
func (IsNull) Or(...Cond) Cond   { return cond{} }
func (NotNull) And(...Cond) Cond { return cond{} }
func (NotNull) Or(...Cond) Cond  { return cond{} }

// Between is Col BETWEEN LessVal AND MoreVal.
type Between struct {
	Col     string
	LessVal interface{}
	MoreVal interface{}
}

func (Between) And(...Cond) Cond { return cond{} }
func (Between) Or(...Cond) Cond  { return cond{} }

// Incr and Decr, as values of an Update's Eq, add to or take from the
// column.
type (
	Incr int
	Decr int
)

func And(conds ...Cond) Cond                       { return cond{} }
func Or(conds ...Cond) Cond                        { return cond{} }
func In(col string, values ...interface{}) Cond    { return cond{} }
func NotIn(col string, values ...interface{}) Cond { return cond{} }
func Expr(sql string, args ...interface{}) Cond    { return cond{} }
func NewCond() Cond                                { return cond{} }

// Builder builds a whole statement.
type Builder struct{}

func Select(cols ...string) *Builder              { return &Builder{} }
func Update(updates ...Eq) *Builder               { return &Builder{} }
func Delete(conds ...Cond) *Builder               { return &Builder{} }
func Insert(eq ...interface{}) *Builder           { return &Builder{} }
func Dialect(dialect string) *Builder             { return &Builder{} }
func (b *Builder) Select(cols ...string) *Builder { return b }
func (b *Builder) Update(updates ...Eq) *Builder  { return b }
func (b *Builder) Delete(conds ...Cond) *Builder  { return b }
func (b *Builder) From(table string, alias ...string) *Builder {
	return b
}
func (b *Builder) Into(table string) *Builder          { return b }
func (b *Builder) Where(c Cond) *Builder               { return b }
func (b *Builder) And(c Cond) *Builder                 { return b }
func (b *Builder) Or(c Cond) *Builder                  { return b }
func (b *Builder) OrderBy(order string) *Builder       { return b }
func (b *Builder) Limit(n int, offset ...int) *Builder { return b }
func (b *Builder) ToSQL() (string, []interface{}, error) {
	return "", nil, nil
}

// MYSQL names MySQL's dialect.
const MYSQL = "mysql"
