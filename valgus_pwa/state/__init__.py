"""Reflex state classes; they call the service layer in-process, never over HTTP."""
