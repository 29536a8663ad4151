package vit

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/adaptformer/adaptformer/vit/safetensors"
)

// MetaConfig is the checkpoint metadata key under which Save records the
// model's Config as JSON.
const MetaConfig = "vit.config"

// Save writes every parameter, under its timm name, to a safetensors file
// at path, atomically. meta is stored as the file's metadata, with the
// model's config added under MetaConfig.
func (m *Model) Save(path string, meta map[string]string) error {
	cfg, err := json.Marshal(m.cfg)
	if err != nil {
		return fmt.Errorf("vit: save %s: %w", path, err)
	}
	all := maps.Clone(meta)
	if all == nil {
		all = map[string]string{}
	}
	all[MetaConfig] = string(cfg)
	tensors := make([]safetensors.Tensor, len(m.params))
	for i, p := range m.params {
		tensors[i] = safetensors.F32(p.Name, p.Shape(), p.value)
	}
	if err := safetensors.WriteFile(path, tensors, all); err != nil {
		return fmt.Errorf("vit: save: %w", err)
	}
	return nil
}

// ConfigFromMetadata decodes the Config a checkpoint's metadata records
// (see MetaConfig); ok is false when it records none.
func ConfigFromMetadata(meta map[string]string) (cfg Config, ok bool, err error) {
	s, ok := meta[MetaConfig]
	if !ok {
		return Config{}, false, nil
	}
	if err := json.Unmarshal([]byte(s), &cfg); err != nil {
		return Config{}, true, fmt.Errorf("vit: checkpoint metadata %s: %w", MetaConfig, err)
	}
	return cfg, true, nil
}

// LoadReport says what Load did with each tensor, by name.
type LoadReport struct {
	Loaded       []string // copied into the model (including interpolated ones)
	Skipped      []string // present but of another shape (see reinitOnMismatch): re-initialised
	Missing      []string // model parameters absent from the file: left as they were
	Unexpected   []string // file tensors the model has no parameter for
	Interpolated []string // resampled to the model's shape (pos_embed over the patch grid)

	reasons map[string]string // why each skipped or interpolated tensor was
	prefix  string            // the name prefix stripped from the file's tensors
}

// Load copies parameters by name from the safetensors checkpoint at path
// (one written by Save, or a timm ViT checkpoint). A pos_embed for another
// patch grid is interpolated bilinearly; a head, adapter or patch
// embedding of another shape is skipped and re-initialised (a 100-class
// head loaded into a 10-class model, adapters of another bottleneck); any
// other tensor of another shape, or of a dtype that is not a float, fails
// the load (a checkpoint of another model); parameters the file lacks
// (e.g. adapters, loading a plain timm ViT) keep their values. The file is
// validated completely before the model changes, so on error the model is
// untouched. Gradients are zeroed.
func (m *Model) Load(path string) (LoadReport, error) {
	f, err := safetensors.ReadFile(path)
	if err != nil {
		return LoadReport{}, fmt.Errorf("vit: load: %w", err)
	}
	rep, err := m.LoadFile(f)
	if err != nil {
		return rep, fmt.Errorf("vit: load %s: %w", path, err)
	}
	return rep, nil
}

// LoadFile is Load for a file already read.
func (m *Model) LoadFile(f *safetensors.File) (LoadReport, error) {
	rep := LoadReport{reasons: map[string]string{}}
	byName := make(map[string]safetensors.Tensor, len(f.Tensors))
	for _, t := range f.Tensors {
		byName[t.Name] = t
	}
	// Checkpoints saved from wrapped models carry a prefix on every name.
	if !m.anyNamed(byName, "") {
		for _, prefix := range []string{"module.", "model.", "param/", "state_dict."} {
			if m.anyNamed(byName, prefix) {
				rep.prefix = prefix
				break
			}
		}
	}
	type update struct {
		p    *Param
		data []float32
	}
	var updates []update
	var reinit []*Param
	var mismatched []string
	used := map[string]bool{}
	for _, p := range m.params {
		t, ok := byName[rep.prefix+p.Name]
		if !ok {
			rep.Missing = append(rep.Missing, p.Name)
			continue
		}
		used[t.Name] = true
		want := p.Shape()
		if t.DType != "F32" && t.DType != "F16" && t.DType != "BF16" && t.DType != "F64" {
			return LoadReport{}, fmt.Errorf("tensor %q has dtype %s, expected F32, F16, BF16 or F64", t.Name, t.DType)
		}
		data, err := t.Float32()
		if err != nil {
			return LoadReport{}, err
		}
		if i := slices.IndexFunc(data, func(v float32) bool { return math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) }); i >= 0 {
			return LoadReport{}, fmt.Errorf("tensor %q holds %v at index %d (a diverged or corrupt checkpoint)", t.Name, data[i], i)
		}
		switch {
		case slices.Equal(t.Shape, want):
			updates = append(updates, update{p, data})
			rep.Loaded = append(rep.Loaded, p.Name)
		case p == m.pos:
			if out, ok := m.resamplePosEmbed(data, t.Shape); ok {
				updates = append(updates, update{p, out})
				rep.Loaded = append(rep.Loaded, p.Name)
				rep.Interpolated = append(rep.Interpolated, p.Name)
				g0 := int(math.Round(math.Sqrt(float64(t.Shape[1] - 1))))
				rep.reasons[p.Name] = fmt.Sprintf("%dx%d -> %dx%d patch grid", g0, g0, m.cfg.Grid(), m.cfg.Grid())
				continue
			}
			fallthrough
		case m.reinitOnMismatch(p):
			rep.Skipped = append(rep.Skipped, p.Name)
			rep.reasons[p.Name] = fmt.Sprintf("checkpoint %v, model %v", t.Shape, want)
			reinit = append(reinit, p)
		default:
			mismatched = append(mismatched, fmt.Sprintf("%s is %v in the file, %v in the model", p.Name, t.Shape, want))
		}
	}
	if len(mismatched) > 0 {
		if len(mismatched) > 3 {
			mismatched = append(mismatched[:3], fmt.Sprintf("and %d more", len(mismatched)-3))
		}
		return LoadReport{}, fmt.Errorf("a checkpoint of another model: %s (only the head, the adapters, the patch embedding's weight and pos_embed may differ)",
			strings.Join(mismatched, "; "))
	}
	for _, t := range f.Tensors {
		if !used[t.Name] {
			rep.Unexpected = append(rep.Unexpected, t.Name)
		}
	}
	if len(rep.Loaded) == 0 {
		return rep, fmt.Errorf("no tensor matches a model parameter (%d skipped, %d unexpected): not a checkpoint of this model?", len(rep.Skipped), len(rep.Unexpected))
	}
	for _, u := range updates {
		copy(u.p.value, u.data)
	}
	for _, p := range reinit {
		p.init.apply(p.value, m.seed, p.Name)
	}
	m.ZeroGrad()
	m.last.valid = false
	return rep, nil
}

