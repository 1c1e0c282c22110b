"""One module a page; each exposes a function returning the page component."""
