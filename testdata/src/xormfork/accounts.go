// Package xormfork is an account store written against the
// github.com/xorm-io/xorm fork, which has xorm's API.
package xormfork

import (
	"fmt"

	"github.com/xorm-io/xorm"
)

// Account is one login.
type Account struct {
	Id    int64  `xorm:"pk autoincr"`
	Owner string `xorm:"varchar(100) notnull unique(owner_name)"`
	Name  string `xorm:"varchar(100) notnull unique(owner_name)"`
	Score int64
}

// Adapter holds the engine.
type Adapter struct {
	Engine *xorm.Engine
}

// LockByScore locks accounts by an unindexed column in a transaction.
func (a *Adapter) LockByScore(score int64) error {
	_, err := a.Engine.Transaction(func(sess *xorm.Session) (interface{}, error) {
		var out []Account
		return nil, sess.Where("score = ?", score).ForUpdate().Find(&out) // want `unindexed-lock: SELECT ... FOR UPDATE on account can use no index`
	})
	return err
}

// LockByName locks one account by its unique key: silent.
func (a *Adapter) LockByName(owner, name string) error {
	_, err := a.Engine.Transaction(func(sess *xorm.Session) (interface{}, error) {
		acc := Account{Owner: owner, Name: name}
		_, err := sess.ForUpdate().Get(&acc)
		return nil, err
	})
	return err
}

// Peek locks on the engine's own session: autocommit.
func (a *Adapter) Peek(id int64) error {
	var acc Account
	_, err := a.Engine.ID(id).ForUpdate().Get(&acc) // want `lock-outside-tx`
	return err
}

// Team groups accounts of one owner.
type Team struct {
	Id    int64  `xorm:"pk autoincr"`
	Owner string `xorm:"varchar(100) notnull index"`
	Name  string `xorm:"varchar(100) notnull"`
}

// adapter is the package's adapter, set at start-up.
var adapter *Adapter

// RenameOwner moves accounts and teams to a new owner in one session and
// looks rows up on the engine on the way.
func RenameOwner(oldOwner, newOwner string) error {
	session := adapter.Engine.NewSession()
	defer session.Close()
	if err := session.Begin(); err != nil {
		return err
	}
	if _, err := session.Where("owner = ?", oldOwner).Update(&Account{Owner: newOwner}); err != nil {
		return err
	}
	// The session has written account, not team: the engine reads what
	// the session would.
	var teams []Team
	if err := adapter.Engine.Where("owner = ?", oldOwner).Find(&teams); err != nil {
		return err
	}
	if len(teams) > 0 {
		if _, err := session.Where("owner = ?", oldOwner).Update(&Team{Owner: newOwner}); err != nil {
			return err
		}
	}
	// account was written: the engine does not see the rename.
	var moved []Account
	if err := adapter.Engine.Where("owner = ?", newOwner).Find(&moved); err != nil { // want `outer-handle-in-tx: SELECT runs through the pool handle adapter\.Engine \(\*xorm\.Engine\) while session is open: .*does not see what session has written to account but not yet committed`
		return err
	}
	return session.Commit()
}

// RenameAll renames, in one session, accounts loaded on the engine
// before it began. Each row is written back as a slice element, whose
// content is not known here: what it locks is its WHERE's.
func RenameAll(oldName, newName string) error {
	var accs []*Account
	if err := adapter.Engine.Where("name = ?", oldName).Find(&accs); err != nil {
		return err
	}
	session := adapter.Engine.NewSession()
	defer session.Close()
	if err := session.Begin(); err != nil {
		return err
	}
	for i := range accs {
		accs[i].Name = newName
		if _, err := session.Where("name = ?", oldName).Update(accs[i]); err != nil { // want `unindexed-lock: UPDATE on account can use no index`
			return err
		}
		if _, err := session.ID(accs[i].Id).Update(accs[i]); err != nil { // by the primary key
			return err
		}
	}
	return session.Commit()
}

// quoteCol quotes a column name for the engine's dialect.
func quoteCol(name string) string {
	return adapter.Engine.Quote(name)
}

