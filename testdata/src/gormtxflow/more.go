package gormtxflow

import (
	"errors"
	"sort"
	"time"

	"gormshop/models"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// More GORM cases for the transaction-flow rules: raw SQL through GORM,
// Begin/Commit as well as Transaction callbacks, and their near misses.

// nested-lock

func lockMap(db *gorm.DB, owners map[int64]int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		for id := range owners {
			var a models.Account
			tx.Clauses(forUpdate).First(&a, id) // want `nested-lock: SELECT \.\.\. FOR UPDATE locks rows of accounts one at a time inside a loop`
		}
		return nil
	})
}

func lockSorted(db *gorm.DB, ids []int64) error {
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return db.Transaction(func(tx *gorm.DB) error {
		for _, id := range ids {
			var a models.Account
			tx.Clauses(forUpdate).First(&a, id)
		}
		return nil
	})
}

func relockSame(db *gorm.DB, id int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var a models.Account
		tx.Clauses(forUpdate).First(&a, id)
		return tx.Model(&models.Account{}).Where("id = ?", id).Update("status", "seen").Error
	})
}

// lock-order: jobs then inventory here, inventory then jobs below.

func assign(db *gorm.DB, job int64, sku string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		tx.Exec("UPDATE jobs SET worker = 'w' WHERE id = ?", job)
		return tx.Exec("UPDATE inventory SET qty = qty - 1 WHERE sku = ? AND warehouse = 1", sku).Error
	})
}

func restock(db *gorm.DB, job int64, sku string) error {
	tx := db.Begin()
	defer tx.Rollback()
	tx.Model(&models.Stock{}).Where("sku = ? AND warehouse = ?", sku, 1).Update("qty", gorm.Expr("qty + 1"))
	tx.Model(&models.Job{}).Where("id = ?", job).Update("worker", "") // want `lock-order: this transaction locks jobs after holding locks on inventory`
	return tx.Commit().Error
}

// The same order as checkout: waits, never deadlocks.
func payAgain(db *gorm.DB, account, order int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		tx.Model(&models.Account{}).Where("id = ?", account).Update("status", "paying")
		return tx.Model(&models.Order{}).Where("id = ?", order).Update("note", "again").Error
	})
}

// Plain reads take no row locks: no edge from orders to accounts.
func report(db *gorm.DB, account, order int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var o models.Order
		var a models.Account
		tx.First(&o, order)
		return tx.First(&a, account).Error
	})
}

// check-then-insert

// owner_id's index is not unique: the lookup gap-locks whether or not
// the owner has an account.
func reserveRaw(db *gorm.DB, owner int64, email string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var id int64
		tx.Raw("SELECT id FROM accounts WHERE owner_id = ? LIMIT 1 FOR UPDATE", owner).Scan(&id)
		if id == 0 {
			return tx.Exec("INSERT INTO accounts (owner_id, email, status) VALUES (?, ?, 'new')", owner, email).Error // want `check-then-insert: INSERT into accounts after SELECT \.\.\. FOR UPDATE`
		}
		return nil
	})
}

func placeOrder(db *gorm.DB, id int64) error {
	tx := db.Begin()
	defer tx.Rollback()
	var o models.Order
	if errors.Is(tx.Clauses(clause.Locking{Strength: "SHARE"}).First(&o, id).Error, gorm.ErrRecordNotFound) {
		tx.Create(&models.Order{ID: id, Status: "new"}) // want `check-then-insert: INSERT into orders after SELECT \.\.\. (LOCK IN SHARE MODE|FOR SHARE)`
	}
	return tx.Commit().Error
}

// An upsert without the locking read does not deadlock.
func upsert(db *gorm.DB, email string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Exec("INSERT INTO accounts (email, status) VALUES (?, 'new') ON DUPLICATE KEY UPDATE status = status", email).Error
	})
}

// A plain read takes no gap lock: the loser waits and gets a duplicate
// key, but nothing deadlocks.
func plainCheck(db *gorm.DB, email string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var a models.Account
		if tx.Where("email = ?", email).First(&a).Error != nil {
			return tx.Create(&models.Account{Email: email}).Error
		}
		return nil
	})
}

// tx-not-closed

func leakOnError(db *gorm.DB, id int64) error {
	tx := db.Begin() // want `tx-not-closed`
	if err := tx.Exec("UPDATE orders SET status = 'x' WHERE id = ?", id).Error; err != nil {
		return err
	}
	tx.Commit()
	return nil
}

func neverEnds(db *gorm.DB, id int64) {
	tx := db.Begin() // want `tx-not-closed`
	tx.Model(&models.Order{}).Where("id = ?", id).Update("note", "n")
}

