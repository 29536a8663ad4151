// Package pretrained holds the model weights shipped in the repository and
// resolves their short names: `--init-from tiny-tin` loads
// models/tiny-tin.safetensors, which the binary carries (go:embed), so it
// works offline and from any directory.
//
// A shipped model is a pair of files in models/: NAME.safetensors (weights
// only, under timm names, with the model's config in the metadata) and
// NAME.md, its model card. The card's first line is "# NAME", its first
// other non-empty line is the one-line summary listings show, and a line
// that names "SHA-256" followed by 64 hex digits records the weights'
// checksum, which Read verifies. The folder always holds its README.md, so
// the package builds with no weights in it; then nothing is shipped.
package pretrained

import (
	"bufio"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// WeightsExt and CardExt are the extensions of a shipped model's files.
const (
	WeightsExt = ".safetensors"
	CardExt    = ".md"
)

// The whole folder, so that the pattern matches (README.md) when no
// weights are shipped.
//
//go:embed models
var shipped embed.FS

// Registry finds shipped models in a file system: the embedded models/
// folder (Shipped), or another one in tests.
type Registry struct {
	fsys fs.FS
}

// Shipped is the registry of the models the binary carries.
func Shipped() Registry {
	sub, err := fs.Sub(shipped, "models")
	if err != nil { // fs.Sub fails only for an invalid name
		panic(err)
	}
	return Registry{sub}
}

// New is a registry of the models at the root of fsys (NAME.safetensors
// and NAME.md pairs).
func New(fsys fs.FS) Registry { return Registry{fsys} }

// Model is one shipped model.
type Model struct {
	Name    string // the short name, NAME of NAME.safetensors
	Summary string // the card's one-line summary ("" without a card)
	Card    string // the model card (Markdown; "" when there is none)
	// SHA256 is the checksum the card records, in hex ("" when it records
	// none).
	SHA256 string
	Size   int64 // bytes of the weights file

	fsys fs.FS
}

// List returns the shipped models in name order: one per NAME.safetensors
// at the registry's root.
func (r Registry) List() ([]Model, error) {
	entries, err := fs.ReadDir(r.fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("shipped models: %w", err)
	}
	var models []Model
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), WeightsExt)
		if !ok || e.IsDir() || !ValidName(name) {
			continue
		}
		m, err := r.model(name)
		if err != nil {
			return nil, err
		}
		models = append(models, m)
	}
	slices.SortFunc(models, func(a, b Model) int { return strings.Compare(a.Name, b.Name) })
	return models, nil
}

// Names lists the shipped models' names, in order.
func (r Registry) Names() []string {
	models, _ := r.List()
	names := make([]string, len(models))
	for i, m := range models {
		names[i] = m.Name
	}
	return names
}

// Lookup returns the shipped model called name; ok is false when there is
// none (or name is not a short name at all, such as a path).
func (r Registry) Lookup(name string) (m Model, ok bool, err error) {
	if !ValidName(name) {
		return Model{}, false, nil
	}
	if _, err := fs.Stat(r.fsys, name+WeightsExt); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return Model{}, false, nil
		}
		return Model{}, false, fmt.Errorf("shipped model %s: %w", name, err)
	}
	m, err = r.model(name)
	if err != nil {
		return Model{}, false, err
	}
	return m, true, nil
}

// model reads the card and the size of the weights of the model name.
func (r Registry) model(name string) (Model, error) {
	m := Model{Name: name, fsys: r.fsys}
	st, err := fs.Stat(r.fsys, name+WeightsExt)
	if err != nil {
		return Model{}, fmt.Errorf("shipped model %s: %w", name, err)
	}
	m.Size = st.Size()
	card, err := fs.ReadFile(r.fsys, name+CardExt)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return m, nil
	case err != nil:
		return Model{}, fmt.Errorf("shipped model %s: card: %w", name, err)
	}
	m.Card = string(card)
	m.Summary, m.SHA256 = ParseCard(m.Card)
	return m, nil
}

// Read returns the model's weights file, checked against the SHA-256 its
// card records.
func (m Model) Read() ([]byte, error) {
	b, err := fs.ReadFile(m.fsys, m.Name+WeightsExt)
	if err != nil {
		return nil, fmt.Errorf("shipped model %s: %w", m.Name, err)
	}
	if m.SHA256 != "" {
		if got := Sum(b); got != m.SHA256 {
			return nil, fmt.Errorf("shipped model %s: weights have SHA-256 %s, the model card records %s", m.Name, got, m.SHA256)
		}
	}
	return b, nil
}

// Sum is the SHA-256 of b in hex.
func Sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// ValidName reports whether s can be a shipped model's name: letters,
// digits, '.', '-' and '_', not starting with '.' (so no path is one).
func ValidName(s string) bool {
	return s != "" && s[0] != '.' && path.Base(s) == s && nameRE.MatchString(s)
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

var shaRE = regexp.MustCompile(`(?i)sha-?256\b[^0-9a-f]*([0-9a-f]{64})\b`)

// ParseCard returns a model card's one-line summary (its first non-empty
// line that is not a heading) and the SHA-256 it records (the 64 hex digits
// after the first "SHA-256", lower-cased; "" when there is none).
func ParseCard(card string) (summary, sum string) {
	sc := bufio.NewScanner(strings.NewReader(card))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if summary == "" && line != "" && !strings.HasPrefix(line, "#") {
			summary = line
		}
		if sum == "" {
			if m := shaRE.FindStringSubmatch(line); m != nil {
				sum = strings.ToLower(m[1])
			}
		}
	}
	return summary, sum
}
