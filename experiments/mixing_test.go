package experiments

import (
	"reflect"
	"strings"
	"testing"
)

// TestRecipeMixingKeys: a recipe sets mixup, cutmix, their probabilities
// and random erasing; an explicit 0 probability stays 0 (not the default);
// the formatted recipe reads back the same, and the example's comment lists
// the keys; a bad value is an error naming the key and its line.
func TestRecipeMixingKeys(t *testing.T) {
	text := `kind = "single"
name = "mix"
[run]
mixup = 0.8
cutmix = 1.0
mixup_prob = 0.0
mixup_switch_prob = 0.3
random_erasing = 0.25
label_smoothing = 0.1
`
	r, err := ParseRecipe("mix.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	c := r.Run
	if c.Mixup != 0.8 || c.Cutmix != 1 || c.MixupProb == nil || *c.MixupProb != 0 ||
		c.MixupSwitchProb == nil || *c.MixupSwitchProb != 0.3 || c.RandomErasing != 0.25 || c.LabelSmoothing != 0.1 {
		t.Fatalf("parsed %+v", c)
	}
	if _, err := r.Plan(); err != nil {
		t.Fatal(err)
	}
	out, err := FormatRecipe(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseRecipe("mix.toml", []byte(out))
	if err != nil {
		t.Fatalf("formatted recipe does not parse: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(back.Run, r.Run) {
		t.Errorf("round trip\n got %+v\nwant %+v\n%s", back.Run, r.Run, out)
	}

	example, err := ExampleRecipe(KindSingle)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"mixup", "cutmix", "mixup_prob", "mixup_switch_prob", "random_erasing"} {
		if !strings.Contains(example, " "+key+",") && !strings.Contains(example, " "+key+".") {
			t.Errorf("the example's key list lacks %s:\n%s", key, example)
		}
	}

	bad := strings.Replace(text, "random_erasing = 0.25", "random_erasing = 1.5", 1)
	if _, err := ParseRecipe("mix.toml", []byte(bad)); err == nil || !strings.Contains(err.Error(), "mix.toml:8: run.random_erasing: must be in [0, 1]") {
		t.Errorf("random_erasing 1.5: %v, want an error naming its line and key", err)
	}
	bad = strings.Replace(text, "mixup = 0.8", "mixup = -1.0", 1)
	if _, err := ParseRecipe("mix.toml", []byte(bad)); err == nil || !strings.Contains(err.Error(), "mixup") {
		t.Errorf("mixup -1: %v, want an error naming it", err)
	}
}
