//go:build !race

package xapi

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// discardMediaServer accepts a chunked upload and throws the bytes away,
// streaming them so that its own memory does not count.
func discardMediaServer(t testing.TB) (*httptest.Server, *atomic.Int64) {
	return slowDiscardMediaServer(t, 0)
}

// slowDiscardMediaServer is discardMediaServer answering each request
// after latency, as a distant server does.
func slowDiscardMediaServer(t testing.TB, latency time.Duration) (*httptest.Server, *atomic.Int64) {
	var received atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("POST /2/media/upload/initialize", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"data":{"id":"77","media_key":"13_77","expires_after_secs":1295999}}`)
	})
	mux.HandleFunc("POST /2/media/upload/{id}/append", func(w http.ResponseWriter, r *http.Request) {
		_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		mr := multipart.NewReader(r.Body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				http.Error(w, err.Error(), 400)
				return
			}
			if part.FormName() == "media" {
				n, _ := io.Copy(io.Discard, part)
				received.Add(n)
			}
		}
		io.WriteString(w, `{"data":{"expires_at":1755800000}}`)
	})
	mux.HandleFunc("POST /2/media/upload/{id}/finalize", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"data":{"id":"77","media_key":"13_77","size":`+strconv.FormatInt(received.Load(), 10)+`,"expires_after_secs":86400,"processing_info":{"state":"pending","check_after_secs":1}}}`)
	})
	mux.HandleFunc("GET /2/media/upload", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"data":{"id":"77","media_key":"13_77","processing_info":{"state":"succeeded","progress_percent":100}}}`)
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(latency)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &received
}

// heapSampler records the peak HeapInuse while it runs.
type heapSampler struct {
	peak atomic.Uint64
	stop chan struct{}
	wg   sync.WaitGroup
}

func sampleHeap() *heapSampler {
	h := &heapSampler{stop: make(chan struct{})}
	h.wg.Go(func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > h.peak.Load() {
				h.peak.Store(ms.HeapInuse)
			}
			select {
			case <-h.stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	})
	return h
}

func (h *heapSampler) done() uint64 {
	close(h.stop)
	h.wg.Wait()
	return h.peak.Load()
}

// TestUploadMemory uploads a 512 MiB (sparse) video and checks that the
// heap never holds more than 64 MiB: the file is streamed, never buffered.
// It is excluded under the race detector, where it is slow; run it with
// `go test -run TestUploadMemory ./xapi`.
func TestUploadMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads 512 MiB")
	}
	srv, received := discardMediaServer(t)
	p := writeTestFile(t, "big.mp4", testMP4, MaxVideoBytes)
	f, err := DetectMedia(p)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewClient(StaticToken{T: &Token{AccessToken: "t"}}, Options{BaseURL: srv.URL, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	h := sampleHeap()
	var calls atomic.Int64
	m, _, err := c.UploadMedia(t.Context(), f, UploadOptions{Progress: func(sent, total int64) { calls.Add(1) }})
	peak := h.done()
	if err != nil {
		t.Fatal(err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if m.ID != "77" || received.Load() != MaxVideoBytes {
		t.Fatalf("media %+v, server received %d bytes", m, received.Load())
	}
	t.Logf("uploaded %d MiB: peak HeapInuse %.1f MiB (before %.1f MiB), TotalAlloc %.1f MiB, %d progress calls",
		MaxVideoBytes>>20, float64(peak)/(1<<20), float64(before.HeapInuse)/(1<<20),
		float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), calls.Load())
	if peak > 64<<20 {
		t.Errorf("peak HeapInuse %d MiB, want under 64 MiB", peak>>20)
	}
}

// BenchmarkUploadChunked measures a 64 MiB chunked upload against a local
// server; peak-heap-MiB is the highest HeapInuse seen.
func BenchmarkUploadChunked(b *testing.B) {
	srv, _ := discardMediaServer(b)
	p := writeTestFile(b, "v.mp4", testMP4, 64<<20)
	f, err := DetectMedia(p)
	if err != nil {
		b.Fatal(err)
	}
	c, _ := NewClient(StaticToken{T: &Token{AccessToken: "t"}}, Options{BaseURL: srv.URL, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	b.ReportAllocs()
	b.SetBytes(f.Size)
	h := sampleHeap()
	for b.Loop() {
		if _, _, err := c.UploadMedia(b.Context(), f, UploadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(h.done())/(1<<20), "peak-heap-MiB")
}

// BenchmarkUpload uploads 64 MiB in segments of several sizes to a server
// that answers each request after 20 ms, as a distant X does: the time
// goes with the number of round trips, so the largest segment X accepts
// is the fastest. peak-heap-MiB shows that a larger segment costs no
// memory, the bytes being streamed from the file.
func BenchmarkUpload(b *testing.B) {
	for _, size := range []int64{1 << 20, 4 << 20, DefaultChunkSize} {
		b.Run("chunk-"+strconv.FormatInt(size>>20, 10)+"MiB", func(b *testing.B) {
			srv, _ := slowDiscardMediaServer(b, 20*time.Millisecond)
			p := writeTestFile(b, "v.mp4", testMP4, 64<<20)
			f, err := DetectMedia(p)
			if err != nil {
				b.Fatal(err)
			}
			c, _ := NewClient(StaticToken{T: &Token{AccessToken: "t"}}, Options{BaseURL: srv.URL, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
			c.chunkSize = size
			b.SetBytes(f.Size)
			h := sampleHeap()
			for b.Loop() {
				if _, _, err := c.UploadMedia(b.Context(), f, UploadOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(h.done())/(1<<20), "peak-heap-MiB")
		})
	}
}
