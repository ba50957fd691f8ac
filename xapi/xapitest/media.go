package xapitest

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Size caps per media category. X states them as "5 MB", "15 MB" and
// "512 MB"; the fake reads them as binary megabytes (MiB), the unit
// Twitter's own configuration used (photo_size_limit 3145728 = 3 MiB).
const (
	MiB              = 1 << 20
	ImageSizeCap     = 5 * MiB   // tweet_image, dm_image
	GIFSizeCap       = 15 * MiB  // tweet_gif, dm_gif
	VideoSizeCap     = 512 * MiB // tweet_video, dm_video, amplify_video
	SubtitlesSizeCap = 5 * MiB   // subtitles
	// SegmentSizeCap is the most one APPEND may carry.
	SegmentSizeCap = 5 * MiB
	// MaxSegments is X's segment_index range: 0 to 999.
	MaxSegments = 1000
)

// Lifetimes X reports: an upload session lasts ~15 days after INIT, and a
// finalized media id can be attached for 24 hours.
const (
	sessionExpiresSecs  = 1295999
	finalizeExpiresSecs = 86400
)

// Processing states (processing_info.state); stateInitialized is the
// fake's own name for a chunked upload that is not finalized yet.
const (
	stateInitialized = "initialized"
	statePending     = "pending"
	stateInProgress  = "in_progress"
	stateSucceeded   = "succeeded"
	stateFailed      = "failed"
)

// categoryTypes lists the media types each category accepts.
var categoryTypes = sync.OnceValue(func() map[string][]string {
	return map[string][]string{
		"tweet_image":   {"image/jpeg", "image/pjpeg", "image/png", "image/webp", "image/gif", "image/bmp", "image/tiff"},
		"dm_image":      {"image/jpeg", "image/pjpeg", "image/png", "image/webp", "image/gif", "image/bmp", "image/tiff"},
		"tweet_gif":     {"image/gif"},
		"dm_gif":        {"image/gif"},
		"tweet_video":   {"video/mp4", "video/webm", "video/mp2t", "video/quicktime"},
		"dm_video":      {"video/mp4", "video/webm", "video/mp2t", "video/quicktime"},
		"amplify_video": {"video/mp4", "video/webm", "video/mp2t", "video/quicktime"},
		"subtitles":     {"text/srt", "text/vtt"},
	}
})

var mediaTypeNames = []string{"video/mp4", "video/webm", "video/mp2t", "video/quicktime", "text/srt", "text/vtt",
	"image/jpeg", "image/gif", "image/bmp", "image/png", "image/webp", "image/pjpeg", "image/tiff",
	"model/gltf-binary", "model/vnd.usdz+zip"}

// oneShotCategories are the categories POST /2/media/upload accepts (spec
// 2.166: images and subtitles only; video and GIF go through the chunked
// endpoints).
var oneShotCategories = []string{"tweet_image", "dm_image", "subtitles"}

func sizeCap(category string) int64 {
	switch category {
	case "tweet_gif", "dm_gif":
		return GIFSizeCap
	case "tweet_video", "dm_video", "amplify_video":
		return VideoSizeCap
	case "subtitles":
		return SubtitlesSizeCap
	}
	return ImageSizeCap
}

// defaultCategory is the tweet_* category X assumes for a media type when
// media_category is omitted.
func defaultCategory(mediaType string) string {
	switch {
	case mediaType == "image/gif":
		return "tweet_gif"
	case strings.HasPrefix(mediaType, "image/"):
		return "tweet_image"
	case strings.HasPrefix(mediaType, "video/"):
		return "tweet_video"
	case strings.HasPrefix(mediaType, "text/"):
		return "subtitles"
	}
	return ""
}

// media is an upload. Only sizes and hashes of its bytes are kept.
type media struct {
	id, key, ownerID    string
	mediaType, category string
	total               int64 // declared total_bytes
	segments            []segment
	received            int64
	head                []byte // the first sniffLen bytes, for sniffing
	finalized           bool
	async               bool // video and GIF are processed after finalize
	finalizedAt         time.Time
	polls               int
	failProcessing      bool // processing ends in failed
	processingTime      time.Duration
	sessionExpires      time.Time
	usableUntil         time.Time
	altText             string
	sum                 [32]byte // sha256 over the segment hashes, at finalize
}

