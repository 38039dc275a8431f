// Package xormpostgres talks to PostgreSQL through xorm: its statements
// are not judged by InnoDB's rules.
package xormpostgres

import "xorm.io/xorm"

// Job is a queue entry.
type Job struct {
	Id    int64  `xorm:"pk autoincr"`
	State string `xorm:"varchar(16)"`
}

// Open opens the engine on PostgreSQL.
func Open(dsn string) (*xorm.Engine, error) { return xorm.NewEngine("postgres", dsn) }

// Claim locks queued jobs by an unindexed column: on PostgreSQL, not
// locklint's business.
func Claim(engine *xorm.Engine) error {
	_, err := engine.Transaction(func(sess *xorm.Session) (interface{}, error) {
		var jobs []Job
		return nil, sess.Where("state = ?", "queued").ForUpdate().Find(&jobs)
	})
	return err
}
