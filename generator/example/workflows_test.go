package example_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/statusgen/statusgen/generator/example"
)

// The deploy job runs on scheduled events: its condition does not rest on
// github.event.repository.default_branch alone, which has been empty on
// schedule. Checked in the repository's workflow and in the one
// statusgen init writes; both build with the statusgen Action.
func TestDeployRunsOnSchedule(t *testing.T) {
	repo, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", "status.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string][]byte{
		"repository": repo, "init": example.NewSiteWorkflows("v1.2.3")[".github/workflows/status.yml"],
	} {
		var wf struct {
			Jobs map[string]struct {
				If    string `yaml:"if"`
				Steps []struct {
					Uses string `yaml:"uses"`
				} `yaml:"steps"`
			} `yaml:"jobs"`
		}
		if err := yaml.Unmarshal(src, &wf); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cond := wf.Jobs["deploy"].If
		if !strings.Contains(cond, "github.event_name == 'schedule' ||") || !strings.Contains(cond, "github.event_name == 'push' ||") {
			t.Errorf("%s: deploy condition %q does not hold on schedule and push", name, cond)
		}
		uses := false
		for _, s := range wf.Jobs["build"].Steps {
			uses = uses || s.Uses == "./" || s.Uses == "statusgen/statusgen@v1.2.3"
		}
		if !uses {
			t.Errorf("%s: the build job does not use the statusgen Action", name)
		}
	}
}
