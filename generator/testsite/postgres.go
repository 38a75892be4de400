package testsite

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// PostgresBin finds initdb and pg_ctl: in PATH, or else in the newest
// /usr/lib/postgresql/<version>/bin, where Debian's postgresql package
// puts them. It returns the folder that holds both, or "".
func PostgresBin() string {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if _, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p)
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgVersion(dirs[i]) > pgVersion(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d
		}
	}
	return ""
}

func pgVersion(bin string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bin)))
	return n
}

// Postgres starts a PostgreSQL server of its own for a test: a new
// cluster in a temporary folder (initdb), listening on a free port of
// 127.0.0.1 only, stopped and removed by t.Cleanup. It returns a
// connection string for the superuser "postgres" with password
// "secret-pw" to the database "postgres". PostgreSQL refuses to run as
// root, so as root the server runs as the user nobody. A machine without
// PostgreSQL fails the test (CI installs it: .ci/run).
func Postgres(t testing.TB) string {
	t.Helper()
	bin := PostgresBin()
	if bin == "" {
		t.Fatal("PostgreSQL is not installed (no initdb and pg_ctl in PATH or /usr/lib/postgresql/*/bin); install Debian's postgresql package, as .ci/run does")
	}
	asNobody := os.Geteuid() == 0
	parent := ""
	if asNobody {
		parent = "/tmp" // $TMPDIR may be a folder nobody cannot enter
	}
	dir, err := os.MkdirTemp(parent, "statusgen-pg-")
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	pwfile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwfile, []byte("secret-pw\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(data, 0o700); err != nil {
		t.Fatal(err)
	}
	if asNobody {
		// nobody must reach and own its folders.
		for _, p := range []string{dir, data, pwfile} {
			if err := os.Chown(p, 65534, 65534); err != nil {
				t.Fatal(err)
			}
		}
		os.Chmod(dir, 0o755)
	}
	run := func(name string, args ...string) ([]byte, error) {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		if asNobody {
			cmd = exec.Command("runuser", append([]string{"-u", "nobody", "--", filepath.Join(bin, name)}, args...)...)
		}
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LC_ALL=C")
		return cmd.CombinedOutput()
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if out, err := run("initdb", "-D", data, "-U", "postgres", "--pwfile", pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--no-sync"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	port := freePort(t)
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -c port=%d -c unix_socket_directories='' -c fsync=off -c shared_buffers=32MB", port)
	if out, err := run("pg_ctl", "-D", data, "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	t.Cleanup(func() {
		if out, err := run("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"); err != nil {
			t.Errorf("pg_ctl stop: %v\n%s", err, strings.TrimSpace(string(out)))
		}
	})
	return fmt.Sprintf("postgres://postgres:secret-pw@127.0.0.1:%d/postgres?sslmode=disable", port)
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
