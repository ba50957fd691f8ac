package xapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/xpostdev/xpost/internal/fsx"
)

// DefaultChunkSize is the size of one APPEND segment: the largest X
// accepts (5 MiB), since each segment is a round trip and the bytes are
// streamed from the file, never held whole. A 512 MiB video takes 103
// segments instead of 4 MiB's 128.
const DefaultChunkSize = 5 << 20

// Media is an uploaded media file, ready to attach to a post until
// ExpiresAt.
type Media struct {
	ID        string
	Key       string
	ExpiresAt time.Time
}

// UploadOptions configures [Client.UploadMedia].
type UploadOptions struct {
	// Alt is the alt text (at most 1,000 characters), set once X has the
	// file: while X processes a video or GIF, beside the status polls.
	Alt string
	// Progress is called as bytes of the file are sent (sent of total). A
	// retried segment is counted again from its start.
	Progress func(sent, total int64)
}

// mediaData is the "data" object of the media endpoints.
type mediaData struct {
	ID               string          `json:"id"`
	MediaKey         string          `json:"media_key"`
	Size             int64           `json:"size"`
	ExpiresAfterSecs int64           `json:"expires_after_secs"`
	ProcessingInfo   *processingInfo `json:"processing_info"`
}

type processingInfo struct {
	State           string `json:"state"`
	CheckAfterSecs  int    `json:"check_after_secs"`
	ProgressPercent int    `json:"progress_percent"`
	Error           *struct {
		Code    int    `json:"code"`
		Name    string `json:"name"`
		Message string `json:"message"`
	} `json:"error"`
}

type mediaEnvelope struct {
	Data   *mediaData    `json:"data"`
	Errors []ErrorDetail `json:"errors"`
}

// UploadMedia uploads a file checked by [DetectMedia]: images in one
// request, GIFs and videos in 5 MiB segments streamed from disk (a 512 MB
// video is never held in memory). It waits while X processes the file and
// sets the alt text: during the processing, which X allows, so that it
// costs no time; should X refuse it then, once the processing is over. If
// a step fails after a network error or 5xx the whole upload starts over,
// up to a few times; an abandoned upload on X's side simply expires.
func (c *Client) UploadMedia(ctx context.Context, f *MediaFile, opts UploadOptions) (*Media, *Response, error) {
	if n := utf8.RuneCountInString(opts.Alt); n > MaxAltText {
		return nil, nil, fmt.Errorf("alt text of %s is %d characters: X allows at most %d", filepath.Base(f.Path), n, MaxAltText)
	}
	var (
		m      *Media
		altSet bool
		resp   *Response
		err    error
	)
	for attempt := 0; ; attempt++ {
		m, altSet, resp, err = c.uploadOnce(ctx, f, opts)
		if err == nil {
			break
		}
		restart := isTransient(err) || (resp != nil && resp.Attempts > 1)
		if !restart || attempt >= 2 || ctx.Err() != nil {
			return nil, resp, err
		}
		emit(ctx, Event{Kind: EventRetrying, Err: err, Attempt: attempt + 1})
	}
	if opts.Alt != "" && !altSet {
		resp, err = c.SetAltText(ctx, m.ID, opts.Alt)
		if err != nil {
			return nil, resp, fmt.Errorf("set alt text of %s: %w", filepath.Base(f.Path), err)
		}
	}
	return m, resp, nil
}

// uploadOnce uploads f and waits for X to process it. While X processes,
// it sets opts.Alt beside the status polls and reports whether that
// worked; the caller sets the alt text otherwise.
func (c *Client) uploadOnce(ctx context.Context, f *MediaFile, opts UploadOptions) (m *Media, altSet bool, resp *Response, err error) {
	file, err := fsx.OpenRegular(f.Path)
	if nr, ok := errors.AsType[*fsx.NotRegularError](err); ok {
		return nil, false, nil, fmt.Errorf("media %w", nr)
	}
	if err != nil {
		return nil, false, nil, fmt.Errorf("media %s: %w", f.Path, err)
	}
	defer file.Close()
	var d *mediaData
	if f.Kind == MediaImage && f.Size <= c.oneShotLimit {
		d, resp, err = c.uploadOneShot(ctx, file, f, opts.Progress)
	} else {
		d, resp, err = c.uploadChunked(ctx, file, f, opts.Progress)
	}
	if err != nil {
		return nil, false, resp, err
	}
	if d.ProcessingInfo != nil {
		var alt chan error
		stopAlt := func() {}
		if opts.Alt != "" && d.ProcessingInfo.State != "succeeded" {
			var actx context.Context
			actx, stopAlt = context.WithCancel(ctx)
			defer stopAlt()
			alt = make(chan error, 1)
			id := d.ID
			go func() {
				_, err := c.SetAltText(actx, id, opts.Alt)
				alt <- err
			}()
		}
		d, resp, err = c.waitProcessing(ctx, d)
		if err != nil {
			stopAlt()
		}
		if alt != nil {
			// A refusal while processing is tried again after it; an
			// upload that failed needs no alt text.
			altSet = <-alt == nil
		}
		if err != nil {
			return nil, false, resp, err
		}
	}
	m = &Media{ID: d.ID, Key: d.MediaKey}
	if d.ExpiresAfterSecs > 0 {
		m.ExpiresAt = c.now().Add(time.Duration(d.ExpiresAfterSecs) * time.Second)
	} else {
		m.ExpiresAt = c.now().Add(24 * time.Hour)
	}
	return m, altSet, resp, nil
}

