package gormmigrate

import "gorm.io/gorm"

// Dal wraps GORM's migrator for the project's migration scripts: the
// tables come from its callers, which are judged, not the wrapper.
type Dal struct{ db *gorm.DB }

func (d *Dal) DropTables(dst ...interface{}) error {
	return d.db.Migrator().DropTable(dst...)
}

func (d *Dal) RenameTable(oldName, newName string) error {
	return d.db.Migrator().RenameTable(oldName, newName)
}

func (d *Dal) DropIndexes(table string, indexes ...string) error {
	for _, ix := range indexes {
		if err := d.db.Migrator().DropIndex(table, ix); err != nil {
			return err
		}
	}
	return nil
}

// The model is the one the handle carries (set by the caller's
// Model(...)), the column the caller's argument: the caller decides what
// changes.
func (d *Dal) DropField(name string) error {
	return d.db.Migrator().DropColumn(d.db.Statement.Model, name)
}

// A wrapper that names its own table is judged where it is.
func (d *Dal) DropScratch() error {
	return d.db.Migrator().DropTable("scratch") // want `ddl-lock: Migrator\(\)\.DropTable \(GORM\) sends DROP TABLE`
}

// The same with a column of its own: judged where it is.
func (d *Dal) DropLegacyField() error {
	return d.db.Migrator().DropColumn(d.db.Statement.Model, "legacy") // want `ddl-lock: Migrator\(\)\.DropColumn \(GORM\) sends DDL`
}
