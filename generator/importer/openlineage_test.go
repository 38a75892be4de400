package importer

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/metrics"
)

// Events as Airflow's OpenLineage provider writes them with the file
// transport: START and COMPLETE/FAIL per task run, other jobs mixed in,
// RUNNING events between, one run still going, one broken line.
const olEvents = `{"eventType":"START","eventTime":"2026-11-20T02:00:00.120Z","run":{"runId":"01930e4b-0000-7000-8000-000000000001","facets":{"nominalTime":{"nominalStartTime":"2026-11-20T02:00:00Z"}}},"job":{"namespace":"airflow","name":"nightly_etl.load_orders"},"inputs":[],"outputs":[],"producer":"https://github.com/apache/airflow/tree/providers-openlineage/1.14.0","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}
{"eventType":"RUNNING","eventTime":"2026-11-20T02:03:00Z","run":{"runId":"01930e4b-0000-7000-8000-000000000001"},"job":{"namespace":"airflow","name":"nightly_etl.load_orders"}}
{"eventType":"COMPLETE","eventTime":"2026-11-20T02:07:30.900Z","run":{"runId":"01930e4b-0000-7000-8000-000000000001"},"job":{"namespace":"airflow","name":"nightly_etl.load_orders"},"outputs":[{"namespace":"postgres://db:5432","name":"public.orders"}]}
{"eventType":"START","eventTime":"2026-11-21T02:00:00Z","run":{"runId":"01930e4b-0000-7000-8000-000000000002"},"job":{"namespace":"airflow","name":"nightly_etl.load_orders"}}
{"eventType":"FAIL","eventTime":"2026-11-21T02:01:15Z","run":{"runId":"01930e4b-0000-7000-8000-000000000002","facets":{"errorMessage":{"message":"psycopg2.OperationalError: could not connect to server","programmingLanguage":"python"}}},"job":{"namespace":"airflow","name":"nightly_etl.load_orders"}}
{"eventType":"START","eventTime":"2026-11-21T03:00:00Z","run":{"runId":"01930e4b-0000-7000-8000-000000000003"},"job":{"namespace":"spark","name":"sessionize"}}
{"eventType":"COMPLETE","eventTime":"2026-11-21T03:20:00Z","run":{"runId":"01930e4b-0000-7000-8000-000000000003"},"job":{"namespace":"spark","name":"sessionize"}}
{"eventType":"START","eventTime":"2026-11-22T02:00:00Z","run":{"runId":"01930e4b-0000-7000-8000-000000000004"},"job":{"namespace":"airflow","name":"nightly_etl.load_orders"}}
{"eventType":"COMPLETE","eventTime":"2026-11-22T02:05:00Z","run":{"runId":"01930e4b-0000-7000-8000-000000000004"},"job":{"namespace":"airflow","name":"nightly_etl.load_orders"}}
{"eventType":"START","eventTime":"2026-11-23T02:00:00Z","run":{"runId":"01930e4b-0000-7000-8000-000000000005"},"job":{"namespace":"airflow","name":"nightly_etl.load_orders"}}
{"eventType":"COMPLETE","eventTime":"not a time"
`

func TestImportOpenLineage(t *testing.T) {
	s := newSite(t, map[string]string{"ol/events.jsonl": olEvents})
	var sum Summary
	err := s.ImportOpenLineage(filepath.Join(s.Config.Dir, "ol"), OpenLineageOptions{PipelineOptions: PipelineOptions{Service: "api"}, Jobs: []string{"nightly_etl.load_orders"}}, &sum)
	if err != nil {
		t.Fatal(err)
	}
	// Runs 1, 2, 4 ended: 2 of 3 succeeded; run 5 has no end. Durations:
	// 02:00:00 → 02:07:30 (times to the second) = 450 s; 75 s; 300 s.
	want := "time,good,total,duration_s\n2026-11-20T02:07:30Z,1,1,450\n2026-11-21T02:01:15Z,0,1,75\n2026-11-22T02:05:00Z,1,1,300\n"
	if got := readAll(t, filepath.Join(s.Config.Dir, "content/metrics/api/2026-11.csv")); got != want {
		t.Errorf("rows:\n%s\nwant\n%s", got, want)
	}
	notes := strings.Join(sum.Notes, "\n")
	if !strings.Contains(notes, "job airflow/nightly_etl.load_orders: 2 of 3 ended runs succeeded; 1 run without an end") || strings.Contains(notes, "sessionize") {
		t.Errorf("notes:\n%s", notes)
	}
	if !strings.Contains(strings.Join(sum.Skipped, "\n"), "1 line not a run event with a time in 1970..2199 (the first on line 11)") || sum.Err() != nil {
		t.Errorf("skipped %v", sum.Skipped)
	}
	runs, _ := metrics.ReadRunDetails(s.Config.Dir, s.MetricsDir("api"), time.Time{}, time.Time{})
	if len(runs) != 3 || !runs[1].Items[0].Failed || runs[1].Items[0].Message != "psycopg2.OperationalError: could not connect to server" || runs[1].Name != "airflow/nightly_etl.load_orders" {
		t.Errorf("details: %+v", runs)
	}
	// All jobs: the Spark job's run too.
	sum = Summary{}
	if err := s.ImportOpenLineage(filepath.Join(s.Config.Dir, "ol", "events.jsonl"), OpenLineageOptions{PipelineOptions: PipelineOptions{Service: "web"}}, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.NImported != 4 || !strings.Contains(strings.Join(sum.Notes, "\n"), "job spark/sessionize: 1 of 1 ended run succeeded") {
		t.Errorf("all jobs: %+v", sum)
	}
	if err := s.ImportOpenLineage(filepath.Join(s.Config.Dir, "ol"), OpenLineageOptions{PipelineOptions: PipelineOptions{Service: "api"}, Jobs: []string{"nope"}}, &Summary{}); err == nil {
		t.Error("an unknown job is no error")
	}
}
