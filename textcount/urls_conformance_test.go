package textcount

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
)

// TestURLsConformance checks appendURLs against the answers of the npm
// reference (twitter-text 3.1.0's extractUrlsWithIndices) for every case of
// conformance/extract.yml's URL sections and conformance/tlds.yml.
func TestURLsConformance(t *testing.T) {
	t.Parallel()
	f, err := os.Open(referenceData(t, "twitter-text", "urls.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type ref struct {
		URL     string `json:"url"`
		Indices []int  `json:"indices"`
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	lines, failed := 0, 0
	for sc.Scan() {
		lines++
		var c struct {
			Section     string `json:"section"`
			Description string `json:"description"`
			Text        string `json:"text"`
			Reference   []ref  `json:"reference"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("line %d: %v", lines, err)
		}
		want := []entity{}
		for _, r := range c.Reference {
			want = append(want, entity{start: r.Indices[0], length: len(utf16.Encode([]rune(r.URL)))})
		}
		got := appendURLs([]entity{}, utf16.Encode([]rune(c.Text)))
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(entity{})); diff != "" {
			failed++
			if failed <= 20 {
				t.Errorf("line %d (%s: %s) %q: entities differ (-reference +got):\n%s", lines, c.Section, c.Description, c.Text, diff)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if lines != 1682 {
		t.Errorf("read %d cases, want 1682", lines)
	}
	if failed > 0 {
		t.Errorf("%d of %d cases differ", failed, lines)
	}
}
