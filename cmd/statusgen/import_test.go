package main

import (
	"bytes"
	"flag"
	"strings"
	"testing"
	"time"
)

// runImportCLI runs statusgen in-process with a fixed clock.
func runImportCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" },
		clock: func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }}
	code = run(args, e)
	return code, out.String(), errb.String()
}

func TestImportDispatch(t *testing.T) {
	var got []string
	registerImporter(&command{name: "testsource", args: "FILE", summary: "a source for the test",
		flags: func(fs *flag.FlagSet) { dryRunFlag(fs) },
		run: func(c *cmdContext) int {
			got = append(got, c.cmd.name, strings.Join(c.args, ","), c.str("dry-run"))
			return exitOK
		}})
	defer delete(importGroup.subs, "testsource")

	if code, _, _ := runImportCLI(t, "import", "testsource", "a.json", "--dry-run"); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if want := "import testsource,a.json,true"; strings.Join(got, ",") != want {
		t.Errorf("run got %q, want %q", strings.Join(got, ","), want)
	}
	code, out, _ := runImportCLI(t, "import", "--help")
	if code != exitOK || !strings.Contains(out, "testsource") || !strings.Contains(out, "a source for the test") {
		t.Errorf("import --help: exit %d, output %q", code, out)
	}
	code, out, _ = runImportCLI(t, "import", "testsource", "--help")
	if code != exitOK || !strings.Contains(out, "Usage: statusgen import testsource FILE") || !strings.Contains(out, "-dry-run") {
		t.Errorf("import testsource --help: exit %d, output %q", code, out)
	}
	if code, _, errs := runImportCLI(t, "import", "nosuch"); code != exitUsage || !strings.Contains(errs, `unknown source "nosuch"`) {
		t.Errorf("unknown source: exit %d, stderr %q", code, errs)
	}
	if code, _, _ := runImportCLI(t, "import"); code != exitUsage {
		t.Errorf("no source: exit %d, want %d", code, exitUsage)
	}
	if code, _, errs := runImportCLI(t, "import", "testsource", "--bogus"); code != exitUsage || !strings.Contains(errs, "bogus") {
		t.Errorf("bad flag: exit %d, stderr %q", code, errs)
	}
}
