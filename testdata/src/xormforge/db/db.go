// Package db owns the forge's engine and its naming.
package db

import (
	"context"

	"xorm.io/xorm"
	"xorm.io/xorm/names"
)

var x *xorm.Engine

// Init opens the engine with the naming every model package relies on.
func Init(driver, dsn string) error {
	engine, err := xorm.NewEngine(driver, dsn)
	if err != nil {
		return err
	}
	engine.SetMapper(names.GonicMapper{})
	x = engine
	return nil
}

// WithTx runs fn in one transaction.
func WithTx(ctx context.Context, fn func(sess *xorm.Session) error) error {
	_, err := x.Transaction(func(sess *xorm.Session) (interface{}, error) {
		return nil, fn(sess.Context(ctx))
	})
	return err
}