// reinitOnMismatch reports whether a parameter whose shape differs from the
// file's is re-initialised rather than failing the load: what a transfer
// legitimately changes (the head for another class count, the adapters for
// another bottleneck, the patch embedding for another patch size and
// pos_embed when it cannot be resampled). Any other tensor of another shape
// means a checkpoint of another model.
func (m *Model) reinitOnMismatch(p *Param) bool {
	return p == m.headW || p == m.headB || p == m.pos || p == m.patchW || strings.Contains(p.Name, ".adaptmlp.")
}

// anyNamed reports whether some model parameter appears in the file under
// prefix+name.
func (m *Model) anyNamed(byName map[string]safetensors.Tensor, prefix string) bool {
	for _, p := range m.params {
		if _, ok := byName[prefix+p.Name]; ok {
			return true
		}
	}
	return false
}

// resamplePosEmbed resizes a [1, 1+g0*g0, D] position embedding to the
// model's grid: the class token's row is kept and the patch rows are
// interpolated bilinearly (align_corners=False, as torch's F.interpolate).
func (m *Model) resamplePosEmbed(src []float32, shape []int) ([]float32, bool) {
	D, G := m.cfg.Dim, m.cfg.Grid()
	if len(shape) != 3 || shape[0] != 1 || shape[2] != D || shape[1] < 2 {
		return nil, false
	}
	g0 := int(math.Round(math.Sqrt(float64(shape[1] - 1))))
	if g0*g0 != shape[1]-1 {
		return nil, false
	}
	out := make([]float32, (1+G*G)*D)
	copy(out[:D], src[:D])
	grid := src[D:]
	coord := func(i int) (lo, hi int, w float32) {
		s := (float64(i)+0.5)*float64(g0)/float64(G) - 0.5
		if s < 0 {
			s = 0
		}
		lo = int(s)
		if lo > g0-1 {
			lo = g0 - 1
		}
		hi = min(lo+1, g0-1)
		return lo, hi, float32(s - float64(lo))
	}
	for y := 0; y < G; y++ {
		y0, y1, wy := coord(y)
		for x := 0; x < G; x++ {
			x0, x1, wx := coord(x)
			dst := out[(1+y*G+x)*D : (2+y*G+x)*D]
			a, b := grid[(y0*g0+x0)*D:], grid[(y0*g0+x1)*D:]
			c, d := grid[(y1*g0+x0)*D:], grid[(y1*g0+x1)*D:]
			for j := range dst {
				top := a[j]*(1-wx) + b[j]*wx
				bot := c[j]*(1-wx) + d[j]*wx
				dst[j] = top*(1-wy) + bot*wy
			}
		}
	}
	return out, true
}

// String summarises the report for people.
func (r LoadReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "loaded %d tensors", len(r.Loaded))
	if r.prefix != "" {
		fmt.Fprintf(&b, " (names prefixed %q)", r.prefix)
	}
	list := func(names []string) string {
		const show = 6
		parts := make([]string, 0, show+1)
		for i, n := range names {
			if i == show {
				parts = append(parts, fmt.Sprintf("and %d more", len(names)-show))
				break
			}
			if why := r.reasons[n]; why != "" {
				n += " (" + why + ")"
			}
			parts = append(parts, n)
		}
		return strings.Join(parts, ", ")
	}
	if len(r.Interpolated) > 0 {
		fmt.Fprintf(&b, "; interpolated %s", list(r.Interpolated))
	}
	if len(r.Skipped) > 0 {
		fmt.Fprintf(&b, "; skipped %d, re-initialised: %s", len(r.Skipped), list(r.Skipped))
	}
	if len(r.Missing) > 0 {
		fmt.Fprintf(&b, "; missing %d, kept: %s", len(r.Missing), list(r.Missing))
	}
	if len(r.Unexpected) > 0 {
		fmt.Fprintf(&b, "; unexpected %d, ignored: %s", len(r.Unexpected), list(r.Unexpected))
	}
	return b.String()
}
