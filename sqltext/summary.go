package sqltext

// Kind is what a statement does, as far as locking is concerned.
type Kind uint8

const (
	KindUnknown Kind = iota
	KindSelect
	KindInsert // INSERT and REPLACE
	KindUpdate
	KindDelete
	KindDDL          // CREATE/ALTER/DROP/RENAME/TRUNCATE/OPTIMIZE TABLE, CREATE/DROP INDEX
	KindLockTables   // LOCK TABLES / LOCK TABLE
	KindUnlockTables // UNLOCK TABLES
	KindFlushTables  // FLUSH TABLES WITH READ LOCK, FLUSH TABLES t FOR EXPORT
	KindSet          // SET [SESSION|GLOBAL] var = ...
	KindBegin        // BEGIN, START TRANSACTION
	KindCommit
	KindRollback
	KindOther
)

// Lock is the row-lock strength a statement requests explicitly.
type Lock uint8

const (
	LockNone      Lock = iota
	LockShared         // FOR SHARE, LOCK IN SHARE MODE
	LockExclusive      // FOR UPDATE
)

// LockOption is what a locking read does when a row is already locked.
type LockOption uint8

const (
	LockWait       LockOption = iota // default: wait up to innodb_lock_wait_timeout
	LockNoWait                       // NOWAIT
	LockSkipLocked                   // SKIP LOCKED
	LockWaitN                        // WAIT n
)

// Op classifies how a predicate constrains a column, which decides whether
// an index on that column can be used to find the rows.
type Op uint8

const (
	OpEq          Op = iota // col = v, v = col, col <=> v, col IS NULL
	OpIn                    // col IN (v1, v2, ...) or IN (subquery)
	OpRange                 // <, <=, >, >=, BETWEEN, IS NOT NULL (no Values)
	OpLikePrefix            // col LIKE 'abc%' (constant prefix) or LIKE ? (unknown pattern)
	OpNotSargable           // !=, <>, NOT IN, NOT LIKE, LIKE '%x', function(col) op v, col op col
)

// ValueKind says where a predicate's or assignment's value comes from.
type ValueKind uint8

const (
	ValueConst    ValueKind = iota // a literal
	ValueParam                     // a placeholder bound at run time
	ValueColumn                    // another column
	ValueExpr                      // an expression (arithmetic, function, a subquery that does not depend on the row, ...)
	ValueSubquery                  // a subquery
	ValueOpaque                    // a %s/%d hole filled by fmt.Sprintf: unknown text
)

// Value is one operand of a predicate or assignment.
type Value struct {
	Kind ValueKind
	// Param is the zero-based index of the placeholder among all
	// placeholders of the statement (in text order) when Kind is ValueParam,
	// and -1 otherwise.
	Param int
	// Text is the literal's text for ValueConst (numbers and strings
	// unquoted), the column name for ValueColumn, and empty otherwise.
	Text string
}

// Pred is one comparison on one column.
type Pred struct {
	// Table is the real (unaliased) table name the column belongs to, lower
	// case, or "" when it cannot be told (unqualified column in a join).
	Table  string
	Column string // lower case
	Op     Op
	Values []Value
	// Below is set for a range whose value is an upper bound (col < v,
	// col <= v); a lower bound and BETWEEN leave it unset.
	Below bool
	// Excludes is set for col != v and col NOT IN (...): every row but
	// the values given.
	Excludes bool
}

// CondOp is the node type of a WHERE tree.
type CondOp uint8

const (
	CondPred   CondOp = iota // a single predicate (Pred set)
	CondAnd                  // all Args hold
	CondOr                   // any Arg holds
	CondOpaque               // something that constrains nothing we can name (EXISTS, 1=1, NOT (...), ...)
)

// Cond is a WHERE (or ON) condition as a tree of AND/OR over predicates.
// Nested ANDs and ORs are flattened: an AND node never has an AND child.
type Cond struct {
	Op   CondOp
	Pred *Pred
	Args []*Cond
}

// Conjuncts lists the conditions all of which c requires: the operands
// of a top-level AND (flat, as ANDs are), or c itself.
func (c *Cond) Conjuncts() []*Cond {
	if c.Op == CondAnd {
		return c.Args
	}
	return []*Cond{c}
}

// TableRef is a table a statement reads or writes.
type TableRef struct {
	Name  string // lower case, without database qualifier
	Alias string // lower case, "" if none
	// Nested is set for a table only a subquery reads (WHERE a >= (SELECT
	// ... FROM t)): the statement's own lock clause and WHERE do not
	// apply to it, the subquery's value is a run-time value to them.
	Nested bool
}

// Assignment is one `col = expr` of an UPDATE SET or ON DUPLICATE KEY UPDATE.
type Assignment struct {
	Column string // lower case
	// Relative is true when the new value is computed from the column's own
	// current value (col = col + ?, col = col - 1, col = IF(col > ?, ...)),
	// which the server evaluates atomically on the locked row.
	Relative bool
	Value    Value // ValueParam / ValueConst / ValueExpr ...
}

