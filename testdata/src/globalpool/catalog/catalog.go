// Package catalog keeps its GORM handle in a package variable and reads
// through it from helpers, as GORM services often do.
package catalog

import "gorm.io/gorm"

// DB is opened at start-up.
var DB *gorm.DB

type Product struct {
	ID    int64
	Price int64
	Tag   string
}

// productsByIDs reads products on the package's handle.
func productsByIDs(ids []int64) ([]*Product, error) {
	var out []*Product
	err := DB.Where("id in (?)", ids).Find(&out).Error
	return out, err
}

// Retag changes the tag of the products, then reads them back through
// the helper: the read runs outside tx and misses the new tag.
func Retag(ids []int64, tag string) error {
	tx := DB.Begin()
	if tx.Error != nil {
		return tx.Error
	}
	if err := tx.Model(&Product{}).Where("id in (?)", ids).Update("tag", tag).Error; err != nil {
		tx.Rollback()
		return err
	}
	products, err := productsByIDs(ids) // want `outer-handle-in-tx: SELECT \(run by productsByIDs at catalog\.go:19\) runs through .*DB.* while tx is open: .*does not see what tx has written to products`
	if err != nil {
		tx.Rollback()
		return err
	}
	_ = products
	return tx.Commit().Error
}

// Reprice reads through the helper before the transaction writes
// anything: nothing uncommitted to miss.
func Reprice(ids []int64, price int64) error {
	products, err := productsByIDs(ids)
	if err != nil {
		return err
	}
	tx := DB.Begin()
	if tx.Error != nil {
		return tx.Error
	}
	for _, p := range products {
		if err := tx.Model(&Product{}).Where("id = ?", p.ID).Update("price", price).Error; err != nil {
			tx.Rollback()
			return err
		}
	}
	return tx.Commit().Error
}
