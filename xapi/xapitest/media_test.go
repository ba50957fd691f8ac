package xapitest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Leading bytes of the formats the tests upload.
var (
	pngHead  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
	jpegHead = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01")
	gifHead  = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00")
	mp4Head  = []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00")
)

// fileOf returns n bytes starting with head.
func fileOf(head []byte, n int) []byte {
	b := make([]byte, n)
	copy(b, head)
	return b
}

// multipartBody builds a multipart body with the given fields and, when
// media is not nil, a media file part.
func multipartBody(t *testing.T, fields map[string]string, media io.Reader) (io.Reader, string) {
	t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		for k, v := range fields {
			if err := mw.WriteField(k, v); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		if media != nil {
			fw, err := mw.CreateFormFile("media", "file.bin")
			if err == nil {
				_, err = io.Copy(fw, media)
			}
			if err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.CloseWithError(mw.Close())
	}()
	return pr, mw.FormDataContentType()
}

func sendMultipart(t *testing.T, s *Server, path, token string, fields map[string]string, media io.Reader) reply {
	t.Helper()
	body, ct := multipartBody(t, fields, media)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", ct)
	return send(t, req)
}

// uploadImage uploads a PNG in one shot and returns its media id.
func uploadImage(t *testing.T, s *Server, token string, head []byte) string {
	t.Helper()
	r := do(t, s, http.MethodPost, "/2/media/upload", token, map[string]any{
		"media": base64.StdEncoding.EncodeToString(fileOf(head, 1000)), "media_category": "tweet_image",
	}, "")
	if r.status != http.StatusOK {
		t.Fatalf("one-shot upload = %d %s", r.status, r.body)
	}
	return r.json(t)["data"].(map[string]any)["id"].(string)
}

// uploadChunked initializes, appends data in segments of seg bytes and
// finalizes, returning the media id and the finalize answer.
func uploadChunked(t *testing.T, s *Server, token, mediaType, category string, data []byte, seg int) (string, reply) {
	t.Helper()
	r := do(t, s, http.MethodPost, "/2/media/upload/initialize", token, map[string]any{
		"media_type": mediaType, "total_bytes": len(data), "media_category": category,
	}, "")
	if r.status != http.StatusOK {
		t.Fatalf("initialize = %d %s", r.status, r.body)
	}
	id := r.json(t)["data"].(map[string]any)["id"].(string)
	for i := 0; i*seg < len(data); i++ {
		part := data[i*seg : min((i+1)*seg, len(data))]
		r := sendMultipart(t, s, "/2/media/upload/"+id+"/append", token, map[string]string{"segment_index": strconv.Itoa(i)}, bytes.NewReader(part))
		if r.status != http.StatusOK {
			t.Fatalf("append %d = %d %s", i, r.status, r.body)
		}
	}
	return id, do(t, s, http.MethodPost, "/2/media/upload/"+id+"/finalize", token, nil, "")
}

func status(t *testing.T, s *Server, token, id string) map[string]any {
	t.Helper()
	r := do(t, s, http.MethodGet, "/2/media/upload?command=STATUS&media_id="+id, token, nil, "")
	if r.status != http.StatusOK {
		t.Fatalf("STATUS = %d %s", r.status, r.body)
	}
	return r.json(t)["data"].(map[string]any)["processing_info"].(map[string]any)
}

func TestOneShotUpload(t *testing.T) {
	t.Parallel()
	png := fileOf(pngHead, 2000)
	tests := []struct {
		name      string
		multipart bool
		fields    map[string]string
		data      []byte
		status    int
		msg       string
	}{
		{name: "json png", fields: map[string]string{"media_category": "tweet_image"}, data: png, status: 200},
		{name: "json png declared", fields: map[string]string{"media_category": "tweet_image", "media_type": "image/png"}, data: png, status: 200},
		{name: "multipart png", multipart: true, fields: map[string]string{"media_category": "tweet_image", "media_type": "image/png"}, data: png, status: 200},
		{name: "declared type mismatch", fields: map[string]string{"media_category": "tweet_image", "media_type": "image/png"}, data: fileOf(jpegHead, 100), status: 400, msg: "does not match media_type image/png"},
		{name: "not an image", fields: map[string]string{"media_category": "tweet_image"}, data: []byte("hello there, not an image"), status: 400, msg: "not a format"},
		{name: "video category", fields: map[string]string{"media_category": "tweet_video"}, data: fileOf(mp4Head, 100), status: 400, msg: "media_category"},
		{name: "no category", fields: map[string]string{}, data: png, status: 400, msg: "media_category"},
		{name: "5 MiB", multipart: true, fields: map[string]string{"media_category": "tweet_image"}, data: fileOf(pngHead, ImageSizeCap), status: 200},
		{name: "5 MiB + 1", multipart: true, fields: map[string]string{"media_category": "tweet_image"}, data: fileOf(pngHead, ImageSizeCap+1), status: 400, msg: "larger"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _, tok := newTestServer(t, Options{})
			var r reply
			if tt.multipart {
				r = sendMultipart(t, s, "/2/media/upload", tok, tt.fields, bytes.NewReader(tt.data))
			} else {
				body := map[string]any{"media": base64.StdEncoding.EncodeToString(tt.data)}
				for k, v := range tt.fields {
					body[k] = v
				}
				r = do(t, s, http.MethodPost, "/2/media/upload", tok, body, "")
			}
			if r.status != tt.status {
				t.Fatalf("status = %d %s, want %d", r.status, r.body, tt.status)
			}
			if tt.status != 200 {
				if got := errorMessage(t, r); !strings.Contains(got, tt.msg) {
					t.Errorf("message = %q, want %q", got, tt.msg)
				}
				return
			}
			d := r.json(t)["data"].(map[string]any)
			id := d["id"].(string)
			if d["media_key"] != "3_"+id || d["size"] != float64(len(tt.data)) || d["processing_info"] != nil ||
				d["expires_after_secs"] != float64(86400) {
				t.Errorf("data = %v", d)
			}
			if st := s.State().Media[0]; st.State != "succeeded" || st.Category != "tweet_image" || st.MediaType != "image/png" {
				t.Errorf("state media = %+v", st)
			}
		})
	}
}

