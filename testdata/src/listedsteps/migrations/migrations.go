// Package migrations upgrades the schema with a runner of its own: a
// slice of steps, each a version, a description and a function, applied
// in the slice's order, each once.
package migrations

import (
	"context"

	"xorm.io/xorm"
)

// Migration is one step of the package's own runner.
type Migration interface {
	Version() string
	Migrate(ctx context.Context, x *xorm.Engine) error
}

type migration struct {
	version string
	desc    string
	fn      func(ctx context.Context, x *xorm.Engine) error
}

func (m *migration) Version() string { return m.version }

func (m *migration) Migrate(ctx context.Context, x *xorm.Engine) error { return m.fn(ctx, x) }

// NewMigration makes a step.
func NewMigration(version, desc string, fn func(ctx context.Context, x *xorm.Engine) error) Migration {
	return &migration{version: version, desc: desc, fn: fn}
}

var noop = func(context.Context, *xorm.Engine) error { return nil }

var migrations = []Migration{
	NewMigration("v0.1.0", "first version, nothing to do", noop),
	NewMigration("v0.2.0", "add members", addMembers),
	NewMigration("v0.3.0", "add member bio", addMemberBio),
	NewMigration("v0.4.0", "add teams", addTeams),
}

// Migrate applies the steps a database has not had, in order.
func Migrate(ctx context.Context, x *xorm.Engine, from int) error {
	for _, m := range migrations[from:] {
		if err := m.Migrate(ctx, x); err != nil {
			return err
		}
	}
	return nil
}

// addMembers creates the members table: no earlier step made it.
func addMembers(ctx context.Context, x *xorm.Engine) error {
	type Member struct {
		ID   int64  `xorm:"pk autoincr 'id'"`
		Name string `xorm:"'name'"`
	}
	return x.Context(ctx).Sync(new(Member))
}

// addMemberBio syncs a bean of the one column it adds to a table the
// step v0.2.0 made: on every database from before it, an ALTER TABLE.
func addMemberBio(ctx context.Context, x *xorm.Engine) error {
	type Member struct {
		Bio string `xorm:"'bio'"`
	}
	return x.Context(ctx).Sync(new(Member)) // want `ddl-lock: Sync \(xorm\) in the migration step addMemberBio \(v0\.3\.0\) runs once, at the deploy that brings a database past that step, while instances of the old version may still serve: on a database where the earlier step addMembers \(v0\.2\.0\) already made member`
}

// addTeams creates a table of its own.
func addTeams(ctx context.Context, x *xorm.Engine) error {
	type Team struct {
		ID   int64  `xorm:"pk autoincr 'id'"`
		Name string `xorm:"'name'"`
	}
	return x.Context(ctx).Sync(new(Team))
}

// hooks is a slice of calls that each name two functions of the
// package: no list of steps, and the Sync in renameTeams stays silent.
var hooks = []func() error{
	pair(addMembers, renameTeams),
	pair(addTeams, renameTeams),
}

func pair(a, b func(context.Context, *xorm.Engine) error) func() error { return nil }

func renameTeams(ctx context.Context, x *xorm.Engine) error {
	type Team struct {
		Title string `xorm:"'title'"`
	}
	return x.Context(ctx).Sync(new(Team))
}
