// Package gormimport loads category trees exported from another system
// with GORM: rows are created first, then linked to their parents by the
// ids the database gave them.
package gormimport

import (
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Base is the key and timestamps every model embeds.
type Base struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
}

type Category struct {
	Base
	Name     string
	ParentID uint
	Position int
}

// Exported is a category as the other system exported it, with its ids.
type Exported struct {
	ID       uint
	ParentID uint
	Name     string
}

type Importer struct {
	db *gorm.DB
}

// Import creates every category, then sets each parent by the new ids:
// the second loop updates only rows this transaction inserted, which no
// other transaction can hold, so their order does not matter.
func (im *Importer) Import(tree []Exported) error {
	return im.db.Transaction(func(tx *gorm.DB) error {
		newID := make(map[uint]uint, len(tree))
		for _, e := range tree {
			c := Category{Name: e.Name}
			if err := tx.Create(&c).Error; err != nil {
				return err
			}
			newID[e.ID] = c.ID
		}
		for _, e := range tree {
			id, ok := newID[e.ID]
			if !ok || e.ParentID == 0 {
				continue
			}
			if err := tx.Model(&Category{}).Where("id = ?", id).Update("parent_id", newID[e.ParentID]).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// ImportAll creates the categories in one batch and renumbers them from
// the slice GORM filled in.
func (im *Importer) ImportAll(names []string) error {
	return im.db.Transaction(func(tx *gorm.DB) error {
		cats := make([]Category, 0, len(names))
		for _, n := range names {
			cats = append(cats, Category{Name: n})
		}
		if err := tx.Create(&cats).Error; err != nil {
			return err
		}
		for i, c := range cats {
			if err := tx.Model(&Category{}).Where("id = ?", c.ID).Update("position", i).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// Reorder moves existing categories the request names, in the request's
// order: those rows were not created here, and two requests listing them
// in different orders deadlock.
func (im *Importer) Reorder(ids []uint) error {
	return im.db.Transaction(func(tx *gorm.DB) error {
		for i, id := range ids {
			if err := tx.Model(&Category{}).Where("id = ?", id).Update("position", i).Error; err != nil { // want `nested-lock: UPDATE locks rows of categories one at a time inside a loop`
				return err
			}
		}
		return nil
	})
}

// AddChild locks the parent, creates the child and numbers it by the id
// it was given: the child is a row this transaction created.
func (im *Importer) AddChild(parent uint, name string) error {
	return im.db.Transaction(func(tx *gorm.DB) error {
		var p Category
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&p, parent).Error; err != nil {
			return err
		}
		c := Category{Name: name, ParentID: p.ID}
		if err := tx.Create(&c).Error; err != nil {
			return err
		}
		return tx.Model(&Category{}).Where("id = ?", c.ID).Update("position", p.Position+1).Error
	})
}

// AddChildByName does the same but finds the child again by its name: a
// column other than the key, which may match rows the INSERT did not
// create.
func (im *Importer) AddChildByName(parent uint, name string) error {
	return im.db.Transaction(func(tx *gorm.DB) error {
		var p Category
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&p, parent).Error; err != nil {
			return err
		}
		c := Category{Name: name, ParentID: p.ID}
		if err := tx.Create(&c).Error; err != nil {
			return err
		}
		return tx.Model(&Category{}).Where("name = ?", c.Name).Update("position", p.Position+1).Error // want `nested-lock: this transaction already locked a row of categories`
	})
}
