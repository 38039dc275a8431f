package extract

import (
	"go/ast"
	"go/types"
)

// GORM (gorm.io/gorm, and v1, github.com/jinzhu/gorm) builds a statement
// from a chain of calls on *gorm.DB: db.Model(&Account{}).Where("id = ?",
// id).Clauses(clause.Locking{Strength: "UPDATE"}).First(&a). Nothing is
// sent until a finisher (First, Find, Update, ...) runs. The extractor
// follows the chain back from each finisher, through the receivers and
// through local variables, writes the SQL GORM would send, and lets
// sqltext summarize it as it does hand-written SQL: every rule then works
// the same for GORM code.

// gormOp is what a GORM method does to a statement.
type gormOp uint8

const (
	gormOther     gormOp = iota // no SQL of its own (Get, AddError, Migrator, ...)
	gormBuilds                  // adds to the statement and returns the builder
	gormFinish                  // sends the statement
	gormBegin                   // Begin, BeginTx
	gormCommit                  // Commit
	gormRollback                // Rollback, RollbackUnlessCommitted (v1)
	gormTxFunc                  // Transaction(func(tx) error)
	gormConnFunc                // Connection(func(tx) error): one session
	gormSavepoint               // SavePoint, RollbackTo: inside the transaction
)

// gormChainMethods return a builder carrying what the receiver had, plus
// their own part. Session, WithContext and Debug change nothing in the
// SQL but keep the receiver's transaction.
var gormChainMethods = map[string]bool{
	"Model": true, "Clauses": true, "Table": true, "Distinct": true, "Select": true,
	"Omit": true, "MapColumns": true, "Where": true, "Not": true, "Or": true,
	"Joins": true, "InnerJoins": true, "Group": true, "Having": true, "Order": true,
	"Limit": true, "Offset": true, "Scopes": true, "Preload": true, "Attrs": true,
	"Assign": true, "Unscoped": true, "Raw": true, "Session": true, "WithContext": true,
	"Debug": true, "Set": true, "InstanceSet": true, "InstantSet": true, "New": true,
	"LogMode": true, "BlockGlobalUpdate": true,
}

// gormFinishers send SQL.
var gormFinishers = map[string]bool{
	"Create": true, "CreateInBatches": true, "Save": true, "First": true, "Take": true,
	"Last": true, "Find": true, "FindInBatches": true, "FirstOrInit": true,
	"FirstOrCreate": true, "Update": true, "Updates": true, "UpdateColumn": true,
	"UpdateColumns": true, "Delete": true, "Count": true, "Row": true, "Rows": true,
	"Scan": true, "Pluck": true, "Exec": true, "Related": true,
}

// gormMethod classifies fn when it is a method of GORM's builder: *gorm.DB
// (v2 or v1), or an interface of v2's generics API (gorm.G[T]). v1 tells
// the version, generic the generics API.
func gormMethod(fn *types.Func) (op gormOp, v1, generic, ok bool) {
	if fn == nil || fn.Pkg() == nil {
		return 0, false, false, false
	}
	pkg := fn.Pkg().Path()
	if pkg != gormPath && pkg != pkgGORMv1 {
		return 0, false, false, false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return 0, false, false, false
	}
	v1 = pkg == pkgGORMv1
	_, recv := named(sig.Recv().Type())
	switch {
	case recv == "DB":
	case !v1 && types.IsInterface(sig.Recv().Type()) && gormGenericIfaces[recv]:
		generic = true
	default:
		return 0, false, false, false
	}
	name := fn.Name()
	switch {
	case generic && gormGenericFinishers[name]:
		return gormFinish, v1, generic, true
	case generic && name == "Raw":
		return gormBuilds, v1, generic, true
	case generic:
		if res := sig.Results(); res.Len() == 1 {
			if _, iface := named(res.At(0).Type()); gormGenericIfaces[iface] {
				return gormBuilds, v1, generic, true
			}
		}
		return gormOther, v1, generic, true
	case gormFinishers[name]:
		return gormFinish, v1, generic, true
	case gormChainMethods[name]:
		return gormBuilds, v1, generic, true
	case name == "Begin" || name == "BeginTx":
		return gormBegin, v1, generic, true
	case name == "Commit":
		return gormCommit, v1, generic, true
	case name == "Rollback" || name == "RollbackUnlessCommitted":
		return gormRollback, v1, generic, true
	case name == "Transaction":
		return gormTxFunc, v1, generic, true
	case name == "Connection":
		return gormConnFunc, v1, generic, true
	case name == "SavePoint" || name == "RollbackTo":
		return gormSavepoint, v1, generic, true
	}
	return gormOther, v1, generic, true
}

// gormGenericIfaces are the builder interfaces of gorm.G[T].
var gormGenericIfaces = map[string]bool{
	"Interface": true, "CreateInterface": true, "ChainInterface": true, "ExecInterface": true,
	"SetUpdateOnlyInterface": true, "SetCreateOrUpdateInterface": true,
}

// gormGenericFinishers are the methods of gorm.G[T]'s interfaces that send
// SQL; they take the context as their first argument.
var gormGenericFinishers = map[string]bool{
	"First": true, "Last": true, "Take": true, "Find": true, "FindInBatches": true,
	"Scan": true, "Row": true, "Rows": true, "Delete": true, "Update": true,
	"Updates": true, "Count": true, "Create": true, "CreateInBatches": true, "Exec": true,
}

// isGORMFunc reports whether call calls the package-level function name
// of GORM v2 (v1 too when v1ok).
func isGORMFunc(info *types.Info, call *ast.CallExpr, name string, v1ok bool) bool {
	return isFunc(info, call, gormPath, name) || v1ok && isFunc(info, call, pkgGORMv1, name)
}

// recognizeGORM claims every call of GORM's builder. Finishers become
// sites, Begin/Commit/Rollback become events; the rest (chain methods,
// Transaction, SavePoint) is read from the finishers and the callbacks.
// Calls of other GORM functions (gorm.Open, gorm.G, gorm.Expr) are claimed
// too: they are not helpers whose facts could say anything.
func recognizeGORM(c *call) bool {
	if c.fn == nil || c.fn.Pkg() == nil {
		return false
	}
	if p := c.fn.Pkg().Path(); p != gormPath && p != pkgGORMv1 {
		return false
	}
	op, v1, generic, ok := gormMethod(c.fn)
	if !ok {
		return true // gorm.Open, gorm.G, gorm.Expr, ...
	}
	switch op {
	case gormFinish:
		gormSite(c, v1, generic)
	case gormBegin:
		gormBeginEvent(c, v1)
	case gormCommit, gormRollback:
		gormEndEvent(c, op, v1)
	}
	return true
}

// gormFramework is the Framework of a GORM version.
func gormFramework(v1 bool) Framework {
	if v1 {
		return GORMv1
	}
	return GORM
}
