package extraction

// A constant in another file of the package.
const lockOrderQuery = "SELECT id, status FROM orders WHERE id = ? FOR UPDATE"
