package draft

import (
	"fmt"
	"path/filepath"
)

// AltPolicy is what publishing does with an image that has no alt text:
// the alt_text setting of config.json.
type AltPolicy string

// The alt-text policies. Ask is the default: the composer asks once
// before it publishes an image without alt text, and the command line
// publishes it. Require refuses such a draft everywhere, saying how to
// add the text; Off says nothing.
const (
	AltAsk     AltPolicy = "ask"
	AltRequire AltPolicy = "require"
	AltOff     AltPolicy = "off"
)

// ParseAltPolicy reads the alt_text setting; "" is AltAsk.
func ParseAltPolicy(s string) (AltPolicy, error) {
	switch p := AltPolicy(s); p {
	case "":
		return AltAsk, nil
	case AltAsk, AltRequire, AltOff:
		return p, nil
	}
	return "", fmt.Errorf("alt_text %q must be ask (ask once before publishing an image without alt text), require (refuse to) or off", s)
}

// MissingAlt is an image or GIF attached without alt text.
type MissingAlt struct {
	Post, Media int // indexes in the draft
	Path        string
}

// Name is the file's name, for messages.
func (m MissingAlt) Name() string { return filepath.Base(m.Path) }

// MissingAlt lists the images and GIFs of the posts not yet published
// that have no alt text, in order. Videos are left out: what X shows of
// a video's description is up to the player.
func (d *Draft) MissingAlt() []MissingAlt {
	var out []MissingAlt
	for i, p := range d.Posts {
		if _, posted := d.Posted(i); posted {
			continue
		}
		for k, m := range p.Media {
			if m.Kind != KindVideo && isBlank(m.Alt) {
				out = append(out, MissingAlt{Post: i, Media: k, Path: m.Path})
			}
		}
	}
	return out
}

func isBlank(s string) bool {
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			return false
		}
	}
	return true
}
