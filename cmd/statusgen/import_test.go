package main

import (
	"flag"
	"strings"
	"testing"
)

func TestImportDispatch(t *testing.T) {
	var got []string
	registerImporter(&command{name: "testsource", args: "FILE", summary: "a source for the test",
		flags: func(fs *flag.FlagSet) { dryRunFlag(fs) },
		run: func(c *cmdContext) int {
			got = append(got, c.cmd.name, strings.Join(c.args, ","), c.str("dry-run"))
			return exitOK
		}})
	defer delete(importGroup.subs, "testsource")

	if code, _, _ := runCLI(t, nil, "import", "testsource", "a.json", "--dry-run"); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if want := "import testsource,a.json,true"; strings.Join(got, ",") != want {
		t.Errorf("run got %q, want %q", strings.Join(got, ","), want)
	}
	code, out, _ := runCLI(t, nil, "import", "--help")
	if code != exitOK || !strings.Contains(out, "testsource") || !strings.Contains(out, "a source for the test") {
		t.Errorf("import --help: exit %d, output %q", code, out)
	}
	code, out, _ = runCLI(t, nil, "import", "testsource", "--help")
	if code != exitOK || !strings.Contains(out, "Usage: statusgen import testsource FILE") || !strings.Contains(out, "-dry-run") {
		t.Errorf("import testsource --help: exit %d, output %q", code, out)
	}
	if code, _, errs := runCLI(t, nil, "import", "nosuch"); code != exitUsage || !strings.Contains(errs, `unknown source "nosuch"`) {
		t.Errorf("unknown source: exit %d, stderr %q", code, errs)
	}
	if code, _, _ := runCLI(t, nil, "import"); code != exitUsage {
		t.Errorf("no source: exit %d, want %d", code, exitUsage)
	}
	if code, _, errs := runCLI(t, nil, "import", "testsource", "--bogus"); code != exitUsage || !strings.Contains(errs, "bogus") {
		t.Errorf("bad flag: exit %d, stderr %q", code, errs)
	}
}
