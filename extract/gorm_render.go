package extract

import (
	"go/ast"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// The statement is written the way GORM's MySQL dialect writes it, clause
// by clause, so that sqltext reads it like hand-written SQL. One part is
// left out on purpose: the `deleted_at IS NULL` GORM adds for models with
// gorm.DeletedAt. It matches nearly every row, so an index on deleted_at
// narrows nothing InnoDB locks; keeping it would hide an unindexed lock
// behind a useless index.

// tableSQL is the statement's table: Table()'s text, the model's table,
// or sqltext.Hole when unknown.
func (q *gormQuery) tableSQL() string {
	if q.tableSet {
		if strings.TrimSpace(q.table) == "" {
			return sqltext.Hole
		}
		return q.table
	}
	if gm := q.model(); gm != nil && gm.table != "" {
		parts := strings.Split(gm.table, ".")
		for i, p := range parts {
			parts[i] = "`" + p + "`"
		}
		return strings.Join(parts, ".")
	}
	return sqltext.Hole
}

// where writes the WHERE conditions as GORM joins them: AND, or OR for
// db.Or, in order, relying on SQL's precedence as GORM does.
func (q *gormQuery) where() (string, []ast.Expr) {
	var b strings.Builder
	var args []ast.Expr
	for i, cd := range q.conds {
		if i > 0 {
			if cd.or {
				b.WriteString(" OR ")
			} else {
				b.WriteString(" AND ")
			}
		}
		b.WriteString(cd.text)
		args = append(args, nonNil(cd.args)...)
	}
	return b.String(), args
}

// whereClause is " WHERE ..." or "". A condition locklint could not read
// is written as sqltext.Hole ANDed to the rest: sqltext reads it as a
// condition that might make an index usable, so a partial WHERE is never
// called unindexed.
func (q *gormQuery) whereClause() (string, []ast.Expr) {
	w, args := q.where()
	if q.partial {
		if w == "" {
			w = sqltext.Hole
		} else {
			w = "(" + w + ") AND " + sqltext.Hole
		}
	}
	if w == "" {
		return "", nil
	}
	return " WHERE " + w, args
}

func nonNil(es []ast.Expr) []ast.Expr {
	var out []ast.Expr
	for _, e := range es {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

// selectStmt writes the SELECT the chain describes, in GORM's clause
// order: SELECT FROM JOIN WHERE GROUP BY HAVING ORDER BY LIMIT FOR.
func (q *gormQuery) selectStmt() gormStmt {
	var b strings.Builder
	var args []ast.Expr
	b.WriteString("SELECT ")
	if q.distinct {
		b.WriteString("DISTINCT ")
	}
	if q.sel != "" {
		b.WriteString(q.sel)
	} else {
		b.WriteString("*")
	}
	b.WriteString(" FROM " + q.tableSQL())
	for _, j := range q.joins {
		b.WriteString(" " + j.text)
		args = append(args, nonNil(j.args)...)
	}
	w, wargs := q.whereClause()
	b.WriteString(w)
	args = append(args, wargs...)
	if q.group != "" {
		b.WriteString(" GROUP BY " + q.group)
	}
	for i, h := range q.having {
		if i == 0 {
			b.WriteString(" HAVING ")
		} else {
			b.WriteString(" AND ")
		}
		b.WriteString(h.text)
		args = append(args, nonNil(h.args)...)
	}
	if len(q.order) > 0 {
		b.WriteString(" ORDER BY " + strings.Join(q.order, ", "))
	}
	if q.limit != nil {
		b.WriteString(" " + q.limit.text)
		args = append(args, nonNil(q.limit.args)...)
	}
	if q.lock != "" {
		b.WriteString(" " + q.lock)
	}
	return gormStmt{text: b.String(), args: args, query: true}
}

// updateStmt writes UPDATE ... SET sets WHERE ..., with the model value's
// primary key when it has one set (Model(&acc).Update(...)).
func (q *gormQuery) updateStmt(sets []gormCond) gormStmt {
	q.modelKey()
	var b strings.Builder
	var args []ast.Expr
	b.WriteString("UPDATE " + q.tableSQL() + " SET ")
	for i, s := range sets {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s.text)
		args = append(args, nonNil(s.args)...)
	}
	w, wargs := q.whereClause()
	b.WriteString(w)
	args = append(args, wargs...)
	return gormStmt{text: b.String(), args: args}
}

// deleteStmt writes DELETE, or for a model with gorm.DeletedAt the UPDATE
// GORM sends instead (unless Unscoped).
func (q *gormQuery) deleteStmt() gormStmt {
	if gm := q.model(); gm != nil && gm.m != nil && gm.m.SoftDelete != "" && !q.unscoped {
		// GORM binds the current time, no Go value of the caller's: it is
		// written as CURRENT_TIMESTAMP so that the placeholders left are
		// exactly the WHERE's, each bound to its own argument.
		return q.updateStmt([]gormCond{{text: quoteColumn(gm.m.SoftDelete) + " = CURRENT_TIMESTAMP"}})
	}
	q.modelKey()
	w, args := q.whereClause()
	return gormStmt{text: "DELETE FROM " + q.tableSQL() + w, args: args}
}

// modelKey adds the primary-key condition of the model value, unless the
// value is known to have none set.
func (q *gormQuery) modelKey() {
	if q.modelArg != nil && !q.pkZero(q.modelArg) {
		q.pkFrom(q.modelArg)
		q.modelArg = nil
	}
}

// insertStmt writes INSERT INTO t (the literal's columns) VALUES (...).
func (q *gormQuery) insertStmt(v ast.Expr) gormStmt {
	var cols []string
	var args []ast.Expr
	if lit := compositeOf(q.c, v); lit != nil {
		if gm := q.c.gormModelOf(q.c.info.TypeOf(lit), q.v1); gm != nil {
			for _, elt := range lit.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					if key, ok := kv.Key.(*ast.Ident); ok {
						if col := gm.column(key.Name); col != "" {
							cols = append(cols, quoteColumn(col))
							args = append(args, kv.Value)
						}
					}
				}
			}
		}
	}
	text := "INSERT INTO " + q.tableSQL()
	if len(cols) > 0 {
		text += " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	} else {
		text += " VALUES " + sqltext.Hole
		args = nil
	}
	if q.onConflict {
		if pk := q.model().pk(); pk != "" {
			text += " ON DUPLICATE KEY UPDATE " + quoteColumn(pk) + " = " + quoteColumn(pk)
		} else {
			text += " ON DUPLICATE KEY UPDATE " + sqltext.Hole + " = 1"
		}
	}
	return gormStmt{text: text, args: args}
}