// multipartRequest builds a POST whose multipart body streams a section of
// file through a pipe: fields first, then the bytes as the "media" part.
// GetBody rebuilds the stream, so the request can be retried.
func (c *Client) multipartRequest(ctx context.Context, path string, fields [][2]string, file *os.File, off, n int64, name, mimeType string, progress func(int64)) (*http.Request, error) {
	u, err := c.BaseURL.Parse(path)
	if err != nil {
		return nil, err
	}
	boundary := multipart.NewWriter(io.Discard).Boundary()
	body := func() (io.ReadCloser, error) {
		pr, pw := io.Pipe()
		go func() {
			mw := multipart.NewWriter(pw)
			if err := mw.SetBoundary(boundary); err != nil {
				pw.CloseWithError(err)
				return
			}
			for _, kv := range fields {
				if err := mw.WriteField(kv[0], kv[1]); err != nil {
					pw.CloseWithError(err)
					return
				}
			}
			h := make(textproto.MIMEHeader)
			h.Set("Content-Disposition", `form-data; name="media"; filename="`+escapeQuotes(name)+`"`)
			h.Set("Content-Type", mimeType)
			part, err := mw.CreatePart(h)
			if err != nil {
				pw.CloseWithError(err)
				return
			}
			src := io.NewSectionReader(file, off, n)
			if _, err := io.Copy(part, &countingReader{r: src, fn: progress}); err != nil {
				pw.CloseWithError(err)
				return
			}
			pw.CloseWithError(mw.Close())
		}()
		return pr, nil
	}
	b, _ := body()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), b)
	if err != nil {
		b.Close()
		return nil, err
	}
	req.GetBody = body
	req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
	req.Header.Set("Accept", "application/json")
	return req, nil
}

func escapeQuotes(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '"' || r == '\\' || r == '\r' || r == '\n' {
			r = '_'
		}
		out = append(out, r)
	}
	return string(out)
}

// countingReader reports how many bytes went through it.
type countingReader struct {
	r  io.Reader
	n  int64
	fn func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.fn != nil && n > 0 {
		c.fn(c.n)
	}
	return n, err
}

// uploadOneShot sends a small image in one multipart request (POST
// /2/media/upload).
func (c *Client) uploadOneShot(ctx context.Context, file *os.File, f *MediaFile, progress func(sent, total int64)) (*mediaData, *Response, error) {
	var cb func(int64)
	if progress != nil {
		cb = func(n int64) { progress(n, f.Size) }
	}
	req, err := c.multipartRequest(ctx, "2/media/upload", [][2]string{{"media_category", f.Category}},
		file, 0, f.Size, filepath.Base(f.Path), f.Type, cb)
	if err != nil {
		return nil, nil, err
	}
	var out mediaEnvelope
	resp, err := c.do(ctx, req, &out, true)
	if err != nil {
		return nil, resp, err
	}
	if out.Data == nil || out.Data.ID == "" {
		return nil, resp, partialError(resp, out.Errors)
	}
	return out.Data, resp, nil
}