// DDLOp is the kind of a DDL statement.
type DDLOp uint8

const (
	DDLOther DDLOp = iota
	DDLCreateTable
	DDLAlterTable
	DDLCreateIndex
	DDLDropIndex
	DDLDropTable
	DDLRenameTable
	DDLTruncate
	DDLOptimize
)

// IndexDef is an index as a DDL statement declares it.
type IndexDef struct {
	Name    string   // lower case; "primary" for the primary key; "" if unnamed
	Columns []string // lower case, in index order (prefix lengths dropped)
	Unique  bool
	Primary bool
}

// ForeignKey is a FOREIGN KEY constraint as a DDL statement declares it:
// the columns of the child table (the statement's target) that reference
// the columns of the parent table, all lower case.
type ForeignKey struct {
	Name       string // "" if unnamed
	Columns    []string
	RefTable   string
	RefColumns []string
}

// ColumnType is one column's name (lower case) and type.
type ColumnType struct{ Name, Type string }

// Rename is one `old TO new` pair of RENAME TABLE or ALTER TABLE ... RENAME.
type Rename struct{ From, To string }

// DDL describes a DDL statement.
type DDL struct {
	Op     DDLOp
	Tables []string // the tables the statement names (lower case), first is the target
	// CREATE TABLE: the columns and indexes declared (column-level PRIMARY
	// KEY / UNIQUE included). ALTER TABLE / CREATE INDEX: indexes added.
	Columns     []string
	AddIndexes  []IndexDef
	DropIndexes []string // lower-case index names; "primary" for DROP PRIMARY KEY
	Renames     []Rename
	// AlterSpecs lists the ALTER TABLE operations in upper case, one word
	// group each, e.g. "ADD COLUMN", "DROP COLUMN", "MODIFY COLUMN",
	// "CHANGE COLUMN", "ADD INDEX", "DROP INDEX", "ADD PRIMARY KEY",
	// "ADD FOREIGN KEY", "RENAME", "ALTER COLUMN DEFAULT", "ENGINE",
	// "CONVERT TO CHARACTER SET", "OTHER". FULLTEXT indexes are "ADD
	// FULLTEXT INDEX" (also for CREATE FULLTEXT INDEX, and CREATE SPATIAL
	// INDEX is "ADD SPATIAL INDEX"): they are built without concurrent
	// writes.
	AlterSpecs []string
	Algorithm  string // upper case value of ALGORITHM=..., "" if not given
	LockClause string // upper case value of LOCK=..., "" if not given
	// WaitSeconds and NoWait are MariaDB's `WAIT n` / `NOWAIT` after the
	// table name, which bound the statement's metadata-lock wait (0 and
	// false when not given).
	WaitSeconds int
	NoWait      bool
	// IfNotExists is CREATE TABLE IF NOT EXISTS: the table may be an old
	// one with rows, not a new one.
	IfNotExists bool
	// Pinned are the columns a CHECK constraint of CREATE TABLE pins to
	// one constant (id INT CHECK (id = 0)): with the primary key pinned,
	// the table holds at most one row.
	Pinned []string
	// ModifyTypes are the base types (lower case: "varchar", "mediumblob",
	// "enum") that MODIFY or CHANGE COLUMN give their columns.
	ModifyTypes []string
	// ColumnTypes are the types CREATE TABLE, ADD COLUMN, MODIFY COLUMN
	// and CHANGE COLUMN give their columns, in order: the whole type as
	// the server compares it (base type, length, scale, UNSIGNED, values
	// of an ENUM or SET, character set and collation when stated), lower
	// case, e.g. "varchar(250)", "int(11) unsigned".
	ColumnTypes []ColumnType
	// FulltextIndexes names the FULLTEXT indexes the statement declares
	// (CREATE TABLE, ALTER TABLE ADD FULLTEXT, CREATE FULLTEXT INDEX),
	// lower case, "" for an unnamed one.
	FulltextIndexes []string
	// ColumnRenames are the columns RENAME COLUMN and CHANGE COLUMN give
	// a new name (lower case), one for each such operation; a CHANGE that
	// keeps the name is listed with From == To.
	ColumnRenames []Rename
	// ForeignKeys are the FOREIGN KEY constraints CREATE TABLE and ALTER
	// TABLE ... ADD declare (table-level ones; a REFERENCES clause in a
	// column definition is not read). DropForeignKeys are the names ALTER
	// TABLE ... DROP FOREIGN KEY gives, lower case.
	ForeignKeys     []ForeignKey
	DropForeignKeys []string
	// Partition is the RANGE or LIST partitioning CREATE TABLE ...
	// PARTITION BY declares, nil when there is none, or it is HASH or KEY,
	// or it names no single column.
	Partition *Partition
}

