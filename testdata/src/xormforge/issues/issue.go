// Package issues stores a forge's issues. Its models are named by the
// mapper the db package gives the engine.
package issues

import (
	"context"

	"xorm.io/xorm"

	"xormforge/db"
)

// Issue is one issue of a repository, numbered per repository.
type Issue struct {
	ID       int64 `xorm:"pk autoincr"`
	RepoID   int64 `xorm:"INDEX UNIQUE(repo_index)"`
	Index    int64 `xorm:"UNIQUE(repo_index)"`
	PosterID int64 `xorm:"INDEX"`
	IsClosed bool
	Title    string `xorm:"name"`
}

// LockIssue locks one issue by its repository and number: a full unique
// key.
func LockIssue(ctx context.Context, repoID, index int64) (*Issue, error) {
	issue := &Issue{RepoID: repoID, Index: index}
	err := db.WithTx(ctx, func(sess *xorm.Session) error {
		_, err := sess.ForUpdate().Get(issue)
		return err
	})
	return issue, err
}

// LockRepoIssues locks every issue of a repository through the
// non-unique index on repo_id.
func LockRepoIssues(ctx context.Context, repoID int64) ([]*Issue, error) {
	var out []*Issue
	err := db.WithTx(ctx, func(sess *xorm.Session) error {
		return sess.Where("repo_id = ?", repoID).ForUpdate().Find(&out) // want `range-lock: SELECT ... FOR UPDATE on issue finds its rows by equality on the non-unique index`
	})
	return out, err
}

// LockOpen locks the open issues: no index on is_closed.
func LockOpen(ctx context.Context) ([]*Issue, error) {
	var out []*Issue
	err := db.WithTx(ctx, func(sess *xorm.Session) error {
		return sess.Where("is_closed = ?", false).ForUpdate().Find(&out) // want `unindexed-lock: SELECT ... FOR UPDATE on issue can use no index`
	})
	return out, err
}

// LockByPoster locks a poster's issues by a bean field the mapper names
// poster_id: the INDEX on it makes it a range, not a scan.
func LockByPoster(ctx context.Context, posterID int64) error {
	return db.WithTx(ctx, func(sess *xorm.Session) error {
		var out []*Issue
		return sess.ForUpdate().Find(&out, &Issue{PosterID: posterID}) // want `range-lock: SELECT ... FOR UPDATE on issue finds its rows by equality on the non-unique index idx_poster_id \(poster_id\)`
	})
}

// Comment is still made by xorm's Sync, from its xorm tags; the
// `gorm:"-"` marks only keep a field out of the GORM models the forge is
// moving to, and make it no GORM model.
type Comment struct {
	ID      int64  `xorm:"pk autoincr"`
	IssueID int64  `xorm:"INDEX"`
	Issue   *Issue `xorm:"-" gorm:"-"`
	Body    string `xorm:"TEXT"`
}

// LockComments locks an issue's comments through the xorm INDEX on
// issue_id.
func LockComments(ctx context.Context, issueID int64) error {
	return db.WithTx(ctx, func(sess *xorm.Session) error {
		var out []*Comment
		return sess.Where("issue_id = ?", issueID).ForUpdate().Find(&out) // want `range-lock: SELECT ... FOR UPDATE on comment finds its rows by equality on the non-unique index idx_issue_id \(issue_id\)`
	})
}