type segment struct {
	size int64
	sum  [32]byte
}

// kind is the media's type in X's media objects.
func (m *media) kind() string {
	switch m.category {
	case "tweet_gif", "dm_gif":
		return "animated_gif"
	case "tweet_video", "dm_video", "amplify_video":
		return "video"
	case "subtitles":
		return "subtitles"
	}
	return "photo"
}

// effectiveStateLocked is the processing state at now. Async processing
// moves pending → in_progress → succeeded, one step per STATUS poll or per
// half of the processing time, whichever is further along.
func (m *media) effectiveStateLocked(now time.Time) string {
	if !m.finalized {
		return stateInitialized
	}
	if !m.async {
		return stateSucceeded
	}
	step := m.polls
	if half := m.processingTime / 2; half > 0 {
		if t := int(now.Sub(m.finalizedAt) / half); t > step {
			step = t
		}
	}
	switch step {
	case 0:
		return statePending
	case 1:
		return stateInProgress
	}
	if m.failProcessing {
		return stateFailed
	}
	return stateSucceeded
}

func mediaKeyPrefix(kind string) string {
	switch kind {
	case "animated_gif":
		return "16_"
	case "video":
		return "13_"
	}
	return "3_"
}

// byteSink counts, hashes and remembers the head of streamed bytes, and
// fails once more than limit bytes arrive. It keeps nothing else.
type byteSink struct {
	n     int64
	limit int64
	h     hash.Hash
	head  []byte
}

var errSegmentTooLarge = errors.New("segment too large")

func newByteSink(limit int64) *byteSink {
	return &byteSink{limit: limit, h: sha256.New()}
}

func (b *byteSink) Write(p []byte) (int, error) {
	b.n += int64(len(p))
	if b.n > b.limit {
		return 0, errSegmentTooLarge
	}
	if len(b.head) < sniffLen {
		k := min(sniffLen-len(b.head), len(p))
		b.head = append(b.head, p[:k]...)
	}
	b.h.Write(p)
	return len(p), nil
}

func (b *byteSink) sum() (s [32]byte) {
	copy(s[:], b.h.Sum(nil))
	return s
}

// uploadBody is what a media request carried: its small form or JSON
// fields, and the streamed media bytes as counted by a byteSink.
type uploadBody struct {
	fields map[string]string
	sink   *byteSink
	found  bool // a media part or field was present
}

// maxFieldLen bounds the small text fields of a multipart upload.
const maxFieldLen = 4096

// readUploadBody reads a multipart/form-data or JSON (base64 media) body,
// streaming the media bytes into a byteSink with the given limit. The bytes
// themselves are discarded. It answers 400 itself on failure.
func readUploadBody(w http.ResponseWriter, r *http.Request, limit int64) (*uploadBody, bool) {
	ub := &uploadBody{fields: map[string]string{}, sink: newByteSink(limit)}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		mr, err := r.MultipartReader()
		if err != nil {
			invalidRequest(w, "The multipart body could not be read: "+err.Error(), nil)
			return nil, false
		}
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				invalidRequest(w, "The multipart body could not be read: "+err.Error(), nil)
				return nil, false
			}
			if !readPart(w, part, ub) {
				return nil, false
			}
		}
	case "application/json":
		var body map[string]any
		// base64 makes 3 bytes into 4; allow room for the other fields.
		if !decodeJSONBody(w, r, limit/3*4+64*1024, &body) {
			return nil, false
		}
		for k, v := range body {
			switch v := v.(type) {
			case string:
				if k == "media" {
					ub.found = true
					dec := base64.NewDecoder(base64.StdEncoding, strings.NewReader(v))
					if _, err := io.Copy(ub.sink, dec); err != nil {
						return nil, mediaReadError(w, err)
					}
					continue
				}
				ub.fields[k] = v
			case float64:
				ub.fields[k] = strconv.FormatFloat(v, 'f', -1, 64)
			case bool:
				ub.fields[k] = strconv.FormatBool(v)
			}
		}
	default:
		invalidRequest(w, "Media must be sent as multipart/form-data or as application/json with base64 media.", nil)
		return nil, false
	}
	return ub, true
}

