"""The build step that lets pages paint before their scripts arrive."""

from valgus_pwa.first_paint import scripts_after_first_paint

PAGE = (
    '<head><link rel="modulepreload" href="/assets/a.js"/>'
    '<link rel="stylesheet" href="/assets/s.css"/>'
    '<link rel="modulepreload" href="/assets/b.js"/></head>'
)


def test_every_module_preload_is_fetched_at_low_priority_and_nothing_else_changes():
    rewritten = scripts_after_first_paint(PAGE)
    assert rewritten.count('rel="modulepreload" fetchpriority="low" href=') == 2
    assert '<link rel="stylesheet" href="/assets/s.css"/>' in rewritten
    assert rewritten.replace(' fetchpriority="low"', "") == PAGE


def test_a_page_rewritten_twice_is_rewritten_once():
    once = scripts_after_first_paint(PAGE)
    assert scripts_after_first_paint(once) == once
