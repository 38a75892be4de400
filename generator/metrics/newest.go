package metrics

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"time"

	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/sitefs"
)

// NewestTime is the time of the newest row in dir's month files named
// <prefix><YYYY-MM>.csv, and false when they hold none (or there are
// none). It reads the newest month first and stops at the first that
// holds a row; rows it cannot read are passed over. Like every read of
// the site, it follows no link out of root.
func NewestTime(root, dir, prefix string) (time.Time, bool, error) {
	entries, err := sitefs.ReadSiteDir(root, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, err
	}
	month := regexp.MustCompile(`^` + regexp.QuoteMeta(prefix) + `\d{4}-\d{2}\.csv$`)
	var names []string
	for _, e := range entries {
		if !e.IsDir() && month.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(names)))
	for _, n := range names {
		p := filepath.Join(dir, n)
		f, err := sitefs.OpenSiteFile(root, p)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("%s: %w", diag.RelPath(root, p), err)
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		r.ReuseRecord = true
		var newest int64
		found := false
		for line := 0; ; line++ {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil || line == 0 || len(rec) == 0 {
				continue
			}
			if t, err := parseSampleTime(rec[0]); err == nil && timeRange(t) == "" && (!found || t > newest) {
				newest, found = t, true
			}
		}
		f.Close()
		if found {
			return time.Unix(newest, 0).UTC(), true, nil
		}
	}
	return time.Time{}, false, nil
}