func readPart(w http.ResponseWriter, part *multipart.Part, ub *uploadBody) bool {
	defer part.Close()
	if part.FormName() == "media" {
		ub.found = true
		buf := make([]byte, 64*1024)
		if _, err := io.CopyBuffer(ub.sink, part, buf); err != nil {
			return mediaReadError(w, err)
		}
		return true
	}
	v, err := io.ReadAll(io.LimitReader(part, maxFieldLen+1))
	if err != nil || len(v) > maxFieldLen {
		invalidRequest(w, "The form field ["+part.FormName()+"] could not be read or is too long.", nil)
		return false
	}
	ub.fields[part.FormName()] = string(v)
	return true
}

func mediaReadError(w http.ResponseWriter, err error) bool {
	if errors.Is(err, errSegmentTooLarge) {
		invalidRequest(w, fmt.Sprintf("The media is larger than this request allows (segments at most %d bytes, and the category's size cap).", SegmentSizeCap),
			map[string][]string{"media": {}})
		return false
	}
	invalidRequest(w, "The media could not be read: "+err.Error(), map[string][]string{"media": {}})
	return false
}

// mediaData is the data object of the upload answers.
type mediaData struct {
	ID               string          `json:"id"`
	MediaKey         string          `json:"media_key"`
	Size             int64           `json:"size,omitempty"`
	ExpiresAfterSecs int             `json:"expires_after_secs"`
	ProcessingInfo   *processingInfo `json:"processing_info,omitempty"`
}

type processingInfo struct {
	State           string           `json:"state"`
	CheckAfterSecs  int              `json:"check_after_secs,omitempty"`
	ProgressPercent int              `json:"progress_percent"`
	Error           *processingError `json:"error,omitempty"`
}

// processingError describes a failed processing, in the shape the v1.1
// upload API used (the v2 spec defines none; clients should read it
// leniently).
type processingError struct {
	Code    int    `json:"code"`
	Name    string `json:"name"`
	Message string `json:"message"`
}

func (s *Server) mediaDataLocked(m *media, now time.Time) mediaData {
	d := mediaData{ID: m.id, MediaKey: m.key, Size: m.received, ExpiresAfterSecs: finalizeExpiresSecs}
	if left := int(m.usableUntil.Sub(now) / time.Second); left < d.ExpiresAfterSecs {
		d.ExpiresAfterSecs = max(left, 0)
	}
	if m.async {
		d.ProcessingInfo = processingFor(m.effectiveStateLocked(now))
	}
	return d
}

func processingFor(state string) *processingInfo {
	switch state {
	case statePending:
		return &processingInfo{State: state, CheckAfterSecs: 1, ProgressPercent: 0}
	case stateInProgress:
		return &processingInfo{State: state, CheckAfterSecs: 1, ProgressPercent: 50}
	case stateFailed:
		return &processingInfo{State: state, ProgressPercent: 100,
			Error: &processingError{Code: 1, Name: "InvalidMedia", Message: "Unsupported video format"}}
	}
	return &processingInfo{State: state, ProgressPercent: 100}
}

// newMediaLocked registers an upload owned by userID.
func (s *Server) newMediaLocked(userID, mediaType, category string, total int64) *media {
	id := s.nextIDLocked()
	m := &media{id: id, ownerID: userID, mediaType: mediaType, category: category, total: total,
		processingTime: s.opts.ProcessingTime, sessionExpires: s.now().Add(sessionExpiresSecs * time.Second)}
	m.key = mediaKeyPrefix(m.kind()) + id
	s.media[id] = m
	s.mediaSeq = append(s.mediaSeq, id)
	return m
}

// checkTypeAndCategory validates a declared media type against a
// category, answering 400.
func checkTypeAndCategory(w http.ResponseWriter, mediaType, category string, categories []string) bool {
	if !contains(categories, category) {
		invalidRequest(w, "$.media_category: does not have a value in the enumeration ["+strings.Join(categories, ", ")+"]",
			map[string][]string{"media_category": {category}})
		return false
	}
	if mediaType != "" && !contains(mediaTypeNames, mediaType) {
		invalidRequest(w, "$.media_type: does not have a value in the enumeration ["+strings.Join(mediaTypeNames, ", ")+"]",
			map[string][]string{"media_type": {mediaType}})
		return false
	}
	if mediaType != "" && !contains(categoryTypes()[category], mediaType) {
		invalidRequest(w, fmt.Sprintf("The media_type %s cannot be uploaded with media_category %s.", mediaType, category),
			map[string][]string{"media_type": {mediaType}, "media_category": {category}})
		return false
	}
	return true
}

