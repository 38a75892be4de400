// Package architecture holds no code: its test keeps the imports of the
// project's packages flowing one way, site.toml → snapshots and incidents
// → figures → pages and machine outputs → the build that writes them.
// docs/architecture.md draws the flow and says what each package owns.
package architecture
