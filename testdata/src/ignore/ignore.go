package ignore

import "database/sql"

func f(db *sql.DB, id int64) {
	//locklint:ignore lock-outside-tx the row is re-checked by the UPDATE's WHERE
	db.QueryRow("SELECT id FROM accounts WHERE id = ? FOR UPDATE", id)

	db.QueryRow("SELECT id FROM accounts WHERE id = ? FOR UPDATE", id) //locklint:ignore lock-outside-tx,range-lock warm-up query

	//locklint:ignore range-lock wrong rule: does not silence lock-outside-tx
	db.QueryRow("SELECT id FROM accounts WHERE id = ? FOR UPDATE", id) // want `lock-outside-tx`

	/* want `locklint: //locklint:ignore lock-outside-tx needs a reason after the rule ID` */ //locklint:ignore lock-outside-tx
	db.QueryRow("SELECT id FROM accounts WHERE id = ? FOR UPDATE", id)                        // want `lock-outside-tx`

	/* want `locklint: //locklint:ignore names unknown rule no-such-rule` */ //locklint:ignore no-such-rule because
	db.QueryRow("SELECT 1")
}
