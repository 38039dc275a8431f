// Package registry stores service instances in three tables: the
// instance row, its health probe and its labels, all keyed by the
// instance's id. Its DB retries the driver's calls, Begin among them,
// through Retry; the helpers each take the transaction and the instance
// and read the key through the instance's getter.
package registry

import (
	"context"
	"database/sql"
	"time"

	"rowid/registry/model"
)

// DB overrides Begin with one that retries.
type DB struct {
	*sql.DB
}

// Tx is the store's transaction.
type Tx struct {
	*sql.Tx
}

// Retry runs op until it succeeds or fails for good, at most three
// times.
func Retry(label string, op func() error) {
	for i := 0; i < 3; i++ {
		if op() == nil {
			return
		}
		time.Sleep(time.Duration(i) * time.Millisecond)
	}
}

// Begin begins a transaction inside a retried operation and hands it
// out: the transaction is begun where Begin is called.
func (d *DB) Begin() (*Tx, error) {
	var (
		tx  *sql.Tx
		err error
	)
	Retry("begin", func() error {
		tx, err = d.DB.BeginTx(context.Background(), nil)
		return err
	})
	return &Tx{Tx: tx}, err
}

type Store struct {
	db *DB
}

func clearInstance(tx *Tx, id string) error {
	_, err := tx.Exec("DELETE FROM instances WHERE id = ? AND deleted = 1", id)
	return err
}

func putInstance(tx *Tx, inst *model.Instance) error {
	_, err := tx.Exec("UPDATE instances SET service_id = ?, deleted = 0 WHERE id = ?", inst.ServiceID, inst.ID())
	return err
}

func putProbe(tx *Tx, inst *model.Instance) error {
	_, err := tx.Exec("UPDATE probes SET ttl = 5 WHERE id = ?", inst.ID())
	return err
}

func putLabels(tx *Tx, inst *model.Instance) error {
	_, err := tx.Exec("DELETE FROM instance_labels WHERE id = ?", inst.Proto.Id.Value)
	return err
}

// Register clears the instance's old row, writes it again, then its
// probe and its labels: every helper locks the row of the one instance,
// through inst.ID() (or the field it returns), so the second lock on
// instances is a row the transaction already holds. Silent.
func (s *Store) Register(inst *model.Instance) error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := clearInstance(tx, inst.ID()); err != nil {
		return err
	}
	if err := putInstance(tx, inst); err != nil {
		return err
	}
	if err := putProbe(tx, inst); err != nil {
		return err
	}
	if err := putLabels(tx, inst); err != nil {
		return err
	}
	return tx.Commit()
}

// Unlabel removes an instance's labels, then bumps its revision: labels
// before the instance row, the other way round from Register.
func (s *Store) Unlabel(id string) error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("DELETE FROM instance_labels WHERE id = ?", id); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE instances SET revision = revision + 1 WHERE id = ?", id); err != nil { // want `lock-order: this transaction locks instances after holding locks on instance_labels, while Store\.Register \(registry\.go:\d+\) locks instance_labels after instances`
		return err
	}
	return tx.Commit()
}

// Move locks the row of the instance's address, then of its id: two
// different values, neither the other's copy. A method that computes is
// no key.
func (s *Store) Move(inst *model.Instance) error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE instances SET deleted = 1 WHERE id = ?", inst.Address()); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE instances SET deleted = 0 WHERE id = ?", inst.Address()); err != nil { // want `nested-lock: this transaction already locked a row of instances \(UPDATE\) and now locks another`
		return err
	}
	return tx.Commit()
}

// Rescope locks the rows of two scoped keys of one instance: a method
// with a parameter is no key either, whatever it is given.
func (s *Store) Rescope(inst *model.Instance) error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE probes SET ttl = 0 WHERE id = ?", inst.Scoped("a")); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE probes SET ttl = 1 WHERE id = ?", inst.Scoped("a")); err != nil { // want `nested-lock: this transaction already locked a row of probes \(UPDATE\) and now locks another`
		return err
	}
	return tx.Commit()
}