// Rescore moves every account of one score to another, then one account
// by its unique key, in one session; the WHERE names its columns through
// the dialect's quoting.
func Rescore(from, to int64, owner, name string) error {
	session := adapter.Engine.NewSession()
	defer session.Close()
	if err := session.Begin(); err != nil {
		return err
	}
	if _, err := session.Where(fmt.Sprintf("%s = ?", quoteCol("score")), from).Update(&Account{Score: to}); err != nil { // want `unindexed-lock: UPDATE on account can use no index`
		return err
	}
	if _, err := session.Where(fmt.Sprintf("%s = ? AND %s = ?", quoteCol("owner"), quoteCol("name")), owner, name).Update(&Account{Score: to}); err != nil { // the unique key
		return err
	}
	return session.Commit()
}

// RenameTeams rewrites, in one session, every account read on the engine
// before: each Update writes back every non-zero field of a row read
// without a lock, the new name aside.
func RenameTeams(oldName, newName string) error {
	session := adapter.Engine.NewSession()
	defer session.Close()
	if err := session.Begin(); err != nil {
		return err
	}
	var accs []*Account
	if err := adapter.Engine.Find(&accs); err != nil {
		return err
	}
	for _, a := range accs {
		if a.Name != oldName {
			continue
		}
		a.Name = newName
		if _, err := session.ID(a.Id).Update(a); err != nil { // want `lost-update: UPDATE of account writes owner, score back from a value read by a plain SELECT`
			return err
		}
	}
	return session.Commit()
}

// RenameTeamsLocked reads the rows with ForUpdate on the session first:
// they stay locked until the commit.
func RenameTeamsLocked(oldName, newName string) error {
	session := adapter.Engine.NewSession()
	defer session.Close()
	if err := session.Begin(); err != nil {
		return err
	}
	var accs []*Account
	if err := session.ForUpdate().Find(&accs); err != nil {
		return err
	}
	for _, a := range accs {
		a.Name = newName
		if _, err := session.ID(a.Id).Update(a); err != nil {
			return err
		}
	}
	return session.Commit()
}

// ResetDefaults writes default accounts over the rows of the same name:
// only the key comes from the read, every value written is the caller's.
func ResetDefaults(defaults []*Account) error {
	for _, d := range defaults {
		cur := &Account{Owner: d.Owner, Name: d.Name}
		has, err := adapter.Engine.Get(cur)
		if err != nil {
			return err
		}
		if has {
			d.Id = cur.Id
			if _, err := adapter.Engine.ID(cur.Id).Update(d); err != nil {
				return err
			}
		}
	}
	return nil
}

// Ledger keeps an account's score history in two columns: the old text
// form and the structured form that replaces it.
type Ledger struct {
	Id      int64 `xorm:"pk autoincr"`
	Legacy  string
	History string
	Total   int64
}

// ConvertLedgers fills History from Legacy, row by row: the column
// written is not the column the value was read from, so no concurrent
// change to History is undone by this write.
func ConvertLedgers() error {
	old := make([]*Ledger, 0, 100)
	for page := 0; ; page++ {
		old = old[:0] // one slice reused for every page
		if err := adapter.Engine.Cols("id", "legacy").Limit(100, page*100).Find(&old); err != nil {
			return err
		}
		for _, l := range old {
			var converted Ledger
			converted.History = "[" + l.Legacy + "]"
			if _, err := adapter.Engine.ID(l.Id).Cols("history").Update(&converted); err != nil {
				return err
			}
		}
		if len(old) < 100 {
			return nil
		}
	}
}

// AddToTotals adds to each total read before: the value written comes
// from the column it overwrites, read without a lock.
func AddToTotals(n int64) error {
	var rows []*Ledger
	if err := adapter.Engine.Find(&rows); err != nil {
		return err
	}
	for _, l := range rows {
		var next Ledger
		next.Total = l.Total + n
		if _, err := adapter.Engine.ID(l.Id).Cols("total").Update(&next); err != nil { // want `lost-update: UPDATE of ledger sets total from a value read by a plain SELECT`
			return err
		}
	}
	return nil
}
