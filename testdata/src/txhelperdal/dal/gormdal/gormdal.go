// Package gormdal implements package dal on GORM, for MySQL and
// PostgreSQL.
package gormdal

import (
	"fmt"

	"gorm.io/gorm"

	"txhelperdal/dal"
)

// Store is a dal.Dal on a GORM handle: the pool, or a transaction.
type Store struct {
	db      *gorm.DB
	dialect string
}

// New returns the store on the pool.
func New(db *gorm.DB, dialect string) *Store { return &Store{db: db, dialect: dialect} }

func (s *Store) Exec(query string, args ...any) error {
	return s.db.Exec(query, args...).Error
}

func (s *Store) Begin() dal.Tx {
	return &Tx{Store: New(s.db.Begin(), s.dialect)}
}

// Tx is a dal.Tx on a GORM transaction.
type Tx struct {
	*Store
}

func (t *Tx) Commit() error   { return t.db.Commit().Error }
func (t *Tx) Rollback() error { return t.db.Rollback().Error }

// LockTables locks every table in one statement where the server can
// (a second LOCK TABLES would release the first's locks).
func (t *Tx) LockTables(locks []dal.Lock) error {
	switch t.dialect {
	case "mysql":
		list := ""
		for _, l := range locks {
			if list != "" {
				list += ", "
			}
			list += l.Table
			if l.Write {
				list += " WRITE"
			} else {
				list += " READ"
			}
		}
		return t.Exec(fmt.Sprintf("LOCK TABLES %s", list))
	case "postgres":
		for _, l := range locks {
			mode := "SHARE"
			if l.Write {
				mode = "EXCLUSIVE"
			}
			if err := t.Exec(fmt.Sprintf("LOCK TABLE %s IN %s MODE", l.Table, mode)); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unknown dialect %s", t.dialect)
}

func (t *Tx) UnlockTables() error {
	if t.dialect == "mysql" {
		return t.Exec("UNLOCK TABLES")
	}
	return nil
}
