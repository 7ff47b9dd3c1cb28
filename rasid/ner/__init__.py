"""Named-entity recognition: CoNLL data and scoring, token features, the shipped tagger."""
