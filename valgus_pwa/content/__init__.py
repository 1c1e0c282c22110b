"""Plain-language and clinical texts for results, with their references, chosen by rules."""
