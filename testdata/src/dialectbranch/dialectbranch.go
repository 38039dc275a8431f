// Package dialectbranch is a store that runs on MySQL or on SQLite and
// PostgreSQL from one code base, choosing each statement by the name of
// its driver.
package dialectbranch

import (
	"database/sql"
	"fmt"
)

type store struct {
	*sql.DB
	driverName string
}

// --- text helpers that return each server's spelling ---

func (s *store) textType(n int) string {
	if s.driverName == "sqlite3" {
		return "TEXT"
	}
	return fmt.Sprintf("VARCHAR(%d)", n)
}

func (s *store) binCollation() string {
	if s.driverName == "sqlite3" {
		return ""
	}
	return " COLLATE utf8mb4_bin"
}

func (s *store) placement(col string) string {
	if s.driverName != "mysql" {
		return ""
	}
	return " AFTER " + col
}

// --- reported: the MySQL side ---

func (s *store) addIndexMySQLSide() error {
	tx, err := s.Begin()
	if err != nil {
		return err
	}
	if s.driverName == "sqlite3" {
		_, err = tx.Exec(`CREATE INDEX shelf_owner_idx ON shelves (owner_id)`)
	} else {
		_, err = tx.Exec(`ALTER TABLE shelves ADD INDEX (owner_id)`) // want `ddl-lock: ALTER TABLE shelves needs an exclusive metadata lock on shelves`
	}
	if err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (s *store) addColumnThroughHelpers() error {
	_, err := s.Exec(`ALTER TABLE shelves ADD COLUMN motto ` + s.binCollationTyped() + ` NULL` + s.placement("title")) // want `ddl-lock: ALTER TABLE shelves needs an exclusive metadata lock on shelves`
	return err
}

func (s *store) binCollationTyped() string {
	return "TEXT" + s.binCollation()
}

// A name compared with "postgres" that is not a driver's or dialect's
// name says nothing about the server: the statement is judged.
func (s *store) ownerNamedPostgres(owner string) error {
	if owner == "postgres" {
		_, err := s.Exec(`ALTER TABLE shelves ADD COLUMN reserved INT NULL`) // want `ddl-lock: ALTER TABLE shelves needs an exclusive metadata lock on shelves`
		return err
	}
	return nil
}

// --- silent: the other servers' side ---

func (s *store) sqliteOnlyIndex() error {
	if s.driverName == "sqlite3" {
		_, err := s.Exec(`CREATE INDEX shelf_title_idx ON shelves (title)`)
		return err
	}
	return nil
}

func (s *store) notMySQL() error {
	if s.driverName != "mysql" {
		_, err := s.Exec(`ALTER TABLE shelves ALTER COLUMN title SET DEFAULT ''`)
		return err
	}
	return nil
}

func (s *store) bySwitch(dialect string) error {
	var err error
	switch dialect {
	case "postgres", "pgx":
		_, err = s.Exec(`ALTER TABLE shelves ADD COLUMN note ` + s.textType(40))
	case "sqlite3":
		_, err = s.Exec(`ALTER TABLE shelves ADD COLUMN note TEXT`)
	}
	return err
}

// --- the caller's constants fill a helper's parameters ---

func (s *store) addNoteColumn() error {
	_, err := s.Exec(`ALTER TABLE shelves ADD COLUMN note ` + s.textType(80) + s.binCollation() + ` NULL`) // want `ddl-lock: ALTER TABLE shelves needs an exclusive metadata lock on shelves`
	return err
}

func (s *store) addNoteColumnOfWidth(n int) error {
	// The width is the caller's: the type's text is not known, and the
	// statement is not read.
	_, err := s.Exec(`ALTER TABLE shelves ADD COLUMN note ` + s.textType(n) + ` NULL`)
	return err
}

// --- a statement chosen per server in a switch, sent after it ---

// serverKind is what the store's configuration says it talks to.
func (s *store) serverKind() string { return s.driverName }

func (s *store) indexOwnerPerServer() error {
	var stmt string
	switch s.serverKind() {
	case "postgres", "sqlite3":
		stmt = `CREATE INDEX IF NOT EXISTS shelves_owner ON shelves (owner_id)`
	case "mysql":
		stmt = `CREATE INDEX shelves_owner ON shelves (owner_id)`
	}
	_, err := s.Exec(stmt) // want `ddl-lock: CREATE INDEX on shelves needs an exclusive metadata lock on shelves`
	return err
}

func (s *store) indexOwnerNoMySQLCase() error {
	// No case for MySQL: on MySQL the text stays empty.
	var stmt string
	switch s.serverKind() {
	case "postgres":
		stmt = `CREATE INDEX IF NOT EXISTS shelves_owner ON shelves (owner_id)`
	case "sqlite3":
		stmt = `CREATE INDEX IF NOT EXISTS shelves_owner ON shelves (owner_id)`
	}
	_, err := s.Exec(stmt)
	return err
}

func (s *store) indexByWidth(wide bool) error {
	// A switch on something else than the server: either case may run.
	var stmt string
	switch s.serverKind() + fmt.Sprint(wide) {
	case "mysqltrue":
		stmt = `CREATE INDEX shelves_owner ON shelves (owner_id, title)`
	case "mysqlfalse":
		stmt = `CREATE INDEX shelves_owner ON shelves (owner_id)`
	}
	_, err := s.Exec(stmt)
	return err
}
