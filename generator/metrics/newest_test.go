package metrics

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestNewestTime(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "content", "metrics", "api")
	if _, ok, err := NewestTime(root, dir, "source-"); ok || err != nil {
		t.Fatalf("no folder: %v %v", ok, err)
	}
	os.MkdirAll(dir, 0o755)
	for name, body := range map[string]string{
		"source-2026-10.csv": "time,good,total\n2026-10-31T23:55:00Z,1,1\n2026-10-31T23:50:00Z,1,1\n",
		"source-2026-11.csv": "time,good,total\n", // the header only: look at the month before
		"2026-12.csv":        "time,status\n2026-12-01T00:00:00Z,up\n",
		"source-x.csv":       "time\n2027-01-01T00:00:00Z\n",
	} {
		os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
	}
	got, ok, err := NewestTime(root, dir, "source-")
	if err != nil || !ok || !got.Equal(time.Date(2026, 10, 31, 23, 55, 0, 0, time.UTC)) {
		t.Errorf("got %v %v %v", got, ok, err)
	}
}
