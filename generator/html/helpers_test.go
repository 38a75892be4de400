package html

import "time"

// fixedNow is the build time of the tests' sites.
var fixedNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
