// Package gormdal implements package dal on GORM.
package gormdal

import (
	"database/sql"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"clausedal/dal"
)

// Store is a dal.Store on a GORM handle: the pool, or a transaction.
type Store struct {
	db *gorm.DB
}

// New returns the store on the pool.
func New(db *gorm.DB) *Store { return &Store{db} }

// apply adds the clauses to the builder, kind by kind.
func apply(db *gorm.DB, cs []dal.Clause) *gorm.DB {
	for _, c := range cs {
		kind := c.Kind
		data := c.Data
		switch kind {
		case dal.KindFilter:
			db = db.Where(data.(dal.Cond).SQL, data.(dal.Cond).Args...)
		case dal.KindTable:
			switch t := data.(type) {
			case string:
				db = db.Table(t)
			default:
				db = db.Model(t)
			}
		case dal.KindSort:
			db = db.Order(data.(string))
		case dal.KindLock:
			strength := "SHARE"
			if data.(bool) {
				strength = "UPDATE"
			}
			db = db.Clauses(clause.Locking{Strength: strength})
		}
	}
	return db
}

// withTable names the model's table unless a clause does.
func withTable(model *any, cs *[]dal.Clause) {
	for _, c := range *cs {
		if c.Kind == dal.KindTable {
			return
		}
	}
	*cs = append(*cs, dal.Table(*model))
}

func (s *Store) Get(dst any, cs ...dal.Clause) error {
	return apply(s.db, cs).First(dst).Error
}

func (s *Store) Remove(model any, cs ...dal.Clause) error {
	return apply(s.db, cs).Delete(model).Error
}

func (s *Store) Set(model any, column string, value any, cs ...dal.Clause) error {
	withTable(&model, &cs)
	return apply(s.db, cs).Update(column, value).Error
}

func (s *Store) Insert(value any) error {
	return s.db.Create(value).Error
}

func (s *Store) Query(query string, args ...any) (*sql.Rows, error) {
	return s.db.Raw(query, args...).Rows()
}

func (s *Store) Begin() dal.Tx {
	return &Tx{Store: New(s.db.Begin())}
}

// Tx is a dal.Tx on a GORM transaction.
type Tx struct {
	*Store
}

func (t *Tx) Commit() error   { return t.db.Commit().Error }
func (t *Tx) Rollback() error { return t.db.Rollback().Error }
