// Package store hides GORM and database/sql behind the project's own
// types: an interface with one implementation, and plain helpers.
package store

import (
	"context"
	"database/sql"

	"gorm.io/gorm"
)

// Client is what the rest of the program sees of the database.
type Client interface {
	ExecWithError(query string, args ...interface{}) error
	Dialect() gorm.Dialector
	AutoMigrate(values ...interface{}) error
	Begin() Client
}

type gormClient struct{ db *gorm.DB }

// NewClient wraps a pool.
func NewClient(db *gorm.DB) Client { return &gormClient{db: db} }

// ExecWithError passes its caller's statement on to the pool.
func (c *gormClient) ExecWithError(query string, args ...interface{}) error {
	return c.db.Exec(query, args...).Error
}

// Dialect says which server the pool talks to.
func (c *gormClient) Dialect() gorm.Dialector { return c.db.Dialector }

// AutoMigrate passes the caller's models on.
func (c *gormClient) AutoMigrate(values ...interface{}) error {
	return c.db.AutoMigrate(values...)
}

// Begin starts a transaction on the client's handle.
func (c *gormClient) Begin() Client {
	var tx gormClient
	tx.db = c.db.Begin()
	return &tx
}

// Store holds the client the steps use.
type Store struct {
	Client Client
	Pool   *sql.DB
}

// Open opens the store on the pool.
func Open(dsn string, d gorm.Dialector) (*Store, error) {
	if dsn == "" {
		return &Store{}, nil
	}
	gdb, err := gorm.Open(d)
	if err != nil {
		return nil, err
	}
	pool, err := sql.Open("mysql", dsn)
	if err != nil {
		return nil, err
	}
	return &Store{Client: NewClient(gdb), Pool: pool}, nil
}

// RunOn sends a statement on one connection the caller holds.
func RunOn(ctx context.Context, conn *sql.Conn, stmt string) error {
	_, err := conn.ExecContext(ctx, stmt)
	return err
}

// RunOnPool sends a statement on the pool.
func RunOnPool(ctx context.Context, db *sql.DB, stmt string) error {
	_, err := db.ExecContext(ctx, stmt)
	return err
}
