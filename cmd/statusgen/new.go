package main

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/statusgen/statusgen/generator/incident"
)

// serviceList collects --service, which may be repeated or comma-separated.
type serviceList []string

func (s *serviceList) String() string { return strings.Join(*s, ",") }

func (s *serviceList) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*s = append(*s, p)
		}
	}
	return nil
}

func init() {
	register(&command{
		name: "new", args: "incident [--service ID] [--severity S] \"Title\"",
		summary: "scaffold incidents/<date>-<slug>.md with front matter and postmortem sections",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			nowFlag(fs)
			fs.Var(&serviceList{}, "service", "affected service `ID` (or name); repeat or separate with commas")
			fs.String("severity", "minor", "`severity`: minor, major, critical or maintenance")
		},
		run: runNew,
	})
}

func runNew(c *cmdContext) int {
	if len(c.args) == 0 || c.args[0] != "incident" {
		return c.usageErr("want: statusgen new incident [--service ID] [--severity S] \"Title\"")
	}
	title := strings.TrimSpace(strings.Join(c.args[1:], " "))
	if title == "" {
		return c.usageErr("the incident needs a title, e.g. statusgen new incident --service orders-api --severity major \"Orders API returns 503s\"")
	}
	now, err := c.now()
	if err != nil {
		return c.usageErr("%v", err)
	}
	cfg, _, code := c.loadConfig()
	if cfg == nil {
		return code
	}
	services := *c.fs.Lookup("service").Value.(*serviceList)
	rel, text, err := incident.NewFile(cfg, incident.NewOptions{
		Title: title, Services: services, Severity: c.str("severity"), Now: now,
	})
	if err != nil {
		return c.usageErr("%v", err)
	}
	if err := incident.WriteNew(cfg.Dir, filepath.Join(cfg.Dir, filepath.FromSlash(rel)), text); err != nil {
		fmt.Fprintf(c.stderr, "statusgen new: %v\n", err)
		return exitInputs
	}
	fmt.Fprintf(c.stdout, "created %s\n", filepath.Join(cfg.Dir, filepath.FromSlash(rel)))
	return exitOK
}
