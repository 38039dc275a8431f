package gormextract

import (
	"context"
	"database/sql"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

func chains(ctx context.Context, d gorm.Dialector, status string, id int64) error {
	db, _ := gorm.Open(d, &gorm.Config{})
	var a Account
	db.Clauses(clause.Locking{Strength: "UPDATE"}).Where("status = ?", status).First(&a)
	db.Clauses(forUpdate).First(&a, id)
	db.Clauses(lockNoWait()).Where(&Account{Email: "x@y"}).Take(&a)
	db.Model(&Account{}).Where(map[string]interface{}{"owner_id": id}).Clauses(clause.Locking{Strength: "SHARE"}).Find(&a)

	tx := db.WithContext(ctx).Begin(&sql.TxOptions{Isolation: sql.LevelReadCommitted})
	defer tx.Rollback()
	q := tx.Model(&Account{})
	q = q.Where("status = ?", status)
	if id > 0 {
		q = q.Where("id = ?", id)
	}
	q.Clauses(clause.Locking{Strength: "UPDATE"}).Find(&a)
	var s Stock
	tx.Clauses(forUpdate).Where("sku = ? AND warehouse = ?", "a", 1).First(&s)
	tx.Model(&a).Update("balance", gorm.Expr("balance - ?", 10))
	tx.Where("status = ?", status).Delete(&Order{})
	tx.Set("gorm:query_option", "FOR UPDATE").First(&a, id)
	tx.Raw("SELECT * FROM jobs WHERE status = ? FOR UPDATE", 1).Scan(&a)
	var n int64
	tx.Model(&Job{}).Where("status = ?", 1).Count(&n)
	tx.Commit()

	return db.Transaction(func(tx *gorm.DB) error {
		var j Job
		tx.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"}).Where("status = ?", 0).Order("run_at").Limit(10).Find(&j)
		return tx.Transaction(func(tx2 *gorm.DB) error {
			return tx2.Clauses(forUpdate).First(&j, 5).Error
		})
	}, &sql.TxOptions{Isolation: sql.LevelSerializable})
}

func generic(ctx context.Context, db *gorm.DB, id int64) {
	gorm.G[Account](db, clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).First(ctx)
	gorm.G[Job](db).Where("status = ?", 1).Find(ctx)
}
