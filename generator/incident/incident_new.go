package incident

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/sitefs"
)

// NewOptions describe the report `statusgen new incident` writes.
type NewOptions struct {
	Title    string
	Services []string // ids or names; each must exist
	Severity string   // minor | major | critical | maintenance; default minor
	Now      time.Time
}

// ErrExists is returned when the incident file is already there: nothing
// the user wrote is overwritten.
var ErrExists = errors.New("already exists")

// NewFile returns the path (relative to the site folder) and the
// text of a new incident report: valid front matter started at now (in the
// site's time zone) and the recommended postmortem sections. Unknown
// services and severities are errors that list the valid ones.
func NewFile(cfg *config.Config, o NewOptions) (string, []byte, error) {
	title := strings.TrimSpace(o.Title)
	if title == "" {
		return "", nil, errors.New("the title is empty; say what users saw, e.g. \"Orders API returns 503s\"")
	}
	sev := strings.ToLower(strings.TrimSpace(o.Severity))
	if sev == "" {
		sev = SeverityMinor
	}
	if !slices.Contains(severities, sev) {
		return "", nil, fmt.Errorf("unknown severity %q; use minor, major, critical or maintenance%s", o.Severity, config.DidYouMean(sev, severities))
	}
	var ids []string
	owner := ""
	for _, name := range o.Services {
		svc := matchService(cfg, name)
		if svc == nil {
			var known []string
			for _, s := range cfg.Services {
				known = append(known, s.ID)
			}
			return "", nil, fmt.Errorf("unknown service %q%s; services in %s: %s", name, config.DidYouMean(name, known), cfg.RelFile(), strings.Join(known, ", "))
		}
		if !slices.Contains(ids, svc.ID) {
			ids = append(ids, svc.ID)
		}
		if owner == "" {
			owner = svc.Owner
		}
	}
	now := o.Now.In(cfg.Location).Truncate(time.Minute)
	slug := Slugify(title)
	if r := []rune(slug); len(r) > 60 {
		slug = string(r[:60])
		if i := strings.LastIndexByte(slug, '-'); i > 30 {
			slug = slug[:i]
		}
	}
	if slug == "" {
		slug = "incident"
	}
	rel := "incidents/" + now.Format("2006-01-02") + "-" + slug + ".md"

	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	stamp := now.Format(time.RFC3339)
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ntitle     = %s\n", config.TOMLString(title))
	fmt.Fprintf(&b, "services  = [%s]\n", strings.Join(quoted, ", "))
	fmt.Fprintf(&b, "severity  = %q                # minor | major | critical | maintenance\n", sev)
	if sev == SeverityMaintenance {
		fmt.Fprintf(&b, "started   = %s   # the planned window starts\n", stamp)
		fmt.Fprintf(&b, "resolved  = %s   # the planned window ends\n", now.Add(time.Hour).Format(time.RFC3339))
	} else {
		fmt.Fprintf(&b, "started   = %s   # impact began\n", stamp)
		fmt.Fprintf(&b, "# detected  = %s # the team knew\n", stamp)
		fmt.Fprintf(&b, "# contained = %s # impact stopped growing\n", stamp)
		fmt.Fprintf(&b, "# resolved  = %s # service restored; leave out while ongoing\n", stamp)
	}
	if owner != "" {
		fmt.Fprintf(&b, "owner     = %s\n", config.TOMLString(owner))
	} else {
		b.WriteString("# owner   = \"Team name\"           # accountable team\n")
	}
	b.WriteString("draft     = false\n\n")
	status, text := "investigating", "We are investigating. Next update within 30 minutes."
	if sev == SeverityMaintenance {
		status, text = "scheduled", "Planned maintenance. Expect short interruptions."
	}
	fmt.Fprintf(&b, "[[updates]]\ntime   = %s\nstatus = %q\ntext   = %q\n\n", stamp, status, text)
	fmt.Fprintf(&b, "# [[actions]]\n# text  = \"What will be done\"\n# owner = \"Team name\"\n# due   = %s\n# issue = \"owner/repo#123\"\n# done  = false\n+++\n",
		now.AddDate(0, 0, 30).Format("2006-01-02"))
	if sev == SeverityMaintenance {
		b.WriteString("## Summary\n\nWhat will change and why.\n\n## Impact\n\nWhat users will notice during the window.\n")
	} else {
		fmt.Fprintf(&b, "## Summary\n\n## Impact\n\n## Timeline\n\nAll times %s.\n\n| Time | Event |\n| :--- | :---- |\n| %s | Impact began |\n\n",
			cfg.Location, now.Format("2006-01-02 15:04"))
		b.WriteString("## Root cause\n\n## Resolution\n\n## Action items\n\n## Lessons learned\n")
	}
	return rel, []byte(b.String()), nil
}

// WriteNew writes data to path, a file of the site whose folder is root,
// only if nothing is there yet, and never leaves a half-written file: it
// writes a hidden temporary file beside it and links it into place, which
// fails when path exists (a symbolic link too, wherever it leads). Its
// folder must be a folder inside root (see WritableSiteDir): one linked
// out of the site is refused, and nothing is written outside.
func WriteNew(root, path string, data []byte) error {
	dir, err := sitefs.WritableSiteDir(root, filepath.Dir(path), true)
	if err != nil {
		return err
	}
	display := path
	path = filepath.Join(dir, filepath.Base(path))
	tmp, err := os.CreateTemp(dir, ".new-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s %w; nothing was overwritten (edit it, or choose another title)", display, ErrExists)
		}
		// File systems without hard links: exclusive create.
		f, err2 := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|sitefs.ONoFollow, 0o644)
		if err2 != nil {
			if errors.Is(err2, fs.ErrExist) {
				return fmt.Errorf("%s %w; nothing was overwritten (edit it, or choose another title)", display, ErrExists)
			}
			return err2
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			os.Remove(path)
			return err
		}
		return f.Close()
	}
	return nil
}
