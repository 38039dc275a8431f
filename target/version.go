package target

// AtLeast reports whether the server's version is known and is major.minor
// or later. Rules that depend on a newer release's behaviour use it to
// stay quiet only when a live server said so.
func (s Server) AtLeast(major, minor int) bool {
	return s.Version != "" && versionAtLeast(s.Version, major, minor)
}
