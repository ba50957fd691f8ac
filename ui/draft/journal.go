package draft

import "time"

// Posted returns the id X gave post i, if post i has been published.
func (d *Draft) Posted(i int) (id string, ok bool) {
	if i < 0 || i >= len(d.Journal.PostIDs) {
		return "", false
	}
	id = d.Journal.PostIDs[i]
	return id, id != ""
}

// RecordPost notes that post i was published as id. The publisher calls it,
// then saves the draft, before it sends the next post.
func (d *Draft) RecordPost(i int, id string) {
	if i < 0 {
		return
	}
	for len(d.Journal.PostIDs) <= i {
		d.Journal.PostIDs = append(d.Journal.PostIDs, "")
	}
	d.Journal.PostIDs[i] = id
	if d.Journal.Sending == i+1 {
		d.Journal.Sending = 0
	}
}

// RecordAttempt notes that the request publishing post i is about to go
// out. The publisher calls it, then saves the draft, before sending.
func (d *Draft) RecordAttempt(i int) {
	if i >= 0 {
		d.Journal.Sending = i + 1
	}
}

// Attempted reports whether a request publishing post i may have gone
// out without its answer being recorded.
func (d *Draft) Attempted(i int) bool {
	_, posted := d.Posted(i)
	return d.Journal.Sending == i+1 && !posted
}

// ClearAttempt notes that the request publishing post i created nothing.
func (d *Draft) ClearAttempt(i int) {
	if d.Journal.Sending == i+1 {
		d.Journal.Sending = 0
	}
}

// RecordMedia notes that the upload with this key (the publisher's: the
// file's content, media category and alt text) is media id, usable until
// expires.
func (d *Draft) RecordMedia(key, id string, expires time.Time) {
	if d.Journal.MediaIDs == nil {
		d.Journal.MediaIDs = make(map[string]JournalMedia)
	}
	d.Journal.MediaIDs[key] = JournalMedia{ID: id, Expires: expires}
}

// UploadedMedia returns the media id recorded for key if it is still
// usable at now, so that a resumed publish need not upload the file again.
func (d *Draft) UploadedMedia(key string, now time.Time) (id string, ok bool) {
	m, ok := d.Journal.MediaIDs[key]
	if !ok || m.ID == "" || !now.Before(m.Expires) {
		return "", false
	}
	return m.ID, true
}

// Remaining returns how many posts are not published yet.
func (d *Draft) Remaining() int {
	n := 0
	for i := range d.Posts {
		if _, ok := d.Posted(i); !ok {
			n++
		}
	}
	return n
}

// Published reports whether every post of the draft is on X.
func (d *Draft) Published() bool {
	return len(d.Posts) > 0 && d.Remaining() == 0
}
