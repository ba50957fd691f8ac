package outbox

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/ui/draft"
)

// mediaKeepAge is how long a copy in the media folder is kept however
// unused it looks: a window may have just copied it for a draft it has
// not saved yet (CopyMedia renews the time of a copy it reuses).
const mediaKeepAge = time.Hour

// maxCorruptScan is the most of a damaged draft file read for the media
// it names.
const maxCorruptScan = 16 << 20

// PruneMedia deletes the copies in the media folder (see MediaDir) that
// no draft needs any more: none that is not yet wholly posted refers to
// them. It errs on keeping: a copy made or reused within the last hour
// stays (a window may be about to save the draft that uses it), a copy
// named in a damaged draft file set aside by the store stays, and nothing
// is deleted when any draft cannot be read. now is the clock. It returns
// the paths deleted.
func (q *Queue) PruneMedia(now time.Time) ([]string, error) {
	dir := q.MediaDir()
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", dir, err)
	}
	needed, err := q.neededMedia()
	if err != nil {
		return nil, fmt.Errorf("the queue's media copies were left as they are: %w", err)
	}
	var removed []string
	var errs []error
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if !e.Type().IsRegular() || needed(path) {
			continue
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) < mediaKeepAge {
			continue
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, path)
	}
	return removed, errors.Join(errs...)
}

// neededMedia reads every draft and returns whether a media path is
// still needed.
func (q *Queue) neededMedia() (func(path string) bool, error) {
	sums, err := q.Store.List()
	if err != nil {
		// A damaged draft set aside may name copies: keep them all.
		return nil, err
	}
	keep := map[string]bool{}
	for _, s := range sums {
		d, err := q.Store.Load(s.ID)
		if errors.Is(err, draft.ErrNotFound) {
			continue // deleted since it was listed
		}
		if err != nil {
			return nil, err
		}
		if d.Published() {
			continue
		}
		for _, p := range d.Posts {
			for _, m := range p.Media {
				keep[filepath.Clean(m.Path)] = true
			}
		}
	}
	// Damaged drafts were moved aside rather than deleted, for the user
	// to mend: whatever copy their bytes name stays.
	var damaged []string
	entries, err := os.ReadDir(q.Store.Dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !strings.Contains(e.Name(), ".json.corrupt-") {
			continue
		}
		b, err := fsx.ReadFile(filepath.Join(q.Store.Dir, e.Name()), maxCorruptScan)
		if err != nil {
			return nil, err
		}
		damaged = append(damaged, string(b))
	}
	return func(path string) bool {
		if keep[path] {
			return true
		}
		name := filepath.Base(path)
		for _, b := range damaged {
			if strings.Contains(b, name) {
				return true
			}
		}
		return false
	}, nil
}
