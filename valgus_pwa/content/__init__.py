"""Plain-language texts for results, chosen by rules from the findings."""

from valgus_pwa.content.result_texts import (
    MEANING_PARAGRAPH,
    category_phrase,
    confidence_phrase,
    direction_word,
)

__all__ = ["MEANING_PARAGRAPH", "category_phrase", "confidence_phrase", "direction_word"]
