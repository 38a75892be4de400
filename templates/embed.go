// Package templates holds statusgen's default HTML templates and assets,
// embedded in the binary. A site overrides any of them with a file of the
// same name in its own templates/ folder.
package templates

import "embed"

// FS holds the page templates (*.html) and the static assets (assets/).
//
//go:embed *.html assets
var FS embed.FS
