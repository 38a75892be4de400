package github

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/github/githubtest"
)

// BenchmarkImportIssues imports 200 labelled issues with 5 comments each
// from the stand-in GitHub: 2 listing pages and 200 comment requests over
// loopback, then 200 files made and checked (a dry run, so the disk is not
// measured).
func BenchmarkImportIssues(b *testing.B) {
	clk := &fakeClock{now: testNow}
	srv := githubtest.New(clk.Now)
	defer srv.Close()
	for i := 1; i <= 200; i++ {
		is := &githubtest.Issue{Title: fmt.Sprintf("Blip %d", i), Labels: []string{"incident", "severity:minor", "service:orders-api"}, State: "closed",
			CreatedAt: testNow.Add(-time.Duration(300-i) * time.Hour), ClosedAt: testNow.Add(-time.Duration(300-i)*time.Hour + 10*time.Minute)}
		for j := 0; j < 5; j++ {
			is.Comments = append(is.Comments, &githubtest.Comment{Body: "Monitoring: still fine.", CreatedAt: is.CreatedAt.Add(time.Duration(j) * time.Minute)})
		}
		srv.AddIssue("acme/status", is)
	}
	c, err := New(Options{APIURL: srv.URL, Now: clk.Now, Sleep: clk.Sleep})
	if err != nil {
		b.Fatal(err)
	}
	cfg := writeSite(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		changes, _, err := c.ImportIssues(context.Background(), ImportOptions{Repo: Repo{"acme", "status"}, Config: cfg, DryRun: true})
		if err != nil || len(changes) != 200 {
			b.Fatalf("%d changes, %v", len(changes), err)
		}
	}
}
