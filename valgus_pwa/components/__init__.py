"""Small Reflex component functions shared by the pages."""