func TestChunkedVideoProcessing(t *testing.T) {
	t.Parallel()
	s, clock, tok := newTestServer(t, Options{})
	id, fin := uploadChunked(t, s, tok, "video/mp4", "tweet_video", fileOf(mp4Head, 3000), 1024)
	if fin.status != http.StatusOK {
		t.Fatalf("finalize = %d %s", fin.status, fin.body)
	}
	d := fin.json(t)["data"].(map[string]any)
	if d["media_key"] != "13_"+id || d["size"] != float64(3000) {
		t.Errorf("finalize data = %v", d)
	}
	if pi := d["processing_info"].(map[string]any); pi["state"] != "pending" || pi["check_after_secs"] != float64(1) {
		t.Errorf("finalize processing_info = %v", pi)
	}
	if r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"media": map[string]any{"media_ids": []string{id}}}, ""); r.status != 400 {
		t.Errorf("posting pending media = %d %s", r.status, r.body)
	}
	// Alt text is taken while the media processes.
	r := do(t, s, http.MethodPost, "/2/media/metadata", tok, map[string]any{
		"id": id, "metadata": map[string]any{"alt_text": map[string]any{"text": "a short clip"}}}, "")
	if m := s.State().Media[0]; r.status != http.StatusOK || m.State != "pending" || m.AltText != "a short clip" {
		t.Errorf("alt text while pending = %d %s; media %+v", r.status, r.body, m)
	}
	if pi := status(t, s, tok, id); pi["state"] != "in_progress" || pi["progress_percent"] != float64(50) {
		t.Errorf("first STATUS = %v", pi)
	}
	if pi := status(t, s, tok, id); pi["state"] != "succeeded" || pi["progress_percent"] != float64(100) || pi["check_after_secs"] != nil {
		t.Errorf("second STATUS = %v", pi)
	}
	// Finalize again answers the current state (a retry after a lost answer).
	if r := do(t, s, http.MethodPost, "/2/media/upload/"+id+"/finalize", tok, nil, ""); !strings.Contains(string(r.body), `"succeeded"`) {
		t.Errorf("second finalize = %s", r.body)
	}
	createPost(t, s, tok, map[string]any{"text": "clip", "media": map[string]any{"media_ids": []string{id}}})

	// Processing also completes on the clock alone.
	gif, _ := uploadChunked(t, s, tok, "image/gif", "tweet_gif", fileOf(gifHead, 500), 500)
	clock.Advance(2 * time.Second)
	if got := s.State().Media[1]; got.State != "succeeded" || got.ID != gif {
		t.Errorf("gif after 2s = %+v", got)
	}
	if pi := status(t, s, tok, gif); pi["state"] != "succeeded" {
		t.Errorf("gif STATUS = %v", pi)
	}
}

