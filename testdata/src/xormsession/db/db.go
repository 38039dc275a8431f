// Package db owns the engine and hands out sessions that have already
// begun their transaction, as some xorm services do.
package db

import (
	"log"

	"xorm.io/xorm"
)

var x *xorm.Engine

// NewSession begins a transaction on a new session. The caller commits
// it, or closes the session, which rolls an uncommitted one back.
func NewSession() *xorm.Session {
	s := x.NewSession()
	if err := s.Begin(); err != nil {
		log.Fatalf("begin: %v", err)
	}
	return s
}
