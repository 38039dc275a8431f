// Package clause is a stub of gorm.io/gorm/clause v1.31 for locklint's
// tests.
package clause

const (
	PrimaryKey   string = "~~~py~~~" // primary key
	CurrentTable string = "~~~ct~~~" // current table
	Associations string = "~~~as~~~" // associations
)

const (
	LockingStrengthUpdate    = "UPDATE"
	LockingStrengthShare     = "SHARE"
	LockingOptionsSkipLocked = "SKIP LOCKED"
	LockingOptionsNoWait     = "NOWAIT"
)

// Writer write writer
type Writer interface {
	WriteByte(byte) error
	WriteString(string) (int, error)
}

// Builder builder interface
type Builder interface {
	Writer
	WriteQuoted(field interface{})
	AddVar(Writer, ...interface{})
	AddError(error) error
}

// Expression expression interface
type Expression interface {
	Build(builder Builder)
}

// Clause
type Clause struct {
	Name       string
	Expression Expression
}

type Table struct {
	Name  string
	Alias string
	Raw   bool
}

type Column struct {
	Table string
	Name  string
	Alias string
	Raw   bool
}

type Locking struct {
	Strength string
	Table    Table
	Options  string
}

func (locking Locking) Name() string               { return "FOR" }
func (locking Locking) Build(builder Builder)      {}
func (locking Locking) MergeClause(clause *Clause) { clause.Expression = locking }

type Expr struct {
	SQL                string
	Vars               []interface{}
	WithoutParentheses bool
}

func (expr Expr) Build(builder Builder) {}

type NamedExpr struct {
	SQL  string
	Vars []interface{}
}

func (expr NamedExpr) Build(builder Builder) {}

type Eq struct {
	Column interface{}
	Value  interface{}
}

func (eq Eq) Build(builder Builder) {}

type Neq Eq

func (neq Neq) Build(builder Builder) {}

type Gt Eq

func (gt Gt) Build(builder Builder) {}

type Gte Eq

func (gte Gte) Build(builder Builder) {}

type Lt Eq

func (lt Lt) Build(builder Builder) {}

type Lte Eq

func (lte Lte) Build(builder Builder) {}

type Like Eq

func (like Like) Build(builder Builder) {}

type IN struct {
	Column interface{}
	Values []interface{}
}

func (in IN) Build(builder Builder) {}

type Where struct {
	Exprs []Expression
}

func (where Where) Build(builder Builder) {}

type Assignment struct {
	Column Column
	Value  interface{}
}

type Set []Assignment

type Assigner interface {
	Assignments() []Assignment
}

type OnConflict struct {
	Columns      []Column
	Where        Where
	TargetWhere  Where
	OnConstraint string
	DoNothing    bool
	DoUpdates    Set
	UpdateAll    bool
}

func (onConflict OnConflict) Build(builder Builder) {}

type OrderByColumn struct {
	Column  Column
	Desc    bool
	Reorder bool
}

type JoinType string

type JoinTarget struct {
	Type        JoinType
	Association string
	Subquery    Expression
	Table       string
}