func TestChunkedUploadErrors(t *testing.T) {
	t.Parallel()
	seg := func(index int, n int) func(t *testing.T, s *Server, tok, id string) reply {
		return func(t *testing.T, s *Server, tok, id string) reply {
			return sendMultipart(t, s, "/2/media/upload/"+id+"/append", tok, map[string]string{"segment_index": strconv.Itoa(index)},
				bytes.NewReader(fileOf(mp4Head, n)))
		}
	}
	tests := []struct {
		name  string
		total int
		steps []func(t *testing.T, s *Server, tok, id string) reply
		want  []int
	}{
		{name: "in order", total: 200, steps: steps(seg(0, 100), seg(1, 100)), want: []int{200, 200}},
		{name: "skip ahead", total: 200, steps: steps(seg(1, 100)), want: []int{400}},
		{name: "gap", total: 300, steps: steps(seg(0, 100), seg(2, 100)), want: []int{200, 400}},
		{name: "resend replaces", total: 200, steps: steps(seg(0, 100), seg(0, 100), seg(1, 100)), want: []int{200, 200, 200}},
		{name: "index 1000", total: 200, steps: steps(seg(1000, 100)), want: []int{400}},
		{name: "negative index", total: 200, steps: steps(seg(-1, 100)), want: []int{400}},
		{name: "more than total", total: 150, steps: steps(seg(0, 100), seg(1, 100)), want: []int{200, 400}},
		{name: "segment over 5 MiB", total: 6 * MiB, steps: steps(seg(0, SegmentSizeCap+1)), want: []int{400}},
		{name: "segment of 5 MiB", total: 6 * MiB, steps: steps(seg(0, SegmentSizeCap)), want: []int{200}},
		{name: "finalize short", total: 300, steps: steps(seg(0, 100), finalize), want: []int{200, 400}},
		{name: "finalize twice", total: 100, steps: steps(seg(0, 100), finalize, finalize), want: []int{200, 200, 200}},
		{name: "append after finalize", total: 100, steps: steps(seg(0, 100), finalize, seg(1, 1)), want: []int{200, 200, 400}},
		{name: "json segment", total: 100, steps: steps(func(t *testing.T, s *Server, tok, id string) reply {
			return do(t, s, http.MethodPost, "/2/media/upload/"+id+"/append", tok,
				map[string]any{"segment_index": 0, "media": base64.StdEncoding.EncodeToString(fileOf(mp4Head, 100))}, "")
		}, finalize), want: []int{200, 200}},
		{name: "wrong bytes", total: 100, steps: steps(func(t *testing.T, s *Server, tok, id string) reply {
			return sendMultipart(t, s, "/2/media/upload/"+id+"/append", tok, map[string]string{"segment_index": "0"}, bytes.NewReader(fileOf(pngHead, 100)))
		}), want: []int{400}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _, tok := newTestServer(t, Options{})
			r := do(t, s, http.MethodPost, "/2/media/upload/initialize", tok, map[string]any{
				"media_type": "video/mp4", "total_bytes": tt.total, "media_category": "tweet_video"}, "")
			id := r.json(t)["data"].(map[string]any)["id"].(string)
			for i, step := range tt.steps {
				if r := step(t, s, tok, id); r.status != tt.want[i] {
					t.Fatalf("step %d = %d %s, want %d", i, r.status, r.body, tt.want[i])
				}
			}
		})
	}
}

func steps(f ...func(t *testing.T, s *Server, tok, id string) reply) []func(t *testing.T, s *Server, tok, id string) reply {
	return f
}

func finalize(t *testing.T, s *Server, tok, id string) reply {
	return do(t, s, http.MethodPost, "/2/media/upload/"+id+"/finalize", tok, nil, "")
}

