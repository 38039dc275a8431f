// Package gormledger is a service layer over GORM: read-modify-write in
// its lost and its safe forms.
package gormledger

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"gormledger/models"

	"gorm.io/gorm"
)

var ErrBusy = errors.New("import is not pending")

// WalletService moves money.
type WalletService struct {
	db *gorm.DB
}

func NewWalletService(db *gorm.DB) *WalletService { return &WalletService{db: db} }

// Credit adds to the balance of a wallet loaded without a lock and saves
// the whole struct: owner and note go back as they were read, balance
// from a value computed from the read.
func (s *WalletService) Credit(ctx context.Context, id uint, amount int64) error {
	var w models.Wallet
	if err := s.db.WithContext(ctx).First(&w, id).Error; err != nil {
		return err
	}
	w.Balance += amount
	return s.db.WithContext(ctx).Save(&w).Error // want `lost-update: UPDATE of wallets writes owner, balance, note back from a value read by a plain SELECT`
}

// Debit writes a balance computed from the read.
func (s *WalletService) Debit(ctx context.Context, id uint, amount int64) error {
	var w models.Wallet
	if err := s.db.WithContext(ctx).First(&w, id).Error; err != nil {
		return err
	}
	if w.Balance < amount {
		return errors.New("insufficient funds")
	}
	return s.db.WithContext(ctx).Model(&models.Wallet{}).Where("id = ?", id).Update("balance", w.Balance-amount).Error // want `lost-update: UPDATE of wallets sets balance from a value read`
}

// Close soft-deletes a wallet it looked up: GORM sets deleted_at to the
// current time, nothing read is written back.
func (s *WalletService) Close(ctx context.Context, id uint) error {
	var w models.Wallet
	if err := s.db.WithContext(ctx).First(&w, id).Error; err != nil {
		return err
	}
	if w.Balance != 0 {
		return errors.New("wallet is not empty")
	}
	return s.db.WithContext(ctx).Delete(&w).Error
}

// Rename writes the caller's values: the copy is taken before the read,
// which only refreshes w for the caller.
func (s *WalletService) Rename(ctx context.Context, w *models.Wallet) error {
	changes := map[string]interface{}{"owner": w.Owner, "note": w.Note}
	if err := s.db.WithContext(ctx).First(w, w.ID).Error; err != nil {
		return err
	}
	return s.db.WithContext(ctx).Model(w).Updates(changes).Error
}

// Annotate writes a note computed from the owner it read: the note read
// is not what is written, so no concurrent change of note is undone.
func (s *WalletService) Annotate(ctx context.Context, id uint) error {
	var w models.Wallet
	if err := s.db.WithContext(ctx).First(&w, id).Error; err != nil {
		return err
	}
	note := "owned by " + w.Owner
	return s.db.WithContext(ctx).Model(&models.Wallet{}).Where("id = ?", id).Update("note", note).Error
}

// SettingStore keeps key/value settings.
type SettingStore struct {
	db *gorm.DB
}

// Put creates the row if needed and saves the caller's value: the last
// writer wins on purpose, nothing read is written back.
func (s *SettingStore) Put(key, value string) error {
	st := models.Setting{Key: key}
	if err := s.db.FirstOrCreate(&st, models.Setting{Key: key}).Error; err != nil {
		return err
	}
	st.Value = value
	return s.db.Save(&st).Error
}

// CategoryService keeps the tree's level and path.
type CategoryService struct {
	db *gorm.DB
}

// Move re-parents c: the parent row is read, the child row is saved. The
// child's key is the caller's, not the parent's: no row read is written.
func (s *CategoryService) Move(ctx context.Context, c *models.Category) error {
	if c.ParentID != nil {
		var parent models.Category
		if err := s.db.WithContext(ctx).First(&parent, *c.ParentID).Error; err != nil {
			return err
		}
		c.Level = parent.Level + 1
		c.Path = parent.Path + "/" + strconv.Itoa(int(parent.ID))
	}
	return s.db.WithContext(ctx).Save(c).Error
}

// Reindex rewrites the children it read: each is saved whole, so a
// concurrent rename of a child is undone.
func (s *CategoryService) Reindex(ctx context.Context, parentID uint) error {
	var children []models.Category
	if err := s.db.WithContext(ctx).Where("parent_id = ?", parentID).Find(&children).Error; err != nil {
		return err
	}
	for i, child := range children {
		child.Path = strconv.Itoa(int(parentID)) + "/" + strconv.Itoa(i)
		if err := s.db.WithContext(ctx).Save(&child).Error; err != nil { // want `lost-update: UPDATE of categories writes parent_id, name, level, path back`
			return err
		}
	}
	return nil
}

// ImportService finishes uploads.
type ImportService struct {
	db *gorm.DB
}

// Finish claims the import with an atomic status change and checks that
// it won; only the winner goes on to record the result.
func (s *ImportService) Finish(ctx context.Context, id uint, store func(name string) (uint, string, error)) error {
	var im models.Import
	if err := s.db.WithContext(ctx).First(&im, id).Error; err != nil {
		return err
	}
	res := s.db.WithContext(ctx).Model(&models.Import{}).Where("id = ? AND status = ?", id, "pending").Update("status", "running")
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrBusy
	}
	name := strings.TrimSuffix(im.FileName, ".part")
	resultID, key, err := store(name)
	if err != nil {
		return err
	}
	return s.db.WithContext(ctx).Model(&models.Import{}).Where("id = ?", id).
		Updates(map[string]interface{}{"status": "done", "file_name": name, "result_id": resultID, "key": key}).Error
}

// Retry does the same without looking at the claim's result: a caller
// that lost the claim still writes.
func (s *ImportService) Retry(ctx context.Context, id uint, store func(name string) (uint, string, error)) error {
	var im models.Import
	if err := s.db.WithContext(ctx).First(&im, id).Error; err != nil {
		return err
	}
	s.db.WithContext(ctx).Model(&models.Import{}).Where("id = ? AND status = ?", id, "failed").Update("status", "running")
	name := strings.TrimSuffix(im.FileName, ".part")
	resultID, key, err := store(name)
	if err != nil {
		return err
	}
	done := map[string]interface{}{"status": "done", "file_name": name, "result_id": resultID, "key": key}
	return s.db.WithContext(ctx).Model(&models.Import{}).Where("id = ?", id).Updates(done).Error // want `lost-update: UPDATE of imports sets file_name from a value read`
}
