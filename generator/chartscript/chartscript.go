// Package chartscript fetches, verifies and loads the pinned ECharts script
// that the pages' charts run on.
package chartscript

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/statusgen/statusgen/generator/diag"
)

// The charting script is the pinned ECharts release from the npm registry.
// It is never committed and never loaded from another host at view time:
// `statusgen assets` fetches the package with npm, checks it against
// EChartsIntegrity (the registry's dist.integrity of the tarball) and
// keeps dist/echarts.min.js in a cache outside the repository; every build
// checks that file against EChartsSHA256 and copies it into
// public/assets/. Without it, pages show their static charts.
const (
	EChartsVersion   = "5.6.0"
	EChartsIntegrity = "sha512-oTbVTsXfKuEhxftHqL5xprgLoc0k7uScAwtryCgWF6hPYFLRwOUHiFmHGCBKP5NPFNkDVopOieyUqYGH8Fa3kA=="
	EChartsSHA256    = "bf4a223524e40b77c304bec67e1222cf551f14880cf42c69dc046558e11c07b1" // of package/dist/echarts.min.js
)

// Script is the charting script and its licence, as copied into
// public/assets/.
type Script struct {
	Script  []byte // echarts.min.js
	License []byte
}

// DefaultCacheDir is where fetched assets are kept: $STATUSGEN_CACHE, or
// statusgen/ in the user's cache folder (~/.cache on Linux).
func DefaultCacheDir() string {
	if d := os.Getenv("STATUSGEN_CACHE"); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "statusgen")
	}
	return filepath.Join(os.TempDir(), "statusgen-cache")
}

func echartsDir(cache string) string { return filepath.Join(cache, "echarts-"+EChartsVersion) }

// Load returns the cached charting script after checking it
// against the pinned hash. The error says how to get it.
func Load(cache string) (*Script, error) {
	dir := echartsDir(cache)
	js, err := os.ReadFile(filepath.Join(dir, "echarts.min.js"))
	if err != nil {
		return nil, fmt.Errorf("echarts %s is not in %s; run `statusgen assets` (needs npm) to fetch it", EChartsVersion, dir)
	}
	if sum := sha256.Sum256(js); hex.EncodeToString(sum[:]) != EChartsSHA256 {
		return nil, fmt.Errorf("%s does not match the pinned echarts %s; delete it and run `statusgen assets` again",
			filepath.Join(dir, "echarts.min.js"), EChartsVersion)
	}
	lic, _ := os.ReadFile(filepath.Join(dir, "LICENSE"))
	return &Script{Script: js, License: lic}, nil
}

// Fetch gets the pinned ECharts package with `npm pack` (or
// uses a tarball already placed at <cache>/echarts-<version>.tgz), checks
// its integrity against the pinned value, and extracts echarts.min.js and
// its licence into the cache. It does nothing when the cache already holds
// the right file.
func Fetch(cache string) error {
	if _, err := Load(cache); err == nil {
		return nil
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return err
	}
	tgz := filepath.Join(cache, "echarts-"+EChartsVersion+".tgz")
	data, err := os.ReadFile(tgz)
	if err != nil || checkIntegrity(data) != nil {
		tmp, err := os.MkdirTemp(cache, "npm-pack-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		cmd := exec.Command("npm", "pack", "--silent", "echarts@"+EChartsVersion)
		cmd.Dir = tmp
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("npm pack echarts@%s: %v %s", EChartsVersion, err, bytes.TrimSpace(stderr.Bytes()))
		}
		data, err = os.ReadFile(filepath.Join(tmp, "echarts-"+EChartsVersion+".tgz"))
		if err != nil {
			return fmt.Errorf("npm pack echarts@%s wrote no tarball: %v", EChartsVersion, err)
		}
	}
	if err := checkIntegrity(data); err != nil {
		return err
	}
	files, err := untarFiles(data, "package/dist/echarts.min.js", "package/LICENSE")
	if err != nil {
		return err
	}
	js := files["package/dist/echarts.min.js"]
	if sum := sha256.Sum256(js); hex.EncodeToString(sum[:]) != EChartsSHA256 {
		return fmt.Errorf("echarts.min.js in the verified tarball does not match the pinned hash")
	}
	dir := echartsDir(cache)
	tmpDir, err := os.MkdirTemp(cache, ".echarts-new-")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmpDir, 0o755); err != nil {
		return err
	}
	for name, b := range map[string][]byte{"echarts.min.js": js, "LICENSE": files["package/LICENSE"]} {
		if err := os.WriteFile(filepath.Join(tmpDir, name), b, 0o644); err != nil {
			os.RemoveAll(tmpDir)
			return err
		}
	}
	os.RemoveAll(dir)
	if err := os.Rename(tmpDir, dir); err != nil {
		os.RemoveAll(tmpDir)
		return err
	}
	return nil
}

// checkIntegrity compares a tarball with the pinned Subresource-Integrity
// value that the registry publishes as dist.integrity.
func checkIntegrity(tgz []byte) error {
	sum := sha512.Sum512(tgz)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != EChartsIntegrity {
		return fmt.Errorf("echarts %s tarball integrity %s does not match the pinned %s", EChartsVersion, got, EChartsIntegrity)
	}
	return nil
}

// untarFiles returns the named files of a gzipped tarball.
func untarFiles(tgz []byte, names ...string) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	out := map[string][]byte{}
	tr := tar.NewReader(zr)
	for len(out) < len(names) {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if want[h.Name] {
			b, err := io.ReadAll(io.LimitReader(tr, 64<<20))
			if err != nil {
				return nil, err
			}
			out[h.Name] = b
		}
	}
	for _, n := range names {
		if out[n] == nil {
			return nil, fmt.Errorf("the echarts tarball holds no %s", n)
		}
	}
	return out, nil
}

// LoadForBuild loads the cached charting script for a build; when it is
// missing it adds a warning and the site is built with static charts.
func LoadForBuild(cache string, ds *diag.Diagnostics) *Script {
	if cache == "" {
		cache = DefaultCacheDir()
	}
	cs, err := Load(cache)
	if err != nil {
		ds.Warnf("assets/echarts.min.js", 0, 0, "%v; the pages show their static charts only", err)
		return nil
	}
	return cs
}
