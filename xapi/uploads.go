package xapi

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/xapi/billing"
)

// UploadError is a publish stopped by an upload that failed for good
// (after its retries). Parts are posted as soon as their own media is
// ready, so the parts before Next may already be on X: the thread is then
// incomplete until a publish with the same journal resumes it at Next,
// reusing every upload that finished.
type UploadError struct {
	// Path is the file, Part the first part (0-based) that carries it.
	Path string
	Part int
	// Posted is how many of the thread's Parts are on X; Next is the
	// first part not posted (0-based).
	Posted, Next, Parts int
	Err                 error
}

// Error names the file and, in a thread, its post, and when posts are
// live, how many and where publishing again resumes.
func (e *UploadError) Error() string {
	if e.Parts == 1 {
		return fmt.Sprintf("upload %s: %v", filepath.Base(e.Path), e.Err)
	}
	s := fmt.Sprintf("upload %s for post %d of %d: %v", filepath.Base(e.Path), e.Part+1, e.Parts, e.Err)
	if e.Posted > 0 {
		s += fmt.Sprintf(" (%s on X already: publishing again resumes at post %d)",
			human.Share(e.Posted, e.Parts, "post", "posts"), e.Next+1)
	}
	return s
}

// Unwrap returns the upload's own error.
func (e *UploadError) Unwrap() error { return e.Err }

// uploads runs a plan's uploads in the background while its parts are
// posted: at most n at once, in the order of the parts that first carry
// them, each recorded in the journal as soon as it is done.
type uploads struct {
	ids    []string        // media id of each upload, set before done[u] is closed
	done   []chan struct{} // closed when upload u is ready
	failed chan struct{}   // closed at the first upload that failed for good
	err    error           // that failure (an *UploadError), set before failed is closed
	once   sync.Once
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// startUploads starts every upload of p the journal does not hold; jmu
// serializes the journal calls with the publish's own.
func (c *Client) startUploads(ctx context.Context, p *Plan, j Journal, jmu *sync.Mutex, opts PublishOptions) *uploads {
	us := &uploads{ids: make([]string, len(p.Uploads)), done: make([]chan struct{}, len(p.Uploads)), failed: make(chan struct{})}
	ctx, us.cancel = context.WithCancel(ctx)
	queue := make(chan int, len(p.Uploads))
	for u, up := range p.Uploads {
		us.done[u] = make(chan struct{})
		if up.MediaID != "" {
			us.ids[u] = up.MediaID
			close(us.done[u])
			continue
		}
		queue <- u
	}
	close(queue)
	for range min(max(1, cmp0(opts.Uploads, 4)), len(queue)) {
		us.wg.Go(func() {
			for u := range queue {
				if ctx.Err() != nil {
					return
				}
				id, err := c.uploadForPlan(ctx, p, u, j, jmu, opts)
				if err != nil {
					us.fail(&UploadError{Path: p.Uploads[u].File.Path, Part: p.Uploads[u].Posts[0], Parts: len(p.Posts), Err: err})
					return
				}
				us.ids[u] = id
				close(us.done[u])
			}
		})
	}
	return us
}

// uploadForPlan uploads p.Uploads[u] with its alt text, waiting out X's
// rate limits within opts.MaxWait, and records it in j.
func (c *Client) uploadForPlan(ctx context.Context, p *Plan, u int, j Journal, jmu *sync.Mutex, opts PublishOptions) (string, error) {
	up := p.Uploads[u]
	post := up.Posts[0]
	ectx := withEvents(ctx, opts.OnEvent, post, uploadIndex(p.Posts[post].Uploads, u), up.File.Path)
	uo := UploadOptions{Alt: up.Alt}
	if opts.OnEvent != nil {
		uo.Progress = func(sent, total int64) {
			emit(ectx, Event{Kind: EventUploadProgress, Sent: sent, Total: total})
		}
	}
	var m *Media
	err := c.waitRateLimit(ectx, opts.MaxWait, func() error {
		var err error
		m, _, err = c.UploadMedia(ectx, up.File, uo)
		return err
	})
	if err != nil {
		return "", err
	}
	jmu.Lock()
	err = j.RecordMedia(up.Key, m.ID, m.ExpiresAt)
	jmu.Unlock()
	if err != nil {
		return "", fmt.Errorf("record the upload: %w", err)
	}
	if up.Alt != "" {
		c.record(billing.MediaMetadata)
	}
	emit(ectx, Event{Kind: EventUploaded, ID: m.ID})
	return m.ID, nil
}

// fail notes the first upload that failed for good and stops the others:
// the publish stops before its next part.
func (us *uploads) fail(err error) {
	us.once.Do(func() {
		us.err = err
		close(us.failed)
		us.cancel()
	})
}

// ready waits until the uploads want are done. It returns the failure of
// any upload, even one of a later part, as soon as it is known, so that
// no part is posted after an upload of the thread failed.
func (us *uploads) ready(ctx context.Context, want []int) error {
	for _, u := range want {
		select {
		case <-us.failed:
			return us.err
		case <-ctx.Done():
			return ctx.Err()
		case <-us.done[u]:
		}
	}
	select {
	case <-us.failed:
		return us.err
	default:
		return nil
	}
}

// all is ready for every upload.
func (us *uploads) all(ctx context.Context) error {
	for u := range us.done {
		if err := us.ready(ctx, []int{u}); err != nil {
			return err
		}
	}
	return nil
}

// stop cancels the uploads still running and waits for them, so that
// nothing touches the journal once the publish has returned.
func (us *uploads) stop() {
	us.cancel()
	us.wg.Wait()
}
