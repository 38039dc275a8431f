// Package guardloop writes a note's links and then touches the note, one
// link at a time, while another path locks the note before its links.
package guardloop

import "database/sql"

// Link is one link from a note to another.
type Link struct {
	NoteID   int64
	TargetID int64
	Kind     string
}

// dropNote locks the note, then its links.
func dropNote(db *sql.DB, id int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE note SET body = '' WHERE id = ?", id); err != nil {
		return err
	}
	if _, err := tx.Exec("DELETE FROM note_link WHERE note_id = ?", id); err != nil {
		return err
	}
	return tx.Commit()
}

// linkAll writes each link, then bumps its note: the opposite order of
// dropNote's. The note a turn locks last does not guard the next turn's
// link: the first link is written before any note is locked, and the next
// link may be another note's.
func linkAll(db *sql.DB, links []Link) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i := range links {
		l := links[i]
		args := make([]any, 0, 3)
		args = append(args, l.NoteID, l.TargetID, l.Kind)
		if _, err := tx.Exec("REPLACE INTO note_link (note_id, target_id, kind) VALUES (?, ?, ?)", args...); err != nil { // want `nested-lock: REPLACE locks rows of note_link one at a time inside a loop`
			return err
		}
		if _, err := tx.Exec("UPDATE note SET body = body WHERE id = ?", l.NoteID); err != nil { // want `nested-lock: UPDATE locks rows of note one at a time inside a loop` `lock-order: this transaction locks note after holding locks on note_link`
			return err
		}
	}
	return tx.Commit()
}
