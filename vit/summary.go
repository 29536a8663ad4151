package vit

import (
	"fmt"
	"strconv"
	"strings"
)

// Summary is the per-layer parameter table of a model.
type Summary struct {
	Rows         []SummaryRow
	Total        int     // parameters
	Trainable    int     // trainable parameters
	TrainablePct float64 // 100 * Trainable / Total
	TrainableMiB float64 // float32 size of the trainable parameters
	TotalMiB     float64 // float32 size of all parameters
}

// SummaryRow is one module: its name, type, output shape for one image, and
// parameter counts.
type SummaryRow struct {
	Name, Type string
	OutShape   []int
	Params     int
	Trainable  int
}

// moduleOf maps a parameter name to its module's name and type, e.g.
// "blocks.3.adaptmlp.up_proj.weight" -> ("blocks.3.adaptmlp", "Adapter").
func moduleOf(param string) (name, typ string) {
	parts := strings.Split(param, ".")
	if parts[0] == "blocks" && len(parts) >= 3 {
		name = strings.Join(parts[:3], ".")
		switch parts[2] {
		case "norm1", "norm2":
			return name, "LayerNorm"
		case "attn":
			return name, "Attention"
		case "mlp":
			return name, "Mlp"
		case "adaptmlp":
			return name, "Adapter"
		}
		return name, "Module"
	}
	switch parts[0] {
	case "patch_embed":
		return "patch_embed", "PatchEmbed"
	case "cls_token", "pos_embed":
		return parts[0], "Parameter"
	case "norm":
		return "norm", "LayerNorm"
	case "head":
		return "head", "Linear"
	}
	return parts[0], "Module"
}

// bytesPerMiB converts float32 parameter counts to MiB.
const bytesPerMiB = 1 << 20

// Summary tabulates the model's modules in order with their parameter counts
// under the current freeze settings.
func (m *Model) Summary() Summary {
	c := m.cfg
	T, D, G := c.Tokens(), c.Dim, c.Grid()
	var s Summary
	index := map[string]int{}
	for _, p := range m.params {
		name, typ := moduleOf(p.Name)
		i, ok := index[name]
		if !ok {
			out := []int{T, D}
			switch name {
			case "patch_embed":
				out = []int{G * G, D}
			case "cls_token":
				out = []int{1, D}
			case "head":
				out = []int{c.NumClasses}
			}
			i = len(s.Rows)
			index[name] = i
			s.Rows = append(s.Rows, SummaryRow{Name: name, Type: typ, OutShape: out})
		}
		n := p.Size()
		s.Rows[i].Params += n
		s.Total += n
		if p.Trainable {
			s.Rows[i].Trainable += n
			s.Trainable += n
		}
	}
	if s.Total > 0 {
		s.TrainablePct = 100 * float64(s.Trainable) / float64(s.Total)
	}
	s.TrainableMiB = float64(4*s.Trainable) / bytesPerMiB
	s.TotalMiB = float64(4*s.Total) / bytesPerMiB
	return s
}

// String prints the table and its totals.
func (s Summary) String() string {
	header := []string{"Layer", "Type", "Output shape", "Params", "Trainable"}
	rows := make([][]string, 0, len(s.Rows))
	for _, r := range s.Rows {
		shape := make([]string, len(r.OutShape))
		for i, d := range r.OutShape {
			shape[i] = strconv.Itoa(d)
		}
		rows = append(rows, []string{r.Name, r.Type, "[" + strings.Join(shape, ", ") + "]", commas(r.Params), commas(r.Trainable)})
	}
	width := make([]int, len(header))
	for i, h := range header {
		width[i] = len(h)
	}
	for _, r := range rows {
		for i, cell := range r {
			width[i] = max(width[i], len(cell))
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		for i, cell := range cells {
			if i > 0 {
				b.WriteString("  ")
			}
			if i >= 3 { // numbers align right
				fmt.Fprintf(&b, "%*s", width[i], cell)
			} else if i == len(cells)-1 {
				b.WriteString(cell)
			} else {
				fmt.Fprintf(&b, "%-*s", width[i], cell)
			}
		}
		b.WriteByte('\n')
	}
	line(header)
	total := 0
	for _, w := range width {
		total += w + 2
	}
	b.WriteString(strings.Repeat("-", total-2) + "\n")
	for _, r := range rows {
		line(r)
	}
	b.WriteString(strings.Repeat("-", total-2) + "\n")
	fmt.Fprintf(&b, "Total params:      %s (%.2f MiB)\n", commas(s.Total), s.TotalMiB)
	fmt.Fprintf(&b, "Trainable params:  %s (%.2f%%, %.2f MiB)\n", commas(s.Trainable), s.TrainablePct, s.TrainableMiB)
	fmt.Fprintf(&b, "Frozen params:     %s\n", commas(s.Total-s.Trainable))
	return b.String()
}

// commas formats n with thousands separators: 86394736 -> "86,394,736".
func commas(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
