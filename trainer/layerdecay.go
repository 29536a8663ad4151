package trainer

import "math"

// LayerDecayScale is the factor on the learning rate of a parameter at the
// given layer of a model with depth blocks, under layer-wise learning-rate
// decay (BEiT, MAE, timm's param_groups_layer_decay): decay^(depth+1 -
// layer), where layer is vit.Param.Layer (0 for the embeddings, i+1 for
// blocks.i, depth+1 for the final norm and the head). The head so keeps
// the full rate and each block below it trains decay times slower than the
// one above. An adapter inside blocks.i gets that block's factor. A decay
// of 0 or 1 is off: every factor is 1.
func LayerDecayScale(layer, depth int, decay float64) float64 {
	if decay == 0 || decay == 1 {
		return 1
	}
	return math.Pow(decay, float64(depth+1-layer))
}