func sniffError(w http.ResponseWriter, declared string, head []byte) {
	got := sniffMediaType(head)
	if got == "" {
		got = "an unrecognised format"
	}
	invalidRequest(w, fmt.Sprintf("The uploaded bytes are %s, which does not match media_type %s.", got, declared),
		map[string][]string{"media_type": {declared}})
}

// handleOneShotUpload is POST /2/media/upload: the whole image in one
// request, JSON (base64) or multipart.
func (s *Server) handleOneShotUpload(w http.ResponseWriter, r *http.Request, c *call) {
	ub, ok := readUploadBody(w, r, ImageSizeCap)
	if !ok {
		return
	}
	if !ub.found {
		invalidRequest(w, "$.media: is missing but it is required", map[string][]string{"media": {}})
		return
	}
	category := ub.fields["media_category"]
	if category == "" {
		invalidRequest(w, "$.media_category: is missing but it is required", map[string][]string{"media_category": {}})
		return
	}
	declared := ub.fields["media_type"]
	if !checkTypeAndCategory(w, declared, category, oneShotCategories) {
		return
	}
	sniffed := sniffMediaType(ub.sink.head)
	if declared == "" {
		declared = sniffed
		if !contains(categoryTypes()[category], declared) {
			invalidRequest(w, "The uploaded bytes are not a format media_category "+category+" accepts.",
				map[string][]string{"media": {}})
			return
		}
	}
	if !sniffMatches(declared, sniffed) {
		sniffError(w, declared, ub.sink.head)
		return
	}
	if ub.sink.n == 0 {
		invalidRequest(w, "$.media: must not be empty", map[string][]string{"media": {}})
		return
	}
	if ub.sink.n > sizeCap(category) {
		invalidRequest(w, fmt.Sprintf("The media is %d bytes, more than the %d bytes %s allows.", ub.sink.n, sizeCap(category), category),
			map[string][]string{"media": {}})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	m := s.newMediaLocked(c.user.ID, declared, category, ub.sink.n)
	m.segments = []segment{{size: ub.sink.n, sum: ub.sink.sum()}}
	m.received = ub.sink.n
	m.head = ub.sink.head
	s.finalizeLocked(m, now)
	writeJSON(w, http.StatusOK, map[string]any{"data": s.mediaDataLocked(m, now)})
}

// initRequest is the body of POST /2/media/upload/initialize.
type initRequest struct {
	MediaType        string   `json:"media_type"`
	TotalBytes       *int64   `json:"total_bytes"`
	MediaCategory    string   `json:"media_category"`
	AdditionalOwners []string `json:"additional_owners"`
	Shared           bool     `json:"shared"`
}

// handleMediaInit is POST /2/media/upload/initialize.
func (s *Server) handleMediaInit(w http.ResponseWriter, r *http.Request, c *call) {
	var req initRequest
	if !decodeJSONBody(w, r, maxJSONBody, &req) {
		return
	}
	if req.MediaType == "" {
		invalidRequest(w, "$.media_type: is missing but it is required", map[string][]string{"media_type": {}})
		return
	}
	if req.TotalBytes == nil {
		invalidRequest(w, "$.total_bytes: is missing but it is required", map[string][]string{"total_bytes": {}})
		return
	}
	category := req.MediaCategory
	if category == "" {
		category = defaultCategory(req.MediaType)
	}
	categories := make([]string, 0, len(categoryTypes()))
	for k := range categoryTypes() {
		categories = append(categories, k)
	}
	if !checkTypeAndCategory(w, req.MediaType, category, sortedKeys(setOf(categories...))) {
		return
	}
	total := *req.TotalBytes
	if total <= 0 || total > sizeCap(category) {
		invalidRequest(w, fmt.Sprintf("$.total_bytes: %d is not between 1 and %d, the size cap of %s.", total, sizeCap(category), category),
			map[string][]string{"total_bytes": {strconv.FormatInt(total, 10)}})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.newMediaLocked(c.user.ID, req.MediaType, category, total)
	writeJSON(w, http.StatusOK, map[string]any{"data": mediaData{ID: m.id, MediaKey: m.key, ExpiresAfterSecs: sessionExpiresSecs}})
}

// ownedMediaLocked finds media id for user, answering 404 for an unknown
// id and 403 for someone else's.
func (s *Server) ownedMediaLocked(w http.ResponseWriter, id string, c *call, param string) *media {
	m := s.media[id]
	if m == nil {
		nf := notFoundProblem("media", param, id)
		nf.Status = http.StatusNotFound
		writeProblem(w, http.StatusNotFound, nf)
		return nil
	}
	if m.ownerID != c.user.ID {
		genericProblem(w, http.StatusForbidden, "You are not the owner of this media.")
		return nil
	}
	return m
}

// sessionUsableLocked answers 400 when an upload session cannot take more
// segments.
func (s *Server) sessionUsableLocked(w http.ResponseWriter, m *media, now time.Time) bool {
	switch {
	case m.finalized:
		invalidRequest(w, "This media upload has already been finalized.", map[string][]string{"id": {m.id}})
		return false
	case !now.Before(m.sessionExpires):
		invalidRequest(w, "This media upload session has expired.", map[string][]string{"id": {m.id}})
		return false
	}
	return true
}

// handleMediaAppend is POST /2/media/upload/{id}/append. Segments must
// arrive in order (0, 1, 2, …); resending an already received index
// replaces it, so a client may retry a segment whose answer it lost.
func (s *Server) handleMediaAppend(w http.ResponseWriter, r *http.Request, c *call) {
	id := r.PathValue("id")
	if !validID(w, "id", id) {
		return
	}
	s.mu.Lock()
	m := s.ownedMediaLocked(w, id, c, "id")
	ok := m != nil && s.sessionUsableLocked(w, m, s.now())
	var limit int64
	if ok {
		limit = min(SegmentSizeCap, m.total)
	}
	s.mu.Unlock()
	if !ok {
		return
	}
	ub, ok := readUploadBody(w, r, limit)
	if !ok {
		return
	}
	if !ub.found {
		invalidRequest(w, "$.media: is missing but it is required", map[string][]string{"media": {}})
		return
	}
	raw, has := ub.fields["segment_index"]
	idx, err := strconv.Atoi(raw)
	if !has || err != nil || idx < 0 || idx >= MaxSegments {
		invalidRequest(w, "$.segment_index: must be an integer from 0 to 999", map[string][]string{"segment_index": {raw}})
		return
	}
	if ub.sink.n == 0 {
		invalidRequest(w, "$.media: a segment must not be empty", map[string][]string{"media": {}})
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if !s.sessionUsableLocked(w, m, now) {
		return
	}
	if idx > len(m.segments) {
		invalidRequest(w, fmt.Sprintf("Segments must be appended in order: expected segment_index %d, got %d.", len(m.segments), idx),
			map[string][]string{"segment_index": {raw}})
		return
	}
	received := m.received + ub.sink.n
	if idx < len(m.segments) {
		received -= m.segments[idx].size
	}
	if received > m.total {
		invalidRequest(w, fmt.Sprintf("The segments add up to %d bytes, more than total_bytes %d.", received, m.total),
			map[string][]string{"segment_index": {raw}})
		return
	}
	if idx == 0 {
		m.head = ub.sink.head
		if len(m.head) >= sniffLen && !sniffMatches(m.mediaType, sniffMediaType(m.head)) {
			sniffError(w, m.mediaType, m.head)
			return
		}
	} else if len(m.head) < sniffLen {
		k := min(sniffLen-len(m.head), len(ub.sink.head))
		m.head = append(m.head, ub.sink.head[:k]...)
	}
	seg := segment{size: ub.sink.n, sum: ub.sink.sum()}
	if idx == len(m.segments) {
		m.segments = append(m.segments, seg)
	} else {
		m.segments[idx] = seg
	}
	m.received = received
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]int64{"expires_at": m.sessionExpires.Unix()}})
}

