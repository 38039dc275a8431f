// Package gormjoins is checked with no schema but its models' gorm tags,
// for the join tables GORM builds from many2many fields.
package gormjoins

import (
	"gormjoins/models"

	"gorm.io/gorm"
)

// TeamStore edits team membership.
type TeamStore struct {
	db *gorm.DB
}

func NewTeamStore(db *gorm.DB) *TeamStore { return &TeamStore{db: db} }

// SetTeams replaces a member's teams. member_id leads the join table's
// primary key: the DELETE is an indexed range, and the INSERTs after it go
// into the gap it locked when the member had no teams.
func (s *TeamStore) SetTeams(memberID uint, codes []string) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("member_id = ?", memberID).Delete(&models.MemberTeam{}).Error; err != nil {
			return err
		}
		for _, c := range codes {
			if err := tx.Create(&models.MemberTeam{MemberID: memberID, TeamCode: c}).Error; err != nil { // want `check-then-insert: INSERT into member_teams after DELETE`
				return err
			}
		}
		return nil
	})
}

// DisbandTeam deletes by team_code, the second column of the primary key:
// no index starts with it, so the whole table is locked until commit.
func (s *TeamStore) DisbandTeam(code string) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("team_code = ?", code).Delete(&models.MemberTeam{}).Error; err != nil { // want `unindexed-lock: DELETE on member_teams can use no index \(index primary \(member_id, team_code\) cannot be used without its leftmost column member_id\)`
			return err
		}
		return tx.Where("code = ?", code).Delete(&models.Team{}).Error
	})
}

// MoveTeam re-homes every member of a team: the DELETE locks the whole
// table (reported above for DisbandTeam's form), so concurrent moves queue
// behind each other instead of sharing a gap lock: no check-then-insert.
func (s *TeamStore) MoveTeam(from, to string, members []uint) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("team_code = ?", from).Delete(&models.MemberTeam{}).Error; err != nil { // want `unindexed-lock: DELETE on member_teams`
			return err
		}
		for _, m := range members {
			if err := tx.Create(&models.MemberTeam{MemberID: m, TeamCode: to}).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// ClearRoles deletes by the tag-named leading column member_ref.
func (s *TeamStore) ClearRoles(memberID uint) error {
	return s.db.Exec("DELETE FROM member_roles WHERE member_ref = ?", memberID).Error
}

// DropRole deletes by role_ref, second in the join table's primary key.
func (s *TeamStore) DropRole(roleID uint) error {
	return s.db.Exec("DELETE FROM member_roles WHERE role_ref = ?", roleID).Error // want `unindexed-lock: DELETE on member_roles can use no index`
}

// Untag deletes from member_tags by its leading column.
func (s *TeamStore) Untag(memberID uint) error {
	return s.db.Exec("DELETE FROM member_tags WHERE member_id = ?", memberID).Error
}

// ReviewStore edits project reviewers, whose join table two models
// declare in opposite column orders: its primary key is unknown, so
// neither DELETE is called unindexed.
type ReviewStore struct {
	db *gorm.DB
}

func (s *ReviewStore) DropProject(projectID uint) error {
	return s.db.Exec("DELETE FROM project_reviewers WHERE project_id = ?", projectID).Error
}

func (s *ReviewStore) DropReviewer(reviewerID uint) error {
	return s.db.Exec("DELETE FROM project_reviewers WHERE reviewer_id = ?", reviewerID).Error
}

// SetReviewers replaces a project's reviewers. Whether the DELETE uses
// an index and shares a gap lock with a concurrent call, or scans the
// whole join table and makes the calls queue, depends on the primary key
// nobody can tell: nothing is reported.
func (s *ReviewStore) SetReviewers(projectID uint, reviewers []uint) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM project_reviewers WHERE project_id = ?", projectID).Error; err != nil {
			return err
		}
		for _, r := range reviewers {
			if err := tx.Exec("INSERT INTO project_reviewers (project_id, reviewer_id) VALUES (?, ?)", projectID, r).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// SetWatchers does the same on a table no model describes at all: the
// DELETE is taken as the gap-locking check it usually is.
func (s *ReviewStore) SetWatchers(projectID uint, watchers []uint) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM project_watchers WHERE project_id = ?", projectID).Error; err != nil {
			return err
		}
		for _, w := range watchers {
			if err := tx.Exec("INSERT INTO project_watchers (project_id, watcher_id) VALUES (?, ?)", projectID, w).Error; err != nil { // want `check-then-insert: INSERT into project_watchers after DELETE`
				return err
			}
		}
		return nil
	})
}