func TestInitializeSizeCaps(t *testing.T) {
	t.Parallel()
	tests := []struct {
		category, mediaType string
		total               int64
		status              int
	}{
		{"tweet_image", "image/png", 5 * MiB, 200},
		{"tweet_image", "image/png", 5*MiB + 1, 400},
		{"tweet_gif", "image/gif", 15 * MiB, 200},
		{"tweet_gif", "image/gif", 15*MiB + 1, 400},
		{"tweet_video", "video/mp4", 512 * MiB, 200},
		{"amplify_video", "video/mp4", 512*MiB + 1, 400},
		{"tweet_video", "video/mp4", 0, 400},
		{"tweet_video", "image/png", 100, 400},
		{"tweet_gif", "image/png", 100, 400},
		{"", "video/quicktime", 100, 200},
		{"tweet_video", "video/avi", 100, 400},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %s %d", tt.category, tt.mediaType, tt.total), func(t *testing.T) {
			t.Parallel()
			s, _, tok := newTestServer(t, Options{})
			body := map[string]any{"media_type": tt.mediaType, "total_bytes": tt.total}
			if tt.category != "" {
				body["media_category"] = tt.category
			}
			r := do(t, s, http.MethodPost, "/2/media/upload/initialize", tok, body, "")
			if r.status != tt.status {
				t.Fatalf("= %d %s, want %d", r.status, r.body, tt.status)
			}
			if tt.status == 200 {
				d := r.json(t)["data"].(map[string]any)
				if d["expires_after_secs"] != float64(1295999) || !strings.HasSuffix(d["media_key"].(string), "_"+d["id"].(string)) {
					t.Errorf("data = %v", d)
				}
			}
		})
	}
}

func TestPostMediaRules(t *testing.T) {
	t.Parallel()
	s, clock, tok := newTestServer(t, Options{TokenTTL: 48 * time.Hour})
	other := s.AddUser(User{Username: "other"})
	otherTok := s.IssueToken(DemoClientID, other.ID, allScopes).AccessToken
	img := func() string { return uploadImage(t, s, tok, pngHead) }
	video, _ := uploadChunked(t, s, tok, "video/mp4", "tweet_video", fileOf(mp4Head, 100), 100)
	gif1, _ := uploadChunked(t, s, tok, "image/gif", "tweet_gif", fileOf(gifHead, 100), 100)
	gif2, _ := uploadChunked(t, s, tok, "image/gif", "tweet_gif", fileOf(gifHead, 100), 100)
	clock.Advance(2 * time.Second)
	unfinished := do(t, s, http.MethodPost, "/2/media/upload/initialize", tok, map[string]any{"media_type": "video/mp4", "total_bytes": 10}, "").json(t)["data"].(map[string]any)["id"].(string)
	theirs := uploadImage(t, s, otherTok, pngHead)
	old := img()
	clock.Advance(24*time.Hour + time.Second)

	tests := []struct {
		name   string
		ids    []string
		status int
	}{
		{name: "four images", ids: []string{img(), img(), img(), img()}, status: 201},
		{name: "image and video", ids: []string{img(), video}, status: 400},
		{name: "two gifs", ids: []string{gif1, gif2}, status: 400},
		{name: "unfinished", ids: []string{unfinished}, status: 400},
		{name: "someone else's", ids: []string{theirs}, status: 400},
		{name: "expired", ids: []string{old}, status: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"media": map[string]any{"media_ids": tt.ids}}, "")
			if r.status != tt.status {
				t.Errorf("= %d %s, want %d", r.status, r.body, tt.status)
			}
		})
	}
}

func TestAltText(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{})
	other := s.AddUser(User{Username: "other"})
	otherTok := s.IssueToken(DemoClientID, other.ID, allScopes).AccessToken
	id := uploadImage(t, s, tok, pngHead)
	tests := []struct {
		name   string
		token  string
		id     string
		text   string
		status int
	}{
		{name: "1000 chars", token: tok, id: id, text: strings.Repeat("é", 1000), status: 200},
		{name: "1001 chars", token: tok, id: id, text: strings.Repeat("a", 1001), status: 400},
		{name: "not the owner", token: otherTok, id: id, text: "x", status: 403},
		{name: "unknown media", token: tok, id: "999", text: "x", status: 404},
		{name: "set", token: tok, id: id, text: "A dancing cat", status: 200},
	}
	for _, tt := range tests { // in order: the last one decides the stored text
		r := do(t, s, http.MethodPost, "/2/media/metadata", tt.token, map[string]any{
			"id": tt.id, "metadata": map[string]any{"alt_text": map[string]any{"text": tt.text}}}, "")
		if r.status != tt.status {
			t.Errorf("%s: = %d %s, want %d", tt.name, r.status, r.body, tt.status)
		}
	}
	if got := s.State().Media[0].AltText; got != "A dancing cat" {
		t.Errorf("alt text = %q", got)
	}
	// The owner sees it through the media expansion.
	pid := createPost(t, s, tok, map[string]any{"media": map[string]any{"media_ids": []string{id}}})
	r := do(t, s, http.MethodGet, "/2/tweets/"+pid+"?tweet.fields=attachments&expansions=attachments.media_keys&media.fields=alt_text", tok, nil, "")
	if !strings.Contains(string(r.body), `"media":[{"media_key":"3_`+id+`","type":"photo","alt_text":"A dancing cat"}]`) {
		t.Errorf("post with media = %s", r.body)
	}
}

