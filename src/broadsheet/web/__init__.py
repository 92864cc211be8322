"""Site chrome shared by every app: base templates, CSS and JS, error pages, security headers."""
