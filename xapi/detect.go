package xapi

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/xapi/rules"
)

// X's size caps, alt-text length and images per post; package rules
// holds the one table.
const (
	MaxImageBytes    = rules.MaxImageBytes
	MaxGIFBytes      = rules.MaxGIFBytes
	MaxVideoBytes    = rules.MaxVideoBytes
	MaxAltText       = rules.MaxAltText
	MaxImagesPerPost = rules.MaxImages
)

// MediaKind is the kind of a media file, which decides its category, its
// size cap and how many a post may carry.
type MediaKind int

// The media kinds.
const (
	MediaImage MediaKind = iota + 1
	MediaGIF
	MediaVideo
)

// String names the kind as messages to the user do.
func (k MediaKind) String() string {
	switch k {
	case MediaImage:
		return "image"
	case MediaGIF:
		return "GIF"
	case MediaVideo:
		return "video"
	default:
		return "unknown"
	}
}

// MediaFile is a media file checked by [DetectMedia].
type MediaFile struct {
	Path string
	Size int64
	// Type is the MIME type found from the file's bytes.
	Type string
	// Category is X's media_category: tweet_image, tweet_gif or
	// tweet_video.
	Category string
	Kind     MediaKind
}

// Rule is the kind as package rules names it.
func (k MediaKind) Rule() rules.Kind {
	switch k {
	case MediaGIF:
		return rules.KindGIF
	case MediaVideo:
		return rules.KindVideo
	default:
		return rules.KindImage
	}
}

// MaxBytes is the size cap of the kind.
func (k MediaKind) MaxBytes() int64 {
	n, _ := k.Rule().MaxBytes()
	return n
}

// DetectMedia identifies a media file by its bytes (never by its name) and
// checks it against X's size caps. Supported: JPEG, PNG, WEBP and still GIF
// as images; animated GIF as a GIF; MP4, MOV and WebM as video.
//
// A GIF with a single frame is sent as an image (tweet_image, 5 MB cap), so
// it can be combined with up to three other images; a GIF with two or more
// frames is an animated GIF (tweet_gif, 15 MB cap, alone in its post).
func DetectMedia(path string) (*MediaFile, error) {
	// A named pipe or a device would block the open or never end: only a
	// regular file is opened, and that is checked before any open.
	f, err := fsx.OpenRegular(path)
	if nr, ok := errors.AsType[*fsx.NotRegularError](err); ok {
		return nil, fmt.Errorf("media %w", nr)
	}
	if err != nil {
		return nil, fmt.Errorf("media %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("media %s: %w", path, err)
	}
	head := make([]byte, 64)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("media %s: %w", path, err)
	}
	head = head[:n]
	m := &MediaFile{Path: path, Size: fi.Size()}
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		m.Type, m.Kind = "image/jpeg", MediaImage
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		m.Type, m.Kind = "image/png", MediaImage
	case bytes.HasPrefix(head, []byte("GIF87a")) || bytes.HasPrefix(head, []byte("GIF89a")):
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("media %s: %w", path, err)
		}
		frames, err := gifFrames(bufio.NewReaderSize(f, 32<<10), 2)
		if err != nil || frames == 0 {
			return nil, fmt.Errorf("media %s is a damaged GIF: re-export it", path)
		}
		m.Type, m.Kind = "image/gif", MediaImage
		if frames > 1 {
			m.Kind = MediaGIF
		}
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		m.Type, m.Kind = "image/webp", MediaImage
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		switch brand := string(head[8:12]); brand {
		case "qt  ":
			m.Type, m.Kind = "video/quicktime", MediaVideo
		case "avif", "avis":
			return nil, fmt.Errorf("media %s is not an image X accepts: AVIF — convert it to JPEG or PNG", path)
		case "heic", "heix", "hevc", "heim", "heis", "mif1", "msf1":
			return nil, fmt.Errorf("media %s is not an image X accepts: HEIC — convert it to JPEG or PNG", path)
		default:
			m.Type, m.Kind = "video/mp4", MediaVideo
		}
	case bytes.HasPrefix(head, []byte{0x1A, 0x45, 0xDF, 0xA3}):
		if !bytes.Contains(head, []byte("webm")) {
			return nil, fmt.Errorf("media %s is not a video X accepts: MKV (Matroska) — convert it to MP4", path)
		}
		m.Type, m.Kind = "video/webm", MediaVideo
	default:
		return nil, fmt.Errorf("%s is not a supported media file: attach a JPEG, PNG, GIF or WEBP image or an MP4, MOV or WebM video", filepath.Base(path))
	}
	switch m.Kind {
	case MediaImage:
		m.Category = "tweet_image"
	case MediaGIF:
		m.Category = "tweet_gif"
	case MediaVideo:
		m.Category = "tweet_video"
	}
	if m.Size == 0 {
		return nil, fmt.Errorf("media %s is empty", path)
	}
	if pr := rules.SizeProblem(filepath.Base(path), m.Kind.Rule(), m.Size); pr != nil {
		return nil, errors.New(pr.Message)
	}
	return m, nil
}

// gifFrames counts the image descriptors of a GIF, stopping at limit.
func gifFrames(r *bufio.Reader, limit int) (int, error) {
	hdr := make([]byte, 13)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return 0, err
	}
	if hdr[10]&0x80 != 0 {
		if _, err := r.Discard(3 << (int(hdr[10]&7) + 1)); err != nil {
			return 0, err
		}
	}
	frames := 0
	for frames < limit {
		b, err := r.ReadByte()
		if err != nil {
			return frames, err
		}
		switch b {
		case 0x21: // extension: label, then sub-blocks
			if _, err := r.ReadByte(); err != nil {
				return frames, err
			}
			if err := skipSubBlocks(r); err != nil {
				return frames, err
			}
		case 0x2C: // image descriptor
			frames++
			d := make([]byte, 9)
			if _, err := io.ReadFull(r, d); err != nil {
				return frames, err
			}
			if d[8]&0x80 != 0 {
				if _, err := r.Discard(3 << (int(d[8]&7) + 1)); err != nil {
					return frames, err
				}
			}
			if _, err := r.ReadByte(); err != nil { // LZW minimum code size
				return frames, err
			}
			if err := skipSubBlocks(r); err != nil {
				return frames, err
			}
		case 0x3B: // trailer
			return frames, nil
		default:
			return frames, fmt.Errorf("bad GIF block 0x%02x", b)
		}
	}
	return frames, nil
}

func skipSubBlocks(r *bufio.Reader) error {
	for {
		n, err := r.ReadByte()
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		if _, err := r.Discard(int(n)); err != nil {
			return err
		}
	}
}
