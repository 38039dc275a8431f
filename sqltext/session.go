package sqltext

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	driver "github.com/pingcap/tidb/pkg/parser/test_driver"
)

func (b *builder) lockTables(st *ast.LockTablesStmt) {
	s := b.s
	s.Kind = KindLockTables
	for _, tl := range st.TableLocks {
		name := tableName(tl.Table)
		s.LockTables = append(s.LockTables, TableLock{
			Table:       name,
			Write:       tl.Type == ast.TableLockWrite || tl.Type == ast.TableLockWriteLocal,
			ModeUnknown: b.unknown && name == "",
		})
		s.Tables = append(s.Tables, TableRef{Name: name})
	}
}

// flush recognizes the two FLUSH TABLES forms that hold locks until
// UNLOCK TABLES: WITH READ LOCK (every table, server-wide) and t FOR EXPORT
// (which the normalizer blanked, as TiDB lacks it).
func (b *builder) flush(st *ast.FlushStmt) {
	s := b.s
	s.Kind = KindOther
	if st.Tp != ast.FlushTables || !st.ReadLock && !b.inRange(b.n.exports) {
		return
	}
	s.Kind = KindFlushTables
	for _, t := range st.Tables {
		s.Tables = append(s.Tables, TableRef{Name: tableName(t)})
	}
}

// set summarizes SET statements. TiDB turns SET [SESSION|GLOBAL]
// TRANSACTION ISOLATION LEVEL into an assignment of tx_isolation (or of
// tx_isolation_one_shot, for the next transaction only).
func (b *builder) set(st *ast.SetStmt) {
	s := b.s
	s.Kind = KindSet
	for _, v := range st.Variables {
		var name string
		switch v.Name {
		case ast.SetNames:
			name = "names"
		case ast.SetCharset:
			name = "character_set"
		default:
			name = strings.ToLower(v.Name)
			switch name {
			case "tx_isolation", "tx_isolation_one_shot":
				name = "transaction_isolation"
			case "tx_read_only":
				name = "transaction_read_only"
			}
			if !v.IsSystem {
				name = "@" + name // a user variable, not the server's
			}
		}
		value := setValue(v.Value)
		s.SetVars = append(s.SetVars, name)
		s.SetValues = append(s.SetValues, value)
		if name == "transaction_isolation" && !v.IsGlobal {
			// GLOBAL only applies to sessions opened later.
			s.Isolation = isolation(value)
		}
	}
}

// setValue is the literal text of a SET value: strings unquoted, bare
// words (ON, OFF, READ-COMMITTED is a string) as written.
func setValue(e ast.ExprNode) string {
	switch e := unparen(e).(type) {
	case *driver.ValueExpr:
		return constText(e)
	case *ast.ColumnNameExpr:
		return e.Name.Name.O
	case *ast.DefaultExpr:
		return "DEFAULT"
	case *ast.UnaryOperationExpr:
		t, _ := signedConst(e)
		return t
	}
	return ""
}

func isolation(v string) Isolation {
	v = strings.NewReplacer(" ", "-", "_", "-").Replace(strings.ToUpper(strings.TrimSpace(v)))
	switch v {
	case "READ-UNCOMMITTED":
		return ReadUncommitted
	case "READ-COMMITTED":
		return ReadCommitted
	case "REPEATABLE-READ":
		return RepeatableRead
	case "SERIALIZABLE":
		return Serializable
	}
	return IsolationUnknown
}
