// Package xorm is a stub of xorm.io/xorm v1.3 for locklint's tests: the
// signatures of the API locklint reads, with empty bodies.
package xorm

import (
	"context"

	"xorm.io/xorm/names"
	"xorm.io/xorm/schemas"
)

// Dialect is the engine's SQL dialect.
type Dialect interface {
	URI() *schemas.URI
}

// Engine is the pool: every statement on it autocommits.
type Engine struct{}

// Session is a statement builder and, after Begin, a transaction.
type Session struct{}

// SyncOptions say what SyncWithOptions leaves alone.
type SyncOptions struct {
	WarnIfDatabaseColumnMissed bool
	IgnoreConstrains           bool
	IgnoreIndices              bool
	IgnoreDropIndices          bool
}

// SyncResult is what SyncWithOptions did.
type SyncResult struct{}

// NewEngine opens an engine.
func NewEngine(driverName, dataSourceName string) (*Engine, error) { return &Engine{}, nil }

func (engine *Engine) SetMapper(mapper names.Mapper)   {}
func (engine *Engine) NewSession() *Session            { return &Session{} }
func (engine *Engine) Dialect() Dialect                { return nil }
func (engine *Engine) Sync(beans ...interface{}) error { return nil }
func (engine *Engine) SyncWithOptions(opts SyncOptions, beans ...interface{}) (*SyncResult, error) {
	return nil, nil
}
func (engine *Engine) Transaction(f func(*Session) (interface{}, error)) (interface{}, error) {
	return nil, nil
}
func (engine *Engine) Context(ctx context.Context) *Session                    { return &Session{} }
func (engine *Engine) Where(query interface{}, args ...interface{}) *Session   { return &Session{} }
func (engine *Engine) ID(id interface{}) *Session                              { return &Session{} }
func (engine *Engine) In(column string, args ...interface{}) *Session          { return &Session{} }
func (engine *Engine) Table(tableNameOrBean interface{}) *Session              { return &Session{} }
func (engine *Engine) Get(beans ...interface{}) (bool, error)                  { return false, nil }
func (engine *Engine) Find(beans interface{}, condiBeans ...interface{}) error { return nil }
func (engine *Engine) Insert(beans ...interface{}) (int64, error)              { return 0, nil }
func (engine *Engine) Exec(sqlOrArgs ...interface{}) (interface{}, error)      { return nil, nil }
func (engine *Engine) Delete(beans ...interface{}) (int64, error)              { return 0, nil }

func (session *Session) Begin() error                    { return nil }
func (session *Session) Engine() *Engine                 { return &Engine{} }
func (session *Session) Sync(beans ...interface{}) error { return nil }
func (session *Session) SyncWithOptions(opts SyncOptions, beans ...interface{}) (*SyncResult, error) {
	return nil, nil
}
func (session *Session) Commit() error                                           { return nil }
func (session *Session) Rollback() error                                         { return nil }
func (session *Session) Close() error                                            { return nil }
func (session *Session) Context(ctx context.Context) *Session                    { return session }
func (session *Session) Unscoped() *Session                                      { return session }
func (session *Session) ForUpdate() *Session                                     { return session }
func (session *Session) Where(query interface{}, args ...interface{}) *Session   { return session }
func (session *Session) And(query interface{}, args ...interface{}) *Session     { return session }
func (session *Session) Or(query interface{}, args ...interface{}) *Session      { return session }
func (session *Session) In(column string, args ...interface{}) *Session          { return session }
func (session *Session) ID(id interface{}) *Session                              { return session }
func (session *Session) Cols(columns ...string) *Session                         { return session }
func (session *Session) MustCols(columns ...string) *Session                     { return session }
func (session *Session) OrderBy(order interface{}, args ...interface{}) *Session { return session }
func (session *Session) Asc(colNames ...string) *Session                         { return session }
func (session *Session) Desc(colNames ...string) *Session                        { return session }
func (session *Session) Limit(limit int, start ...int) *Session                  { return session }
func (session *Session) Table(tableNameOrBean interface{}) *Session              { return session }
func (session *Session) SQL(query interface{}, args ...interface{}) *Session     { return session }
func (session *Session) Join(joinOperator string, tablename interface{}, condition interface{}, args ...interface{}) *Session {
	return session
}
func (session *Session) Get(beans ...interface{}) (bool, error)                        { return false, nil }
func (session *Session) Exist(bean ...interface{}) (bool, error)                       { return false, nil }
func (session *Session) Find(rowsSlicePtr interface{}, condiBean ...interface{}) error { return nil }
func (session *Session) Count(bean ...interface{}) (int64, error)                      { return 0, nil }
func (session *Session) Iterate(bean interface{}, fun func(idx int, bean interface{}) error) error {
	return nil
}
func (session *Session) Insert(beans ...interface{}) (int64, error) { return 0, nil }
func (session *Session) InsertOne(bean interface{}) (int64, error)  { return 0, nil }
func (session *Session) Update(bean interface{}, condiBean ...interface{}) (int64, error) {
	return 0, nil
}
func (session *Session) Delete(beans ...interface{}) (int64, error)         { return 0, nil }
func (session *Session) Exec(sqlOrArgs ...interface{}) (interface{}, error) { return nil, nil }
func (session *Session) QueryString(sqlOrArgs ...interface{}) ([]map[string]string, error) {
	return nil, nil
}
