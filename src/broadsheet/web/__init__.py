"""The site assembled on top of the apps: chrome context, demo loading, error pages, health
check, language switch, security headers and the translation compiler."""