func rollbackOnError(db *gorm.DB, id int64) error {
	tx := db.Begin()
	if err := tx.Exec("UPDATE orders SET status = 'x' WHERE id = ?", id).Error; err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit().Error
}

// The caller ends the transaction it is handed.
func begin(db *gorm.DB) *gorm.DB {
	tx := db.Begin()
	tx.Exec("SET SESSION innodb_lock_wait_timeout = 5")
	return tx
}

// lock-held-blocking

func sleepWhileLocked(db *gorm.DB, id int64) error {
	tx := db.Begin()
	defer tx.Rollback()
	var j models.Job
	tx.Clauses(forUpdate).First(&j, id)
	time.Sleep(time.Second) // want `lock-held-blocking: time\.Sleep runs while the transaction holds row locks on jobs`
	return tx.Commit().Error
}

func sendWhileLocked(db *gorm.DB, done chan<- int64, id int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		tx.Exec("UPDATE jobs SET worker = 'w' WHERE id = ?", id)
		done <- id // want `lock-held-blocking: a channel send runs while the transaction holds row locks on jobs`
		return nil
	})
}

func sleepAfterCommit(db *gorm.DB, id int64) error {
	tx := db.Begin()
	defer tx.Rollback()
	var j models.Job
	tx.Clauses(forUpdate).First(&j, id)
	if err := tx.Commit().Error; err != nil {
		return err
	}
	time.Sleep(time.Second)
	return nil
}

func trySendWhileLocked(db *gorm.DB, done chan<- int64, id int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		tx.Exec("UPDATE jobs SET worker = 'w' WHERE id = ?", id)
		select {
		case done <- id:
		default:
		}
		return nil
	})
}

// skip-locked-candidate

func rawPoller(db *gorm.DB) {
	for {
		tx := db.Begin()
		var ids []int64
		tx.Raw("SELECT id FROM jobs WHERE status = 0 ORDER BY run_at LIMIT 5 FOR UPDATE").Scan(&ids) // want `skip-locked-candidate: this queue poll`
		tx.Commit()
	}
}

func tickerPoller(db *gorm.DB, tick <-chan time.Time) {
	for range tick {
		db.Transaction(func(tx *gorm.DB) error {
			var jobs []models.Job
			return tx.Clauses(forUpdate).Where("status = ?", 0).Order("id").Limit(1).Find(&jobs).Error // want `skip-locked-candidate: this queue poll`
		})
	}
}

func noWaitPoller(db *gorm.DB) {
	for {
		db.Transaction(func(tx *gorm.DB) error {
			var jobs []models.Job
			return tx.Clauses(clause.Locking{Strength: "UPDATE", Options: clause.LockingOptionsNoWait}).Where("status = ?", 0).Order("run_at").Limit(10).Find(&jobs).Error
		})
	}
}

// Once, not in a loop: no queue to poll.
func claimOnce(db *gorm.DB) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var jobs []models.Job
		return tx.Clauses(forUpdate).Where("status = ?", 0).Order("run_at").Limit(1).Find(&jobs).Error
	})
}

// lock-order: orders then jobs in a raw-SQL transaction, jobs then orders
// through models.

func dispatch(db *gorm.DB, order, job int64) error {
	tx := db.Begin()
	defer tx.Rollback()
	tx.Exec("UPDATE orders SET status = 'dispatched' WHERE id = ?", order)
	tx.Exec("UPDATE jobs SET status = 1 WHERE id = ?", job)
	return tx.Commit().Error
}

func finishJob(db *gorm.DB, order, job int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		tx.Model(&models.Job{}).Where("id = ?", job).Update("status", 2)
		return tx.Model(&models.Order{}).Where("id = ?", order).Update("status", "done").Error // want `lock-order: this transaction locks orders after holding locks on jobs`
	})
}

// One table per transaction: no order to get wrong.
func finishJobAlone(db *gorm.DB, job int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Model(&models.Job{}).Where("id = ?", job).Update("status", 2).Error
	})
}

// A savepoint is inside the transaction: rolling back to it does not end
// the transaction.
func rollbackToOnly(db *gorm.DB, id int64) error {
	tx := db.Begin() // want `tx-not-closed`
	tx.SavePoint("before_note")
	if err := tx.Exec("UPDATE orders SET note = 'n' WHERE id = ?", id).Error; err != nil {
		tx.RollbackTo("before_note")
		return err
	}
	return tx.Commit().Error
}

func savepointThenCommit(db *gorm.DB, id int64) error {
	tx := db.Begin()
	defer tx.Rollback()
	tx.SavePoint("before_note")
	if err := tx.Exec("UPDATE orders SET note = 'n' WHERE id = ?", id).Error; err != nil {
		tx.RollbackTo("before_note")
	}
	return tx.Commit().Error
}
