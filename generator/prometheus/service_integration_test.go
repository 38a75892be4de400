package prometheus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/testsite"
)

// TestImportServiceReal runs ImportService against a real Prometheus (Debian's prometheus package; .ci/run installs it) holding
// history backfilled with promtool from an OpenMetrics file written here.
func TestImportServiceReal(t *testing.T) {
	for _, tool := range []string{"prometheus", "promtool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed: this test needs a real Prometheus; .ci/run installs it (apt_install prometheus), or run: apt-get install prometheus", tool)
		}
	}
	work := t.TempDir()

	// Two counters, one sample a minute, from 23:30 the day before to
	// 01:10 (minute m counts from s, 2025-06-01T00:00:00Z; well in the past,
	// so the blocks are older than any head). rate200(m) and rate500(m) are
	// the requests of the minute that ends at m:
	//
	//   minutes -29…10   200: 10/min   500: 0/min
	//   minutes  11…20   200:  8/min   500: 2/min
	//   minutes  21…30   flat (no requests)
	//   minutes  31…70   200:  6/min   500: 1/min
	//
	// Neither series has samples at minutes 31…49 (the target was down),
	// and code="200" has none at 61…69 while code="500" goes on.
	s := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	rate := func(m int) (r200, r500 float64) {
		switch {
		case m <= 10:
			return 10, 0
		case m <= 20:
			return 8, 2
		case m <= 30:
			return 0, 0
		}
		return 6, 1
	}
	var c200, c500 strings.Builder
	v200, v500 := 1000.0, 100.0
	for m := -30; m <= 70; m++ {
		if m > -30 {
			r200, r500 := rate(m)
			v200 += r200
			v500 += r500
		}
		ts := s.Add(time.Duration(m) * time.Minute).Unix()
		if m >= 31 && m <= 49 {
			continue
		}
		if m < 61 || m > 69 {
			fmt.Fprintf(&c200, "http_requests_total{code=\"200\"} %g %d\n", v200, ts)
		}
		fmt.Fprintf(&c500, "http_requests_total{code=\"500\"} %g %d\n", v500, ts)
	}
	om := "# HELP http_requests Requests served.\n# TYPE http_requests counter\n" + c200.String() + c500.String() + "# EOF\n"
	omFile := filepath.Join(work, "history.om")
	data := filepath.Join(work, "data")
	if err := os.WriteFile(omFile, []byte(om), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("promtool", "tsdb", "create-blocks-from", "openmetrics", omFile, data).CombinedOutput(); err != nil {
		t.Fatalf("promtool tsdb create-blocks-from openmetrics: %v\n%s", err, out)
	}

	url := startPrometheus(t, work, data)

	// The range 00:00–01:10 every 5m is 15 steps; at most 4 a request makes
	// 4 ranges (4+4+4+3 steps), each asked for good and total: 8 requests.
	// increase(x[5m]) at a step is the requests of the 5 minutes before it
	// (counters growing linearly; Prometheus's extrapolation gives exactly
	// that), summed over the series:
	//   00:00, 00:05, 00:10   good 5×10 = 50        total 50 + 5×0 = 50
	//   00:15, 00:20          good 5×8  = 40        total 40 + 5×2 = 50
	//   00:25, 00:30          good 0                total 0 (no requests: a row of zeros)
	//   00:35 … 00:50         fewer than 2 samples in the window: no data, no row
	//   00:55, 01:00          good 5×6  = 30        total 30 + 5×1 = 35
	//   01:05, 01:10          code="200" has < 2 samples: good missing, skipped
	dir := testsite.Write(t, serviceSite)
	client := &Client{URL: url, HTTP: &http.Client{Timeout: time.Minute}}
	opts := ImportOptions{ConfigPath: filepath.Join(dir, "site.toml"), Service: "api",
		Good:  `sum(increase(http_requests_total{code!~"5.."}[5m]))`,
		Total: `sum(increase(http_requests_total[5m]))`,
		Start: "2025-06-01T00:00:00Z", End: "2025-06-01T01:10:00Z", Step: "5m", MaxPoints: 4}
	imp, err := ImportService(context.Background(), client, opts)
	if err != nil {
		t.Fatal(err)
	}
	res := imp.Result
	csv := filepath.Join(dir, "content", "metrics", "api", "2025-06.csv")
	if res.Start != s || res.End != s.Add(70*time.Minute) || res.Steps != 15 || res.Requests != 8 || len(res.Rows) != 9 || res.NoData != 4 {
		t.Errorf("result %+v", res)
	}
	if want := []Skip{{"good missing", 2, s.Add(65 * time.Minute)}}; !reflect.DeepEqual(res.Skipped, want) {
		t.Errorf("skipped %v, want %v", res.Skipped, want)
	}
	if len(imp.Files) != 1 || imp.Files[0].Path != csv || !imp.Files[0].Created || imp.Added != 9 || imp.Duplicates != 0 {
		t.Errorf("import %+v", imp)
	}
	want := `time,good,total
2025-06-01T00:00:00Z,50,50
2025-06-01T00:05:00Z,50,50
2025-06-01T00:10:00Z,50,50
2025-06-01T00:15:00Z,40,50
2025-06-01T00:20:00Z,40,50
2025-06-01T00:25:00Z,0,0
2025-06-01T00:30:00Z,0,0
2025-06-01T00:55:00Z,30,35
2025-06-01T01:00:00Z,30,35
`
	if got, err := os.ReadFile(csv); err != nil || string(got) != want {
		t.Fatalf("%s: %v\n%s\nwant\n%s", csv, err, got, want)
	}

	// Again: nothing is added twice.
	if imp, err = ImportService(context.Background(), client, opts); err != nil || imp.Added != 0 || imp.Duplicates != 9 {
		t.Errorf("second run: %v, %+v", err, imp)
	}
	if got, _ := os.ReadFile(csv); string(got) != want {
		t.Errorf("the second run changed %s:\n%s", csv, got)
	}

	// Without sum() the query returns one series per code: an error.
	opts.Total = `increase(http_requests_total[5m])`
	_, err = ImportService(context.Background(), client, opts)
	if !errors.Is(err, ErrManySeries) || !strings.Contains(err.Error(), "the total query returned 2 series") || !strings.Contains(err.Error(), `{code="200"}`) {
		t.Errorf("two series: %v", err)
	}
	// A PromQL error is Prometheus's own message.
	opts.Total = `sum(increase(http_requests_total[5m])`
	_, err = ImportService(context.Background(), client, opts)
	var ae *APIError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "prometheus bad_data error (HTTP 400)") || !strings.Contains(err.Error(), "parse error") {
		t.Errorf("bad PromQL: %v", err)
	}
}

// startPrometheus runs prometheus on a free port of 127.0.0.1 over the
// TSDB in data, waits (at most 60s) until it is ready and stops it when
// the test ends. It returns its base URL.
func startPrometheus(t *testing.T, work, data string) string {
	t.Helper()
	cfg := filepath.Join(work, "prometheus.yml")
	if err := os.WriteFile(cfg, []byte("global:\n  scrape_interval: 1h\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()

	var logs bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, "prometheus",
		"--config.file="+cfg,
		"--storage.tsdb.path="+data,
		"--storage.tsdb.retention.time=100y", // keep the backfilled past
		"--web.listen-address="+addr,
		"--log.level=warn")
	cmd.Dir = work
	cmd.Stdout, cmd.Stderr = &logs, &logs
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second // then it is killed
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("starting prometheus: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cancel()
		<-exited
	})

	url := "http://" + addr
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("prometheus exited before it was ready: %v\n%s", err, logs.String())
		default:
		}
		if resp, err := client.Get(url + "/-/ready"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("prometheus at %s was not ready after 60s\n%s", url, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
