package pretrained

import (
	"strings"
	"testing"
	"testing/fstest"
)

func card(name, summary, sum string) string {
	c := "# " + name + "\n\n" + summary + "\n\n## Data\n\nTiny-ImageNet.\n"
	if sum != "" {
		c += "\nSHA-256: `" + sum + "`\n"
	}
	return c
}

func TestRegistry(t *testing.T) {
	weights := []byte("not parsed by the registry")
	fsys := fstest.MapFS{
		"README.md":            {Data: []byte("# Shipped models\n")},
		"tiny-tin.safetensors": {Data: weights},
		"tiny-tin.md":          {Data: []byte(card("tiny-tin", "tiny on Tiny-ImageNet-32, 12 epochs", Sum(weights)))},
		"bare.safetensors":     {Data: []byte("x")},
		"bad.safetensors":      {Data: []byte("changed after the card")},
		"bad.md":               {Data: []byte(card("bad", "a stale card", Sum([]byte("the old weights"))))},
		"notes.txt":            {Data: []byte("ignored")},
		"dir.safetensors/x":    {Data: []byte("a folder, ignored")},
	}
	r := New(fsys)
	models, err := r.List()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.Names(), ","); got != "bad,bare,tiny-tin" {
		t.Fatalf("names %q, want bad,bare,tiny-tin", got)
	}
	if m := models[2]; m.Summary != "tiny on Tiny-ImageNet-32, 12 epochs" || m.SHA256 != Sum(weights) || m.Size != int64(len(weights)) {
		t.Errorf("tiny-tin: %+v", m)
	}

	tests := []struct {
		name    string
		found   bool
		readErr string // "" for a good read
	}{
		{"tiny-tin", true, ""},
		{"bare", true, ""}, // no card, nothing to check against
		{"bad", true, "the model card records"},
		{"missing", false, ""},
		{"README", false, ""},
		{"notes", false, ""},
		{"./tiny-tin", false, ""},
		{"x/tiny-tin", false, ""},
		{"../tiny-tin", false, ""},
		{"tiny-tin.safetensors", false, ""},
		{"", false, ""},
	}
	for _, tc := range tests {
		m, ok, err := r.Lookup(tc.name)
		if err != nil {
			t.Fatalf("Lookup(%q): %v", tc.name, err)
		}
		if ok != tc.found {
			t.Errorf("Lookup(%q) found %v, want %v", tc.name, ok, tc.found)
			continue
		}
		if !ok {
			continue
		}
		b, err := m.Read()
		switch {
		case tc.readErr == "" && err != nil:
			t.Errorf("Read %s: %v", tc.name, err)
		case tc.readErr != "" && (err == nil || !strings.Contains(err.Error(), tc.readErr)):
			t.Errorf("Read %s: error %v, want one containing %q", tc.name, err, tc.readErr)
		case tc.readErr == "" && string(b) != string(fsys[tc.name+WeightsExt].Data):
			t.Errorf("Read %s: other bytes", tc.name)
		}
	}
}

func TestParseCard(t *testing.T) {
	sum := strings.Repeat("ab", 32)
	tests := []struct {
		card, summary, sum string
	}{
		{card("m", "one line", sum), "one line", sum},
		{"# m\n\n\n  the summary  \nmore\n", "the summary", ""},
		{"no title first\n", "no title first", ""},
		{"# m\n## h\n", "", ""},
		{"# m\n\nsum\n\n| SHA-256 | " + strings.ToUpper(sum) + " |\n", "sum", sum},
		{"# m\n\nsum\nsha256 " + sum[:60] + "\n", "sum", ""}, // too short
		{"", "", ""},
	}
	for _, tc := range tests {
		s, h := ParseCard(tc.card)
		if s != tc.summary || h != tc.sum {
			t.Errorf("ParseCard(%q) = %q, %q; want %q, %q", tc.card, s, h, tc.summary, tc.sum)
		}
	}
}

// TestShippedModels checks what the binary carries: every shipped weights
// file has a card with a summary and the SHA-256 of exactly these bytes.
// With no weights committed the folder still embeds (its README) and the
// registry is empty.
func TestShippedModels(t *testing.T) {
	r := Shipped()
	models, err := r.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range models {
		if m.Card == "" || m.Summary == "" {
			t.Errorf("%s: no model card %s%s with a summary line", m.Name, m.Name, CardExt)
		}
		if m.SHA256 == "" {
			t.Errorf("%s: the card records no SHA-256", m.Name)
		}
		if _, err := m.Read(); err != nil {
			t.Error(err)
		}
	}
	if _, ok, _ := r.Lookup("README"); ok {
		t.Error("the folder's README counts as a model")
	}
}

func FuzzParseCard(f *testing.F) {
	f.Add(card("tiny-tin", "summary", strings.Repeat("0f", 32)))
	f.Add("# x\n\nSHA-256\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, c string) {
		summary, sum := ParseCard(c)
		if strings.Contains(summary, "\n") || strings.HasPrefix(summary, "#") {
			t.Errorf("summary %q", summary)
		}
		if sum != "" && (len(sum) != 64 || strings.ToLower(sum) != sum) {
			t.Errorf("sum %q", sum)
		}
	})
}