// handleMediaFinalize is POST /2/media/upload/{id}/finalize. Finalizing
// again answers the current status, so a retry after a lost answer works.
func (s *Server) handleMediaFinalize(w http.ResponseWriter, r *http.Request, c *call) {
	id := r.PathValue("id")
	if !validID(w, "id", id) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	m := s.ownedMediaLocked(w, id, c, "id")
	if m == nil {
		return
	}
	if !m.finalized {
		if !now.Before(m.sessionExpires) {
			invalidRequest(w, "This media upload session has expired.", map[string][]string{"id": {m.id}})
			return
		}
		if m.received != m.total {
			invalidRequest(w, fmt.Sprintf("The segments received add up to %d bytes, but total_bytes was %d.", m.received, m.total),
				map[string][]string{"id": {m.id}})
			return
		}
		if !sniffMatches(m.mediaType, sniffMediaType(m.head)) {
			sniffError(w, m.mediaType, m.head)
			return
		}
		s.finalizeLocked(m, now)
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": s.mediaDataLocked(m, now)})
}

func (s *Server) finalizeLocked(m *media, now time.Time) {
	m.finalized = true
	m.finalizedAt = now
	m.usableUntil = now.Add(finalizeExpiresSecs * time.Second)
	m.async = m.kind() == "video" || m.kind() == "animated_gif"
	m.failProcessing = m.async && s.faults.FailProcessing
	if m.async && s.opts.FinalizeSucceeded {
		m.polls = 2 // processing is already over
	}
	h := sha256.New()
	for _, sg := range m.segments {
		h.Write(sg.sum[:])
	}
	copy(m.sum[:], h.Sum(nil))
	s.counters.MediaUploaded++
}

// handleMediaStatus is GET /2/media/upload?command=STATUS&media_id=. Each
// poll of an upload still processing moves it one step along.
func (s *Server) handleMediaStatus(w http.ResponseWriter, r *http.Request, c *call) {
	q := r.URL.Query()
	if cmd := q.Get("command"); q.Has("command") && cmd != "STATUS" {
		invalidRequest(w, "The `command` query parameter value ["+cmd+"] is not one of [STATUS]", map[string][]string{"command": {cmd}})
		return
	}
	id := q.Get("media_id")
	if !q.Has("media_id") {
		invalidRequest(w, "The `media_id` query parameter is missing", map[string][]string{"media_id": {}})
		return
	}
	if !validID(w, "media_id", id) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	m := s.ownedMediaLocked(w, id, c, "media_id")
	if m == nil {
		return
	}
	if !m.finalized {
		invalidRequest(w, "This media upload has not been finalized.", map[string][]string{"media_id": {id}})
		return
	}
	if m.async {
		if st := m.effectiveStateLocked(now); st == statePending || st == stateInProgress {
			m.polls++
		}
	}
	d := s.mediaDataLocked(m, now)
	if d.ProcessingInfo == nil {
		d.ProcessingInfo = processingFor(stateSucceeded)
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": d})
}

// metadataRequest is the body of POST /2/media/metadata.
type metadataRequest struct {
	ID       string `json:"id"`
	Metadata struct {
		AltText *struct {
			Text string `json:"text"`
		} `json:"alt_text"`
	} `json:"metadata"`
}

// maxAltText is X's alt-text limit, in characters (code points).
const maxAltText = 1000

// handleMediaMetadata is POST /2/media/metadata: alt text, owner only,
// taken also while a video or GIF is still processing (the spec asks for
// no state, and xpost sets it then, beside the status polls).
func (s *Server) handleMediaMetadata(w http.ResponseWriter, r *http.Request, c *call) {
	var req metadataRequest
	if !decodeJSONBody(w, r, maxJSONBody, &req) {
		return
	}
	if !idPattern().MatchString(req.ID) {
		invalidRequest(w, "$.id: ["+req.ID+"] does not match ^[0-9]{1,19}$", map[string][]string{"id": {req.ID}})
		return
	}
	if req.Metadata.AltText == nil {
		invalidRequest(w, "$.metadata.alt_text: is missing but it is required", map[string][]string{"metadata.alt_text": {}})
		return
	}
	alt := req.Metadata.AltText.Text
	if n := utf8.RuneCountInString(alt); n > maxAltText {
		invalidRequest(w, fmt.Sprintf("$.metadata.alt_text.text: may be at most %d characters, found: %d", maxAltText, n),
			map[string][]string{"metadata.alt_text.text": {alt}})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.ownedMediaLocked(w, req.ID, c, "id")
	if m == nil {
		return
	}
	if !s.billLocked(w, charge{kind: ChargeMediaMetadata}, s.now()) {
		return
	}
	m.altText = alt
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{
		"id": m.id, "associated_metadata": map[string]any{"alt_text": map[string]string{"text": alt}},
	}})
}
