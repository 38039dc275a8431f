package nestedparent

import "database/sql"

// Account is a row of accounts; OwnerID points to the account that
// owns it.
type Account struct {
	ID      int64
	OwnerID int64
	Balance int64
}

// closeAccount empties an account and credits its owner: a row, then
// the row it points to. Two runs take two such rows the other way round
// only if each account owns the other.
func closeAccount(db *sql.DB, acc *Account) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET balance = 0 WHERE id = ?", acc.ID); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE accounts SET balance = balance + ? WHERE id = ?", acc.Balance, acc.OwnerID); err != nil {
		return err
	}
	return tx.Commit()
}

// transfer names two accounts that its callers choose: no row points to
// the other.
type transfer struct {
	From, To int64
	Amount   int64
}

func move(db *sql.DB, t transfer) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET balance = balance - ? WHERE id = ?", t.Amount, t.From); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE accounts SET balance = balance + ? WHERE id = ?", t.Amount, t.To); err != nil { // want `nested-lock: this transaction already locked a row of accounts`
		return err
	}
	return tx.Commit()
}

// settle credits one account's owner, then debits another account: two
// rows, neither read from the other.
func settle(db *sql.DB, a, b *Account) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET balance = balance + 1 WHERE id = ?", a.OwnerID); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE accounts SET balance = balance - 1 WHERE id = ?", b.ID); err != nil { // want `nested-lock: this transaction already locked a row of accounts`
		return err
	}
	return tx.Commit()
}

// closeByID builds the account from its id, reads it, then empties it
// and credits its owner: the first key is the id the struct was built
// from.
func closeByID(db *sql.DB, id int64) error {
	acc := &Account{ID: id}
	if err := db.QueryRow("SELECT owner_id, balance FROM accounts WHERE id = ?", id).Scan(&acc.OwnerID, &acc.Balance); err != nil {
		return err
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET balance = 0 WHERE id = ?", id); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE accounts SET balance = balance + ? WHERE id = ?", acc.Balance, acc.OwnerID); err != nil {
		return err
	}
	return tx.Commit()
}

// closeOther empties one account and credits the owner of another:
// the owner is not the first row's.
func closeOther(db *sql.DB, id, other int64) error {
	acc := &Account{ID: other}
	if err := db.QueryRow("SELECT owner_id FROM accounts WHERE id = ?", other).Scan(&acc.OwnerID); err != nil {
		return err
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET balance = 0 WHERE id = ?", id); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE accounts SET balance = balance + 1 WHERE id = ?", acc.OwnerID); err != nil { // want `nested-lock: this transaction already locked a row of accounts`
		return err
	}
	return tx.Commit()
}
