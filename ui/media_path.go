package ui

// The media picker's path field: tab completion of typed paths, and the
// words for files X does not take.

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// mediaCompletedMsg is what a tab in the path field found: the typed
// value it completes, the longer value (when the entries that match agree
// on more), and the entries that match, for a second tab to list.
type mediaCompletedMsg struct {
	typed string
	value string
	list  []string
	err   error
}

// completePath is a Cmd's work for a tab: it reads the folder the typed
// path is in (relative to dir, with ~ for the home directory) and
// completes its last element as far as the matching entries agree.
// Folders end with a slash, so that the next tab goes on inside; only
// folders and files the picker offers are candidates.
func completePath(typed, dir string) mediaCompletedMsg {
	msg := mediaCompletedMsg{typed: typed, value: typed}
	head, base := "", typed
	if i := strings.LastIndexByte(typed, '/'); i >= 0 {
		head, base = typed[:i+1], typed[i+1:]
	}
	folder := expandHome(head)
	if folder == "" {
		folder = "."
	}
	if head == "~" {
		folder = expandHome("~")
	}
	if !filepath.IsAbs(folder) {
		folder = filepath.Join(dir, folder)
	}
	entries, err := os.ReadDir(folder)
	if err != nil {
		msg.err = err
		return msg
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, base) || (strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".")) {
			continue
		}
		isDir := e.IsDir()
		if e.Type()&os.ModeSymlink != 0 {
			if fi, err := os.Stat(filepath.Join(folder, name)); err == nil {
				isDir = fi.IsDir()
			}
		}
		switch {
		case isDir:
			msg.list = append(msg.list, name+"/")
		case isMediaName(name):
			msg.list = append(msg.list, name)
		}
	}
	slices.Sort(msg.list)
	if len(msg.list) == 0 {
		return msg
	}
	common := msg.list[0]
	for _, c := range msg.list[1:] {
		common = commonPrefix(common, c)
	}
	msg.value = head + common
	return msg
}

// commonPrefix is the longest prefix of a and b that ends on a whole
// character.
func commonPrefix(a, b string) string {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	// Back up to the start of a character.
	for n > 0 && n < len(a) && a[n]&0xC0 == 0x80 {
		n--
	}
	return a[:n]
}

// unacceptedKinds are files people try to attach that X does not take,
// by extension: what they are and what to convert them to.
var unacceptedKinds = map[string]struct{ what, name, to string }{
	".heic": {"an image", "HEIC", "JPEG or PNG"},
	".heif": {"an image", "HEIF", "JPEG or PNG"},
	".avif": {"an image", "AVIF", "JPEG or PNG"},
	".tif":  {"an image", "TIFF", "JPEG or PNG"},
	".tiff": {"an image", "TIFF", "JPEG or PNG"},
	".bmp":  {"an image", "BMP", "PNG"},
	".svg":  {"an image", "SVG", "PNG"},
	".psd":  {"an image", "Photoshop", "JPEG or PNG"},
	".ico":  {"an image", "icon", "PNG"},
	".mkv":  {"a video", "MKV", "MP4"},
	".avi":  {"a video", "AVI", "MP4"},
	".wmv":  {"a video", "WMV", "MP4"},
	".flv":  {"a video", "FLV", "MP4"},
	".mpg":  {"a video", "MPEG", "MP4"},
	".mpeg": {"a video", "MPEG", "MP4"},
	".3gp":  {"a video", "3GP", "MP4"},
}

// notMediaMessage says why the file at path cannot be chosen: for a kind
// people often try (HEIC from a phone, MKV), what it is and what to
// convert it to; else which kinds X takes.
func notMediaMessage(path string) string {
	name := filepath.Base(path)
	if k, ok := unacceptedKinds[strings.ToLower(filepath.Ext(name))]; ok {
		return fmt.Sprintf("%s is not %s X accepts: %s — convert it to %s", name, k.what, k.name, k.to)
	}
	return fmt.Sprintf("%s is not a picture or a video X takes: choose a JPEG, PNG, WEBP or GIF image, or an MP4, MOV or WebM video", name)
}
