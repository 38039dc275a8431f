package migration

import (
	"fmt"

	"xorm.io/xorm"
	"xorm.io/xorm/schemas"
)

// renameColumn renames a column in the dialect of the session's engine.
func renameColumn(sess *xorm.Session, table, from, to string) error {
	dialect := sess.Engine().Dialect().URI().DBType
	switch dialect {
	case schemas.MYSQL:
		_, err := sess.Exec(fmt.Sprintf("ALTER TABLE `%s` RENAME COLUMN `%s` TO `%s`", table, from, to))
		return err
	case schemas.POSTGRES, schemas.SQLITE:
		_, err := sess.Exec(fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", table, from, to))
		return err
	default:
		return fmt.Errorf("unsupported dialect %s", dialect)
	}
}

// setColumnDefault changes a column's default value.
func setColumnDefault(sess *xorm.Session, table, column, value string) error {
	if sess.Engine().Dialect().URI().DBType == schemas.SQLITE {
		return nil // the next Sync rebuilds the table
	}
	_, err := sess.Exec(fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s", table, column, value))
	return err
}

// WidenTitles is for operators, who run it on a session they prepared
// (a short lock_wait_timeout first): no step calls it.
func WidenTitles(sess *xorm.Session) error {
	_, err := sess.Exec("ALTER TABLE builds MODIFY title VARCHAR(500)")
	return err
}

// resetSources is a package-level function value taking a session its
// caller owns: like any helper, its DDL is its callers'.
var resetSources = func(sess *xorm.Session) error {
	_, err := sess.Exec("ALTER TABLE builds DROP COLUMN source")
	return err
}

// purgeEvent is a package-level function value on the engine: every
// statement autocommits.
var purgeEvent = func(engine *xorm.Engine, event string) error {
	_, err := engine.Exec("DELETE FROM builds WHERE event = ?", event) // want `unindexed-lock: DELETE on builds can use no index`
	return err
}
