"""One router per resource of the API; app.py includes them."""
