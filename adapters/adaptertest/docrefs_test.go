package adaptertest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestContractReferences checks that every case named in square brackets in
// the doc comments of package adapters ([Tx/Panic], [Records/<Entity>/Update],
// [Paging/*/Walk]) is a case of this suite, so that the contract and the suite
// cannot drift apart.
func TestContractReferences(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no sources of package adapters: %v", err)
	}
	names := CaseNames()
	ref := regexp.MustCompile(`\[([A-Z][A-Za-z]*/[^\]]*)\]`)
	wrap := regexp.MustCompile(`\s*\n\s*//\s*`) // a reference wrapped onto the next comment line
	refs := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ref.FindAllSubmatch(src, -1) {
			for _, name := range strings.Split(wrap.ReplaceAllString(string(m[1]), " "), ", ") {
				refs++
				pattern := regexp.QuoteMeta(name)
				pattern = strings.ReplaceAll(pattern, regexp.QuoteMeta("<Entity>"), `[A-Za-z]+`)
				pattern = strings.ReplaceAll(pattern, regexp.QuoteMeta("*"), `.+`)
				re := regexp.MustCompile("^" + pattern + "$")
				found := false
				for _, n := range names {
					if re.MatchString(n) {
						found = true
						break
					}
				}
				if !found {
					t.Errorf("%s names case %q, which the suite does not have", filepath.Base(f), name)
				}
			}
		}
	}
	if refs < 50 {
		t.Errorf("found %d case references in package adapters, want at least 50", refs)
	}
}
