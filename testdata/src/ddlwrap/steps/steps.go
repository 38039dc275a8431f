// Package steps holds numbered schema migrations, run one after the
// other when an instance starts while the others keep serving.
package steps

import (
	"context"
	"fmt"
	"testing"

	"ddlwrap/store"
)

// removeIndex drops an index by name; PostgreSQL spells it differently.
func removeIndex(s *store.Store, index, table string) {
	if s.Client.Dialect().Name() == "mysql" {
		_ = s.Client.ExecWithError(fmt.Sprintf("DROP INDEX %s ON %s", index, table))
	} else {
		_ = s.Client.ExecWithError(fmt.Sprintf("DROP INDEX IF EXISTS %s", index))
	}
}

// Migration is one numbered step.
type Migration interface {
	Version() int
	Run(s *store.Store) error
}

// Step4 rebuilds the unique index of routes.
type Step4 struct{}

func (v *Step4) Version() int { return 4 }

func (v *Step4) Run(s *store.Store) error {
	removeIndex(s, "idx_route", "routes") // want `ddl-lock: DROP INDEX on routes \(run by .*\) needs an exclusive metadata lock on routes.*It runs on the pool.*The function changes routes once more the same way`
	var create string
	if s.Client.Dialect().Name() == "mysql" {
		create = "CREATE UNIQUE INDEX idx_route ON routes (host(191), port)"
	} else {
		create = "CREATE UNIQUE INDEX idx_route ON routes (host, port)"
	}
	return s.Client.ExecWithError(create) // the same wait on routes again: a related position of the DROP INDEX above
}

// Step5 changes a column; only the MySQL branch is MySQL's statement.
type Step5 struct{}

func (v *Step5) Version() int { return 5 }

func (v *Step5) Run(s *store.Store) error {
	if s.Client.Dialect().Name() == "mysql" {
		if err := s.Client.ExecWithError("ALTER TABLE routes MODIFY COLUMN owner varchar(255) DEFAULT NULL"); err != nil { // want `ddl-lock: ALTER TABLE routes \(run by .*\) needs an exclusive metadata lock on routes`
			return err
		}
	} else {
		if err := s.Client.ExecWithError("ALTER TABLE routes ALTER COLUMN owner SET DEFAULT NULL"); err != nil {
			return err
		}
	}
	return nil
}

// Step6 adds a column from the model through the client's AutoMigrate:
// the step runs once, and on a database from before it, routes (which
// Step4 already changed) lacks the column.
type Step6 struct{}

func (v *Step6) Version() int { return 6 }

func (v *Step6) Run(s *store.Store) error {
	return s.Client.AutoMigrate(&Route{}) // want `ddl-lock: AutoMigrate \(GORM\) \(run by gormClient\.AutoMigrate at store\.go:\d+\) in the migration step Step6\.Run runs once.*earlier step Step4\.Run already made routes, it adds with ALTER TABLE on routes`
}

// Route is a model.
type Route struct {
	ID   int64
	Host string
}

// MigrateRoutes runs a step on one connection, after a short wait limit
// on that connection: the DDL fails fast instead of stalling the table.
func MigrateRoutes(ctx context.Context, s *store.Store) error {
	conn, err := s.Pool.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := store.RunOn(ctx, conn, "SET SESSION lock_wait_timeout = 5"); err != nil {
		return err
	}
	return store.RunOn(ctx, conn, "ALTER TABLE routes ADD COLUMN weight INT NULL")
}

// MigrateRoutesNoLimit runs a step on one connection with no wait limit.
func MigrateRoutesNoLimit(ctx context.Context, s *store.Store) error {
	conn, err := s.Pool.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return store.RunOn(ctx, conn, "ALTER TABLE routes ADD COLUMN zone INT NULL") // want `ddl-lock: ALTER TABLE routes \(run by RunOn .*\) needs an exclusive metadata lock on routes.*no SET SESSION lock_wait_timeout`
}

// MigrateOnPool sends the SET and the DDL through the pool: they may run
// on two connections.
func MigrateOnPool(ctx context.Context, s *store.Store) error {
	if err := store.RunOnPool(ctx, s.Pool, "SET SESSION lock_wait_timeout = 5"); err != nil {
		return err
	}
	return store.RunOnPool(ctx, s.Pool, "ALTER TABLE routes ADD COLUMN region INT NULL") // want `ddl-lock: ALTER TABLE routes \(run by RunOnPool .*\) needs an exclusive metadata lock on routes.*It runs on the pool`
}

// MigrateWithWait bounds its own wait on MariaDB.
func MigrateWithWait(s *store.Store) error {
	return s.Client.ExecWithError("ALTER TABLE routes WAIT 5 ADD COLUMN rack INT NULL")
}

// ApplyStatement runs what its caller passes: the caller's text decides.
func ApplyStatement(s *store.Store, stmt string) error {
	return s.Client.ExecWithError(stmt)
}

// MigrateFromList runs statements it does not know.
func MigrateFromList(s *store.Store, stmts []string) error {
	for _, q := range stmts {
		if err := s.Client.ExecWithError(q); err != nil {
			return err
		}
	}
	return nil
}

// ResetRoutes empties the table for a test.
func ResetRoutes(t *testing.T, s *store.Store) {
	removeIndex(s, "idx_route", "routes")
	if err := s.Client.ExecWithError("TRUNCATE TABLE routes"); err != nil {
		t.Fatal(err)
	}
}