// uploadChunked runs initialize, append (one request per segment) and
// finalize.
func (c *Client) uploadChunked(ctx context.Context, file *os.File, f *MediaFile, progress func(sent, total int64)) (*mediaData, *Response, error) {
	init := map[string]any{"media_type": f.Type, "total_bytes": f.Size, "media_category": f.Category}
	req, err := c.NewRequest(ctx, http.MethodPost, "2/media/upload/initialize", init)
	if err != nil {
		return nil, nil, err
	}
	var out mediaEnvelope
	resp, err := c.do(ctx, req, &out, true)
	if err != nil {
		return nil, resp, err
	}
	if out.Data == nil || out.Data.ID == "" {
		return nil, resp, partialError(resp, out.Errors)
	}
	id := out.Data.ID
	if err := checkID(id); err != nil {
		return nil, resp, fmt.Errorf("initialize answered a bad media id: %w", err)
	}
	chunk := c.chunkSize
	segments := (f.Size + chunk - 1) / chunk
	if segments > 1000 {
		chunk = (f.Size + 999) / 1000
		segments = (f.Size + chunk - 1) / chunk
	}
	for i := int64(0); i < segments; i++ {
		off := i * chunk
		n := min(chunk, f.Size-off)
		var cb func(int64)
		if progress != nil {
			cb = func(sent int64) { progress(off+sent, f.Size) }
		}
		req, err := c.multipartRequest(ctx, "2/media/upload/"+id+"/append",
			[][2]string{{"segment_index", strconv.FormatInt(i, 10)}}, file, off, n, filepath.Base(f.Path), "application/octet-stream", cb)
		if err != nil {
			return nil, resp, err
		}
		resp, err = c.do(ctx, req, nil, true)
		if err != nil {
			return nil, resp, fmt.Errorf("upload segment %d of %d: %w", i+1, segments, err)
		}
	}
	req, err = c.NewRequest(ctx, http.MethodPost, "2/media/upload/"+id+"/finalize", nil)
	if err != nil {
		return nil, resp, err
	}
	out = mediaEnvelope{}
	resp, err = c.do(ctx, req, &out, true)
	if err != nil {
		return nil, resp, err
	}
	if out.Data == nil {
		return nil, resp, partialError(resp, out.Errors)
	}
	if out.Data.ID == "" {
		out.Data.ID = id
	}
	return out.Data, resp, nil
}

// maxProcessingPolls bounds the status polls of one upload.
const maxProcessingPolls = 720

// waitProcessing polls the upload status as X's check_after_secs says
// until processing succeeds or fails.
func (c *Client) waitProcessing(ctx context.Context, d *mediaData) (*mediaData, *Response, error) {
	var resp *Response
	for polls := 0; ; polls++ {
		pi := d.ProcessingInfo
		if pi == nil || pi.State == "succeeded" {
			return d, resp, nil
		}
		if pi.State == "failed" {
			msg := "X could not process the media"
			if pi.Error != nil && pi.Error.Message != "" {
				msg += " (" + pi.Error.Message + ")"
			}
			return nil, resp, errors.New(msg + ": check that the file plays and meets X's limits (≤140 s, ≤1280×1024, H.264/AAC for video)")
		}
		if polls >= maxProcessingPolls {
			//lint:ignore ST1005 X is the service's name, capitalized wherever it stands
			return nil, resp, errors.New("X is still processing the media after a long time: try again later")
		}
		emit(ctx, Event{Kind: EventProcessing, ID: d.ID, Percent: pi.ProgressPercent})
		wait := time.Duration(max(1, min(pi.CheckAfterSecs, 60))) * time.Second
		if err := c.sleep(ctx, wait); err != nil {
			return nil, resp, err
		}
		req, err := c.NewRequest(ctx, http.MethodGet, "2/media/upload?"+url.Values{"command": {"STATUS"}, "media_id": {d.ID}}.Encode(), nil)
		if err != nil {
			return nil, resp, err
		}
		var out mediaEnvelope
		resp, err = c.Do(ctx, req, &out)
		if err != nil {
			return nil, resp, err
		}
		if out.Data == nil {
			return nil, resp, partialError(resp, out.Errors)
		}
		if out.Data.ID == "" {
			out.Data.ID = d.ID
		}
		if out.Data.MediaKey == "" {
			out.Data.MediaKey = d.MediaKey
		}
		if out.Data.ExpiresAfterSecs == 0 {
			out.Data.ExpiresAfterSecs = d.ExpiresAfterSecs
		}
		d = out.Data
	}
}

// SetAltText sets a media file's alt text (POST /2/media/metadata).
func (c *Client) SetAltText(ctx context.Context, mediaID, alt string) (*Response, error) {
	if err := checkID(mediaID); err != nil {
		return nil, err
	}
	if n := utf8.RuneCountInString(alt); n > MaxAltText {
		return nil, fmt.Errorf("alt text is %d characters: X allows at most %d", n, MaxAltText)
	}
	body := map[string]any{"id": mediaID, "metadata": map[string]any{"alt_text": map[string]string{"text": alt}}}
	req, err := c.NewRequest(ctx, http.MethodPost, "2/media/metadata", body)
	if err != nil {
		return nil, err
	}
	return c.do(ctx, req, nil, true)
}
