package config

import (
	"strings"
	"testing"
	"time"
)

func TestSourceValidation(t *testing.T) {
	head := "title = \"T\"\nbase_url = \"https://s.example.com/\"\n[[service]]\nid = \"a\"\nname = \"A\"\n[service.source]\n"
	for _, c := range []struct{ src, want string }{
		{"url = \"http://p:9090\"\ngood = \"x\"", "give good and total together"},
		{"url = \"http://p:9090\"", "a source needs good and total, or [service.source.columns]"},
		{"good = \"x\"\ntotal = \"y\"", "[service.source] url: missing"},
		{"type = \"influx\"\nurl = \"http://p:9090\"\ngood = \"x\"\ntotal = \"y\"", `"influx" is not a source type`},
		{"url = \"http://p:9090\"\ngood = \"x\"\ntotal = \"y\"\nstep = \"90m\"\nbackfill = \"2y\"", `backfill: "2y" is not a duration`},
		{"url = \"http://p:9090\"\n[service.source.columns]\nLag = \"x\"", `"Lag" is not a column name`},
		{"url = \"http://p:9090\"\n[service.source.columns]\ngood = \"x\"", "good is written by the source itself"},
		{"url = \"http://p:9090\"\ngood = \"x\"\ntotal = \"y\"\n[service.source.header_env]\nX-Scope-OrgID = \"tenant 1\"", "the value is not the name of an environment variable"},
	} {
		_, ds := loadTOML(t, head+c.src+"\n")
		if !ds.HasErrors() || !strings.Contains(ds.Error(), c.want) {
			t.Errorf("%s\n got %v\nwant %s", c.src, ds, c.want)
		}
	}
	cfg, ds := loadTOML(t, head+"url = \"http://p:9090\"\n[service.source.columns]\nlag_s = \"time() - max(x)\"\n")
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	src := cfg.Services[0].Source
	if src.Type != SourcePrometheus || src.StepDur != 5*time.Minute || src.BackfillDur != 7*24*time.Hour || src.SettleDur != 2*time.Minute {
		t.Errorf("defaults: %+v", src)
	}
}
