package extract

import (
	"strings"

	"github.com/locklint/locklint/models"
)

// RowColumns lists the columns a whole-row write (RowValue: GORM's Save of
// a struct) stores with what the flow's read returned: fields written back
// as they were read, and fields assigned from values derived from them
// (acc.Balance += n counts: its new value derives from the old one).
// Fields the function assigns after the read from other values (the
// caller's, parameters) are left out, as are the primary key, which
// selects the row, and the columns GORM maintains itself (CreatedAt,
// UpdatedAt, the soft-delete column). ok is false when the written value's
// model cannot be told: then every column may carry the read.
func (fl *Flow) RowColumns(dst *Site) (cols []string, ok bool) {
	if fl == nil {
		return nil, false
	}
	e := dst.RowValue()
	if e == nil {
		return nil, false
	}
	root := lhsRef(fl.f.info, e)
	d := models.V2
	if dst.Framework == GORMv1 {
		d = models.V1
	}
	m := models.Parse(fl.f.info.TypeOf(e), "", d)
	if !root.Valid() || m == nil {
		return nil, false
	}
	edges := afterRead(fl.f.Body(), collectEdges(fl.f.info, fl.f.Body()), fl.read)
	for _, c := range m.Columns {
		field := c.Path[len(c.Path)-1]
		if c.Primary || c.Name == m.SoftDelete || field == "CreatedAt" || field == "UpdatedAt" {
			continue
		}
		assigned, carried := false, false
		for _, ed := range edges {
			if ed.to.Root != root.Root || !strings.HasPrefix(ed.to.Path, root.Path) {
				continue
			}
			rest := ed.to.Path[len(root.Path):]
			if rest != "" && !strings.HasSuffix(rest, "."+field) {
				continue // another field (promoted fields are named without their embedding)
			}
			assigned = true
			carried = carried || fl.mentions(ed.from) || ed.self && fl.has(ed.to)
		}
		if !assigned {
			carried = fl.has(Ref{Root: root.Root, Path: root.Path + "." + field})
		}
		if carried {
			cols = append(cols, c.Name)
		}
	}
	return cols, true
}
