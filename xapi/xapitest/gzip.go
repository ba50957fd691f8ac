package xapitest

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"sync"
)

// gzipWriters are reused, and use Huffman coding only: a full gzip.Writer
// costs most of a megabyte to set up, far more than the small answers it
// compresses, and the fake needs X's framing, not its ratio.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.HuffmanOnly)
	return zw
}}

// gzip compresses answers for requests that accept gzip, as X does
// (content-encoding: gzip, with the JSON content type unchanged), unless
// Options.NoGzip is set.
func (s *Server) gzip(next http.Handler) http.Handler {
	if s.opts.NoGzip {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Add("Vary", "Accept-Encoding")
		gw := &gzipWriter{ResponseWriter: w}
		defer gw.close()
		next.ServeHTTP(gw, r)
	})
}

// acceptsGzip reports whether an Accept-Encoding value allows gzip (a
// q=0 refuses it).
func acceptsGzip(v string) bool {
	for part := range strings.SplitSeq(v, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// gzipWriter compresses the body once the handler writes one. An answer
// without a body (a redirect, a dropped connection) goes out untouched.
type gzipWriter struct {
	http.ResponseWriter
	status int
	zw     *gzip.Writer
}

func (g *gzipWriter) WriteHeader(status int) {
	if g.status == 0 {
		g.status = status
	}
}

func (g *gzipWriter) Write(p []byte) (int, error) {
	if g.zw == nil {
		if g.status == 0 {
			g.status = http.StatusOK
		}
		h := g.ResponseWriter.Header()
		h.Set("Content-Encoding", "gzip")
		h.Del("Content-Length")
		g.ResponseWriter.WriteHeader(g.status)
		g.zw = gzipWriters.Get().(*gzip.Writer)
		g.zw.Reset(g.ResponseWriter)
	}
	return g.zw.Write(p)
}

// Unwrap lets http.ResponseController reach the connection, so an
// injected drop still hijacks it.
func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

func (g *gzipWriter) close() {
	switch {
	case g.zw != nil:
		_ = g.zw.Close()
		g.zw.Reset(io.Discard)
		gzipWriters.Put(g.zw)
	case g.status != 0:
		g.ResponseWriter.WriteHeader(g.status)
	}
}
