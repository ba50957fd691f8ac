package textcount

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// The conformance test runs the counting cases of twitter-text's
// validate.yml, as shared/twitter-text/cases.jsonl holds them beside the
// repository (docs/counting.md §10). It skips when the file is absent, and
// fails then under XPOST_REQUIRE_SHARED=1; parseCases
// covers the same kinds of texts.

type conformanceCase struct {
	Section         string          `json:"section"`
	Description     string          `json:"description"`
	API             string          `json:"api"`
	Config          string          `json:"config"`
	Text            string          `json:"text"`
	Expected        json.RawMessage `json:"expected"`
	Reference       *Result         `json:"reference"`
	ReferenceAgrees bool            `json:"reference_agrees"`
	ReferenceV3     *Result         `json:"reference_v3"`
}

func TestConformance(t *testing.T) {
	t.Parallel()
	f, err := os.Open(referenceData(t, "twitter-text", "cases.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	configs := map[string]Config{"v1": ConfigV1, "v2": ConfigV2, "v3": DefaultConfig, "default": {}}
	sections := map[string]int{}
	checks := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var c conformanceCase
		dec := json.NewDecoder(bytesReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			t.Fatalf("unexpected case format: %v", err)
		}
		cfg, ok := configs[c.Config]
		if !ok || c.Reference == nil || c.ReferenceV3 == nil {
			t.Fatalf("case %q: unexpected config %q or missing reference", c.Description, c.Config)
		}
		sections[c.Section]++

		got := ParseWith(c.Text, cfg)
		got.ValidBytes = 0
		if got != *c.Reference {
			t.Errorf("%s / %s (config %s):\n got  %+v\n want %+v", c.Section, c.Description, c.Config, got, *c.Reference)
		}
		got = Parse(c.Text)
		got.ValidBytes = 0
		if got != *c.ReferenceV3 {
			t.Errorf("%s / %s (v3):\n got  %+v\n want %+v", c.Section, c.Description, got, *c.ReferenceV3)
		}
		checks += 2

		// The suite's own expectation: all seven fields for parseTweet,
		// only validity for isValidTweetText.
		switch c.API {
		case "parseTweet":
			var want Result
			if err := json.Unmarshal(c.Expected, &want); err != nil {
				t.Fatal(err)
			}
			if c.ReferenceAgrees && want != *c.Reference {
				t.Errorf("%s / %s: file says the reference agrees, but expected %+v != reference %+v", c.Section, c.Description, want, *c.Reference)
			}
			if c.ReferenceAgrees && ParseWith(c.Text, cfg).valueOnly() != want {
				t.Errorf("%s / %s: differs from the suite's expectation %+v", c.Section, c.Description, want)
			}
		case "isValidTweetText":
			var want struct{ Valid bool }
			if err := json.Unmarshal(c.Expected, &want); err != nil {
				t.Fatal(err)
			}
			if got := ParseWith(c.Text, cfg).Valid; got != want.Valid {
				t.Errorf("%s / %s: valid = %v, the suite expects %v", c.Section, c.Description, got, want.Valid)
			}
		default:
			t.Errorf("case %q: unknown api %q", c.Description, c.API)
		}
		checks++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"tweets": 8, "WeightedTweetsCounterTest": 20, "WeightedTweetsWithDiscountedEmojiCounterTest": 22, "UnicodeDirectionalMarkerCounterTest": 2}
	for s, n := range want {
		if sections[s] != n {
			t.Errorf("section %s has %d cases, want %d", s, sections[s], n)
		}
	}
	total := 0
	for _, n := range sections {
		total += n
	}
	t.Logf("%d cases in %d sections, %d checks", total, len(sections), checks)
}

func (r Result) valueOnly() Result {
	r.ValidBytes = 0
	return r
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