// Partition says which column a RANGE or LIST partitioned table's
// partitions are chosen by, which is what lets the server skip the
// partitions a WHERE clause cannot reach (partition pruning).
type Partition struct {
	Column string // lower case: the column of the expression, the first of COLUMNS (...)
	// Ranges is set when a range on Column prunes too, not only equality
	// and IN: RANGE and LIST partitioning on the column itself or on an
	// increasing function of it (YEAR, TO_DAYS, TO_SECONDS,
	// UNIX_TIMESTAMP).
	Ranges bool
}

// TableLock is one entry of LOCK TABLES.
type TableLock struct {
	Table string
	Write bool // WRITE (or LOW_PRIORITY WRITE); false for READ
	// ModeUnknown is set when the run-time text names the tables and
	// their lock types (LOCK TABLES %s): Write means nothing then.
	ModeUnknown bool
}

// Summary is the engine-neutral description of one SQL statement: enough to
// decide what it locks, without any Go or InnoDB knowledge.
type Summary struct {
	Kind Kind
	// Tables lists every table the statement touches, in text order; for
	// INSERT/UPDATE/DELETE the first is the target.
	Tables []TableRef

	Lock       Lock
	LockOption LockOption
	// ForShareSyntax is true when a shared lock was written `FOR SHARE`
	// (which MariaDB rejects) rather than `LOCK IN SHARE MODE`.
	ForShareSyntax bool

	Where *Cond // nil when there is no WHERE

	// Columns is a SELECT's result columns, in order: the lower-case column
	// name a column reference reads (an alias does not change it), "*" for
	// a wildcard, "" for an expression. Results scanned into Go values are
	// told apart by it.
	Columns []string
	// CountOnly is set for a SELECT whose only result is COUNT(...): a
	// check for rows that returns 0 rather than no row.
	CountOnly bool

	OrderBy []string // lower-case column names ("" for expressions)
	Limit   bool

	// INSERT / REPLACE
	Replace        bool
	Ignore         bool
	OnDuplicateKey bool
	InsertSelect   bool     // INSERT ... SELECT
	InsertColumns  []string // lower case, empty if not listed
	// InsertValues is the value of each InsertColumns entry for a
	// single-row VALUES list, empty otherwise.
	InsertValues []Value

	// UPDATE SET, or INSERT ... ON DUPLICATE KEY UPDATE
	Set []Assignment

	DDL *DDL // for KindDDL

	LockTables []TableLock // for KindLockTables

	// SetVars lists the lower-case variable names a SET statement assigns
	// (without @@ and SESSION/GLOBAL), e.g. "lock_wait_timeout". User
	// variables keep their @ ("@x"); SET NAMES is "names"; SET TRANSACTION
	// ISOLATION LEVEL and tx_isolation are "transaction_isolation".
	SetVars []string
	// SetValues holds the literal text of each SetVars value ("" if not constant).
	SetValues []string

	// GetLock / ReleaseLock are true when the statement calls GET_LOCK(),
	// or RELEASE_LOCK()/RELEASE_ALL_LOCKS(), anywhere.
	GetLock     bool
	ReleaseLock bool
	// GetLockNoWait is GET_LOCK(name, 0): a try-lock that fails at once
	// when the name is taken, instead of waiting.
	GetLockNoWait bool

	// Isolation is set for SET [SESSION] TRANSACTION ISOLATION LEVEL ... and
	// SET tx_isolation / transaction_isolation statements.
	Isolation Isolation

	// LockingSubqueries are the subqueries of the statement that carry a
	// lock clause of their own (WHERE a > (SELECT COALESCE((SELECT v FROM
	// t WHERE k = ? FOR UPDATE), 0))), each summarized as a statement: the
	// rows they read are locked whatever the outer statement locks. Their
	// placeholders are numbered as in the whole statement. A SELECT that
	// only wraps one subquery is that subquery, not listed here.
	LockingSubqueries []*Summary
	// DefaultsMissing is set for a locking read that COALESCE or IFNULL
	// wraps, giving a value for the row it does not find (SELECT
	// COALESCE((SELECT v FROM t WHERE k = ? FOR UPDATE), 0)): like a test
	// for sql.ErrNoRows, it says the key may be absent.
	DefaultsMissing bool

	Params int // number of placeholders
	// ParamNames holds, per placeholder in text order, the name of a named
	// placeholder (:name or @name, lower case) and "" for ? and $n.
	ParamNames []string

	// Offset is the byte offset of the statement in the text it was parsed
	// from; Line is its 1-based line there.
	Offset int
	Line   int
}

// Isolation is a transaction isolation level.
type Isolation uint8

const (
	IsolationUnknown Isolation = iota
	ReadUncommitted
	ReadCommitted
	RepeatableRead
	Serializable
)

// SQL is the level as SQL writes it (SET TRANSACTION ISOLATION LEVEL
// ...); an unknown level is the server default, REPEATABLE READ.
func (l Isolation) SQL() string {
	switch l {
	case ReadUncommitted:
		return "READ UNCOMMITTED"
	case ReadCommitted:
		return "READ COMMITTED"
	case Serializable:
		return "SERIALIZABLE"
	}
	return "REPEATABLE READ"
}
