package xapitest

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func FuzzSniffMediaType(f *testing.F) {
	for _, seed := range [][]byte{pngHead, jpegHead, gifHead, mp4Head, []byte("WEBVTT\n"), []byte("RIFF\x00\x00\x00\x00WEBP"), nil} {
		f.Add(seed)
	}
	known := setOf(append(mediaTypeNames, "")...)
	f.Fuzz(func(t *testing.T, b []byte) {
		got := sniffMediaType(b)
		if !known[got] {
			t.Fatalf("sniffMediaType(%q) = %q, not a known media type", b, got)
		}
		if got != "" && !sniffMatches(got, got) {
			t.Fatalf("%q does not match itself", got)
		}
	})
}

func FuzzPaginationToken(f *testing.F) {
	f.Add(uint64(1), "7140000000000000000a")
	f.Add(uint64(1<<63), "")
	f.Fuzz(func(t *testing.T, id uint64, raw string) {
		back, ok := parsePaginationToken(paginationToken(strconv.FormatUint(id, 10)))
		if !ok || back != id {
			t.Fatalf("token of %d decodes to %d, %v", id, back, ok)
		}
		parsePaginationToken(raw) // must not panic
	})
}

// FuzzCreatePostBody sends arbitrary bodies to POST /2/tweets: every
// answer must be a 201 or a 4xx problem, never a 5xx or a panic.
func FuzzCreatePostBody(f *testing.F) {
	for _, seed := range []string{`{"text":"hi"}`, `{"text":""}`, `{"poll":{"options":["a"],"duration_minutes":3}}`,
		`{"media":{"media_ids":["1","2"]},"text":"x"}`, `{"reply":{"in_reply_to_tweet_id":"99"},"text":"x"}`, `[]`, `{"text":1}`, `{`} {
		f.Add(seed)
	}
	s := NewUnstartedServer(Options{Clock: NewFakeClock(epoch)})
	tok := s.IssueToken(DemoClientID, "1", allScopes).AccessToken
	h := s.Handler()
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/2/tweets", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch {
		case rec.Code == http.StatusCreated:
		case rec.Code >= 400 && rec.Code < 500:
			var p problem
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Type == "" || p.Title == "" {
				t.Fatalf("%d answer is not a problem: %s", rec.Code, rec.Body)
			}
		default:
			t.Fatalf("body %q: status %d %s", body, rec.Code, rec.Body)
		}
	})
}

// BenchmarkCreatePost posts one post every 10 seconds of fake time, which
// stays under the 100-per-15-minutes limit.
func BenchmarkCreatePost(b *testing.B) {
	clock := NewFakeClock(epoch)
	s := NewUnstartedServer(Options{Clock: clock, TokenTTL: 1 << 62})
	tok := s.IssueToken(DemoClientID, "1", allScopes).AccessToken
	h := s.Handler()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		clock.Advance(10 * time.Second)
		req := httptest.NewRequest(http.MethodPost, "/2/tweets", strings.NewReader(`{"text":"benchmark post `+strconv.Itoa(i)+`"}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}

// BenchmarkAppendSegment measures the server side of a chunked upload:
// 4 MiB multipart segments streamed, counted and hashed.
func BenchmarkAppendSegment(b *testing.B) {
	s := NewUnstartedServer(Options{Clock: NewFakeClock(epoch)})
	tok := s.IssueToken(DemoClientID, "1", allScopes).AccessToken
	h := s.Handler()
	const seg = 4 * MiB
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("segment_index", "0")
	fw, _ := mw.CreateFormFile("media", "clip.mp4")
	fw.Write(fileOf(mp4Head, seg))
	mw.Close()
	payload, ctype := body.Bytes(), mw.FormDataContentType()
	b.SetBytes(seg)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		init := httptest.NewRequest(http.MethodPost, "/2/media/upload/initialize", strings.NewReader(`{"media_type":"video/mp4","total_bytes":4194304}`))
		init.Header.Set("Authorization", "Bearer "+tok)
		init.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, init)
		var ir struct{ Data struct{ ID string } }
		json.Unmarshal(rec.Body.Bytes(), &ir)
		b.StartTimer()
		req := httptest.NewRequest(http.MethodPost, "/2/media/upload/"+ir.Data.ID+"/append", bytes.NewReader(payload))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", ctype)
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}
