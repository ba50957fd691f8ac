package draft

import (
	"errors"
	"sync"
	"time"
)

// DefaultAutosaveDelay is how long the autosaver waits after the last
// change, and at most after the first unsaved one, before it saves.
const DefaultAutosaveDelay = time.Second

// SaveState is what the status bar shows about saving.
type SaveState struct {
	// ID is the draft the last save was about.
	ID string
	// Saved is when a save last succeeded (zero before the first).
	Saved time.Time
	// Pending reports changes not on disk yet.
	Pending bool
	// Err is the last save's error, nil once a save succeeds again. Its
	// message is written for the user.
	Err error
	// Conflict is set on the report of a save that found draft
	// Conflict.ID changed or held by another window: that save, and every
	// later change to the draft, went to the copy Conflict.CopyID. The
	// composer shows it and goes on with the copy.
	Conflict *ConflictError
}

// Autosaver saves drafts in the background so that the composer never
// waits for the disk: Changed only copies the draft. A save happens delay
// after the last change, and also, however fast the user types, at most
// max(delay, 1s) after the first change not yet saved, so a crash never
// loses more than about a second of typing. A failed save is retried after
// delay and reported through Events and State.
type Autosaver struct {
	store   *Store
	delay   time.Duration
	maxWait time.Duration

	mu        sync.Mutex
	pending   map[string]*Draft // by id: the newest unsaved copy of each draft
	first     time.Time         // first unsaved change
	last      time.Time         // last change
	notBefore time.Time         // no retry before this after a failure
	state     SaveState
	closed    bool
	anonID    string // the id given to a draft that had none
	// copies maps a draft whose save met a conflict to the copy its
	// changes now go to.
	copies map[string]string

	saveMu sync.Mutex // serializes saves, so an older copy never lands last

	wake   chan struct{}
	quit   chan struct{}
	done   chan struct{}
	events chan SaveState
}

// NewAutosaver starts an autosaver that saves into store. A delay of 0 or
// less means DefaultAutosaveDelay. Call Close when done.
func NewAutosaver(store *Store, delay time.Duration) *Autosaver {
	if delay <= 0 {
		delay = DefaultAutosaveDelay
	}
	a := &Autosaver{
		store:   store,
		delay:   delay,
		maxWait: max(delay, time.Second),
		pending: make(map[string]*Draft),
		wake:    make(chan struct{}, 1),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
		events:  make(chan SaveState, 1),
	}
	go a.loop()
	return a
}

// Changed records that d changed. It copies d, so the caller may keep
// editing it at once, and returns without touching the disk.
func (a *Autosaver) Changed(d Draft) {
	c := d.Clone()
	now := time.Now()
	c.Updated = now
	if c.Created.IsZero() {
		c.Created = now
	}
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return
	}
	if c.ID == "" {
		// Without an id the copy could not be saved. Every change to a
		// draft without an id lands in one file; the caller learns its
		// id from State().ID.
		if a.anonID == "" {
			a.anonID = NewID(c.Created)
		}
		c.ID = a.anonID
	}
	for copyID, ok := a.copies[c.ID]; ok; copyID, ok = a.copies[c.ID] {
		c.ID = copyID
	}
	if len(a.pending) == 0 {
		a.first = now
	}
	a.last = now
	a.pending[c.ID] = c
	a.mu.Unlock()
	select {
	case a.wake <- struct{}{}:
	default:
	}
}

// SavedAs returns the draft that changes to draft id are saved as: id
// itself, or the copy a conflicting save made (see SaveState.Conflict).
func (a *Autosaver) SavedAs(id string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	for copyID, ok := a.copies[id]; ok; copyID, ok = a.copies[id] {
		id = copyID
	}
	return id
}

// Events delivers the save state after every save attempt. Only the
// newest state is kept: a slow reader misses intermediate ones, and the
// autosaver never waits for the reader.
func (a *Autosaver) Events() <-chan SaveState { return a.events }

// State returns the current save state.
func (a *Autosaver) State() SaveState {
	a.mu.Lock()
	defer a.mu.Unlock()
	st := a.state
	st.Pending = len(a.pending) > 0
	return st
}

// Flush saves every pending change now and returns when it is on disk
// (for example before the program exits).
func (a *Autosaver) Flush() error {
	return a.save()
}

// Delete forgets any pending change to draft id and deletes it from the
// store, so that a pending save cannot bring it back.
func (a *Autosaver) Delete(id string) error {
	a.saveMu.Lock()
	defer a.saveMu.Unlock()
	a.mu.Lock()
	delete(a.pending, id)
	a.mu.Unlock()
	return a.store.Delete(id)
}

// Close saves what is pending and stops the autosaver. Changes reported
// after Close are not saved.
func (a *Autosaver) Close() error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil
	}
	a.closed = true
	a.mu.Unlock()
	close(a.quit)
	<-a.done
	return a.save()
}

// loop waits for changes and saves once the debounce delay or the maximum
// wait has passed.
func (a *Autosaver) loop() {
	defer close(a.done)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		a.mu.Lock()
		var wait time.Duration
		idle := len(a.pending) == 0
		if !idle {
			due := a.last.Add(a.delay)
			if limit := a.first.Add(a.maxWait); limit.Before(due) {
				due = limit
			}
			if a.notBefore.After(due) {
				due = a.notBefore
			}
			wait = time.Until(due)
		}
		a.mu.Unlock()
		if !idle && wait <= 0 {
			a.save()
			continue
		}
		if idle {
			wait = time.Hour
		}
		timer.Reset(wait)
		select {
		case <-a.quit:
			return
		case <-a.wake:
		case <-timer.C:
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
	}
}

// save writes every pending draft. Taking the pending copies and writing
// them happen under saveMu, so saves land in the order of the changes.
func (a *Autosaver) save() error {
	a.saveMu.Lock()
	defer a.saveMu.Unlock()
	a.mu.Lock()
	batch := a.pending
	a.pending = make(map[string]*Draft)
	a.mu.Unlock()
	var errs []error
	for id, d := range batch {
		err := a.store.write(d, true)
		now := time.Now()
		a.mu.Lock()
		a.state.ID = id
		a.state.Conflict = nil
		if ce, ok := errors.AsType[*ConflictError](err); ok {
			// Saved, as a copy: later changes go there too, and the
			// original, which another window has, is let go.
			if a.copies == nil {
				a.copies = make(map[string]string)
			}
			a.copies[id] = ce.CopyID
			if p, ok := a.pending[id]; ok {
				delete(a.pending, id)
				p.ID = ce.CopyID
				a.pending[ce.CopyID] = p
			}
			a.state.ID, a.state.Conflict = ce.CopyID, ce
			a.store.Release(id)
			err = nil
		}
		if err != nil {
			errs = append(errs, err)
			a.state.Err = err
			if _, newer := a.pending[id]; !newer {
				if len(a.pending) == 0 {
					a.first = now
				}
				a.pending[id] = d
			}
			a.notBefore = now.Add(a.delay)
		} else {
			a.state.Err = nil
			a.state.Saved = now
		}
		st := a.state
		st.Pending = len(a.pending) > 0
		a.mu.Unlock()
		a.publish(st)
	}
	return errors.Join(errs...)
}

// publish hands st to Events, replacing a state nobody has read yet.
func (a *Autosaver) publish(st SaveState) {
	for {
		select {
		case a.events <- st:
			return
		default:
		}
		select {
		case <-a.events:
		default:
		}
	}
}
