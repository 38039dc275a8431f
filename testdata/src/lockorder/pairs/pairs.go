// Package pairs has two paths of each order on folders and files: every
// path of one order deadlocks with every path of the other. The first
// path to break the order is reported, naming every path of the other
// order; a path that repeats an order already reported is not, and one
// that repeats the reported path's own order is named in its finding.
package pairs

import "database/sql"

// LinkFolder locks a folder, then one of its files. It comes first: the
// paths of the other order are reported where they close a cycle with it.
func LinkFolder(db *sql.DB, folder, file int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE folders SET mtime = NOW() WHERE id = ?", folder)
	tx.Exec("UPDATE files SET folder_id = ? WHERE id = ?", folder, file)
	return tx.Commit()
}

// PurgeFile locks a file, then its folder: it closes a cycle with
// LinkFolder, and later with MoveFolder, which it names too.
func PurgeFile(db *sql.DB, folder, file int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("DELETE FROM files WHERE id = ?", file)
	tx.Exec("UPDATE folders SET size = size - 1 WHERE id = ?", folder) // want `lock-order: this transaction locks folders after holding locks on files \(as RenameFile \(pairs\.go:\d+\) also does\), while LinkFolder \(pairs\.go:\d+\) and MoveFolder \(pairs\.go:\d+\) lock files after folders: when this one and one of them run at once`
	return tx.Commit()
}

// RenameFile takes PurgeFile's order, already reported: the fix there
// (one order for the two tables) is the fix here, and the pair it makes
// with LinkFolder is not reported a second time.
func RenameFile(db *sql.DB, folder, file int64, name string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE files SET name = ? WHERE id = ?", name, file)
	tx.Exec("UPDATE folders SET mtime = NOW() WHERE id = ?", folder)
	return tx.Commit()
}

// MoveFolder takes LinkFolder's order. Its pair with PurgeFile is named
// by PurgeFile's finding, which broke the order first: nothing is
// reported here.
func MoveFolder(db *sql.DB, folder, file, parent int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE folders SET parent_id = ? WHERE id = ?", parent, folder)
	tx.Exec("UPDATE files SET mtime = NOW() WHERE id = ?", file)
	// A second statement on files repeats this path: no other pair.
	tx.Exec("UPDATE files SET size = 0 WHERE id = ?", file)
	return tx.Commit()
}

// ReadFileFirst reads the file without a lock, then locks the folder:
// a snapshot read holds nothing, so it pairs with no path.
func ReadFileFirst(db *sql.DB, folder, file int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var name string
	if err := tx.QueryRow("SELECT name FROM files WHERE id = ?", file).Scan(&name); err != nil {
		return err
	}
	tx.Exec("UPDATE folders SET mtime = NOW() WHERE id = ?", folder)
	return tx.Commit()
}

// TagFolder and LabelFolder lock tags, then labels: one order, no cycle.
func TagFolder(db *sql.DB, tag, label int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE tags SET uses = uses + 1 WHERE id = ?", tag)
	tx.Exec("UPDATE labels SET uses = uses + 1 WHERE id = ?", label)
	return tx.Commit()
}

func LabelFolder(db *sql.DB, tag, label int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE tags SET uses = uses - 1 WHERE id = ?", tag)
	tx.Exec("UPDATE labels SET uses = uses - 1 WHERE id = ?", label)
	return tx.Commit()
}