func TestMediaStatusErrors(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{})
	tests := []struct {
		name   string
		query  string
		status int
	}{
		{name: "unknown", query: "command=STATUS&media_id=123", status: 404},
		{name: "bad id", query: "command=STATUS&media_id=x", status: 400},
		{name: "no id", query: "command=STATUS", status: 400},
		{name: "other command", query: "command=INIT&media_id=1", status: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if r := do(t, s, http.MethodGet, "/2/media/upload?"+tt.query, tok, nil, ""); r.status != tt.status {
				t.Errorf("= %d %s, want %d", r.status, r.body, tt.status)
			}
		})
	}
}

// patternReader yields n bytes of a video without holding them.
type patternReader struct{ n, off int64 }

func (p *patternReader) Read(b []byte) (int, error) {
	if p.off >= p.n {
		return 0, io.EOF
	}
	k := min(int64(len(b)), p.n-p.off)
	for i := range b[:k] {
		if pos := p.off + int64(i); pos < int64(len(mp4Head)) {
			b[i] = mp4Head[pos]
		} else {
			b[i] = byte(pos)
		}
	}
	p.off += k
	return int(k), nil
}

// TestUploadDoesNotKeepBytes uploads 40 MiB and checks that the process
// allocated far less than that: the server streams, counts and hashes. It
// does not run in parallel so other tests' allocations do not blur the
// measure.
func TestUploadDoesNotKeepBytes(t *testing.T) {
	s, _, tok := newTestServer(t, Options{})
	const total = 40 * MiB
	r := do(t, s, http.MethodPost, "/2/media/upload/initialize", tok, map[string]any{
		"media_type": "video/mp4", "total_bytes": total, "media_category": "tweet_video"}, "")
	id := r.json(t)["data"].(map[string]any)["id"].(string)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	src := &patternReader{n: total}
	for i := 0; src.off < total; i++ {
		r := sendMultipart(t, s, "/2/media/upload/"+id+"/append", tok, map[string]string{"segment_index": strconv.Itoa(i)},
			io.LimitReader(src, 4*MiB))
		if r.status != http.StatusOK {
			t.Fatalf("append %d = %d %s", i, r.status, r.body)
		}
	}
	runtime.ReadMemStats(&after)
	if fin := do(t, s, http.MethodPost, "/2/media/upload/"+id+"/finalize", tok, nil, ""); fin.status != http.StatusOK {
		t.Fatalf("finalize = %d %s", fin.status, fin.body)
	}
	grew := after.TotalAlloc - before.TotalAlloc
	t.Logf("uploading %d bytes allocated %d bytes in all (client and server)", total, grew)
	if grew > 8*MiB {
		t.Errorf("uploading %d bytes allocated %d bytes; the server must stream", total, grew)
	}
}

func TestProcessingFailure(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{})
	s.SetFaults(Faults{FailProcessing: true})
	id, _ := uploadChunked(t, s, tok, "video/mp4", "tweet_video", fileOf(mp4Head, 100), 100)
	img := uploadImage(t, s, tok, pngHead)
	if pi := status(t, s, tok, id); pi["state"] != "in_progress" {
		t.Fatalf("first STATUS = %v", pi)
	}
	pi := status(t, s, tok, id)
	if pi["state"] != "failed" || pi["error"] == nil || pi["check_after_secs"] != nil {
		t.Fatalf("second STATUS = %v", pi)
	}
	if r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"media": map[string]any{"media_ids": []string{id}}}, ""); r.status != 400 {
		t.Errorf("posting failed media = %d %s", r.status, r.body)
	}
	createPost(t, s, tok, map[string]any{"media": map[string]any{"media_ids": []string{img}}}) // images are not processed
	if got := s.State().Media[0].State; got != "failed" {
		t.Errorf("state = %q", got)
	}
}
